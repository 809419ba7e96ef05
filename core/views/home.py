"""Role-aware home page: what concerns me now (notices, deadlines, documents), and for staff the
state of their scope's deadlines with links to the back-office pages that exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import select_template
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.documents.permissions import can_issue_role_attestations
from core.documents.selectors import documents_owned_by
from core.http import AuthenticatedHttpRequest
from core.models import Deadline, Notice, Role, User
from core.models.deadlines import OPEN_DEADLINE_STATES, DeadlineState
from core.permissions import active_assignments, deadlines_visible_to, has_role, is_staff_member

#: "Soon" on the home page: open deadlines due within this many days (display only, not a rule).
SOON_DAYS = 7
LATEST_NOTICES = 10
MY_DEADLINES = 10
MY_DOCUMENTS = 10

#: Web areas of the other apps (prefix, label); a link is shown when the prefix has a page.
APP_AREAS = (
    ("/inscriptions/", _("Inscriptions")),
    ("/formations/", _("Formations")),
    ("/examens/", _("Examens")),
    ("/notes/", _("Notes et jurys")),
    ("/assiduite/", _("Assiduité")),
    ("/stages/", _("Stages")),
    ("/admissions/", _("Admissions")),
    ("/discipline/", _("Discipline")),
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def optional_url(name: str, *args: object) -> str | None:
    """The URL of ``name`` if that page exists yet (apps are written in parallel)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def app_area_links() -> list[Link]:
    links = []
    for prefix, label in APP_AREAS:
        try:
            resolve(prefix)
        except Resolver404:
            continue
        links.append(Link(str(label), prefix))
    return links


def notice_subject(notice: Notice) -> str:
    """The notice's e-mail subject in its language (French fallback), else its kind code."""
    try:
        template = select_template(
            [f"notices/{notice.kind}/subject.{notice.language}.txt", f"notices/{notice.kind}/subject.fr.txt"]
        )
        text = template.render(dict(notice.context or {})).strip()
    except (TemplateDoesNotExist, TemplateSyntaxError):
        return notice.kind
    return " ".join(text.split()) or notice.kind


def my_open_deadlines(user: User) -> list[Deadline]:
    return list(
        Deadline.objects.filter(assignee_user=user, state__in=list(OPEN_DEADLINE_STATES))
        .select_related("component")
        .order_by("due_at", "id")[:MY_DEADLINES]
    )


def scope_deadline_counts(user: User) -> dict[str, int]:
    now = timezone.now()
    open_q = Q(state__in=list(OPEN_DEADLINE_STATES))
    late_q = Q(state=DeadlineState.LATE) | Q(state=DeadlineState.PENDING, due_at__lt=now)
    soon_q = Q(state=DeadlineState.PENDING, due_at__gte=now, due_at__lte=now + timedelta(days=SOON_DAYS))
    return deadlines_visible_to(user).aggregate(
        open=Count("id", filter=open_q), late=Count("id", filter=late_q), soon=Count("id", filter=soon_q)
    )


def staff_links(user: User) -> list[Link]:
    candidates = [
        (_("Tableau des échéances"), optional_url("deadline_dashboard")),
        (_("Profils réglementaires"), optional_url("profile_list")),
    ]
    if can_issue_role_attestations(user):
        candidates.append((_("Émettre une attestation de rôle"), optional_url("role_attestation_form")))
    if user.is_staff and (user.is_superuser or has_role(user, {Role.ADMINISTRATOR})):
        candidates.append((_("Administration"), optional_url("admin:index")))
    candidates.append((_("Sécuriser mon compte (double authentification)"), optional_url("mfa_index")))
    return [Link(str(label), url) for label, url in candidates if url]


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    staff = is_staff_member(user)
    notices = list(
        Notice.objects.filter(recipient=user).order_by("-created_at", "-id")[:LATEST_NOTICES]
    )
    roles = list(
        active_assignments(user).select_related("institution", "component").order_by("institution__name", "role")
    )
    context = {
        "staff": staff,
        "roles": roles,
        "notices": [(notice, notice_subject(notice)) for notice in notices],
        "my_deadlines": my_open_deadlines(user),
        "my_documents": list(documents_owned_by(user, limit=MY_DOCUMENTS)),
        "app_links": app_area_links(),
        "now": timezone.now(),
        "language": get_language(),
        "soon_days": SOON_DAYS,
    }
    if staff:
        context["counts"] = scope_deadline_counts(user)
        context["staff_links"] = staff_links(user)
        context["deadline_dashboard_url"] = optional_url("deadline_dashboard")
    return render(request, "core/home.html", context)
