"""Navigation context for base.html: which menu entries this person sees.

Entries pointing at pages written by other areas (deadline dashboard, profiles) appear once
their URL exists, so the shell renders whatever has been built so far.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.models import Role
from core.models.users import STAFF_ROLES, TEACHING_ROLES
from core.permissions import active_assignments


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


#: Menu entries: (url name, label, audience). Audiences: everyone, student, teacher, staff.
#: Entries whose URL is not (yet) routed are skipped, so an app appears once it exists.
NAV_ENTRIES: tuple[tuple[str, Any, str], ...] = (
    ("home", _("Accueil"), "everyone"),
    ("enrollment:portal", _("Mes inscriptions"), "student"),
    ("exams:my_exams", _("Mes examens"), "student"),
    ("juries:my_marks", _("Mes notes"), "student"),
    ("juries:results:my_results", _("Mes résultats"), "student"),
    ("courses:my_modules", _("Mes modules"), "teacher"),
    ("juries:teacher_index", _("Saisie des notes"), "teacher"),
    ("document_list", _("Mes documents"), "everyone"),
    ("my_notices", _("Mes notifications"), "everyone"),
    ("courses:programme_list", _("Formations et M3C"), "staff"),
    ("enrollment:backoffice", _("Inscriptions"), "staff"),
    ("exams:session_list", _("Examens"), "staff"),
    ("juries:results:semester_list", _("Résultats"), "staff"),
    ("deadline_dashboard", _("Échéances"), "staff"),
    ("profile_list", _("Profils réglementaires"), "staff"),
    ("notice_admin_list", _("Notifications envoyées"), "staff"),
)


def _audiences(user: Any) -> tuple[set[str], bool, bool]:
    """(audiences, is staff member, is administrator) from ONE query on the person's active roles."""
    roles = set(active_assignments(user).values_list("role", flat=True))
    staff = bool(user.is_staff or user.is_superuser or roles & STAFF_ROLES)
    administrator = bool(user.is_superuser or Role.ADMINISTRATOR in roles)
    audiences = {"everyone"}
    if staff:
        audiences.add("staff")
    if roles & TEACHING_ROLES or user.is_superuser:
        audiences.add("teacher")
    if Role.STUDENT in roles or apps.get_model("enrollment", "Student").objects.filter(user=user).exists():
        audiences.add("student")
    return audiences, staff, administrator


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_staff_member": False, "is_administrator": False, "nav_items": []}
    audiences, staff, administrator = _audiences(user)
    candidates = [(name, label) for name, label, audience in NAV_ENTRIES if audience in audiences]
    if administrator and user.is_staff:
        candidates.append(("admin:index", _("Administration")))
    path = request.path
    items = []
    for name, label in candidates:
        url = _url(name)
        if url is None:
            continue
        current = path == url if url == "/" else path.startswith(url)
        items.append({"url": url, "label": label, "current": current})
    return {"is_staff_member": staff, "is_administrator": administrator, "nav_items": items}
