"""Navigation context for base.html: which menu entries this person sees.

Entries pointing at pages written by other areas (deadline dashboard, profiles) appear once
their URL exists, so the shell renders whatever has been built so far.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core.models import Role
from core.models.users import STAFF_ROLES, TEACHING_ROLES
from core.permissions import active_assignments

#: Menu entries: (url name, label, audience, roles). Audiences: everyone, student, teacher, staff.
#: ``roles`` (dotted path to a frozenset, or None) narrows a staff entry to the roles its page serves, read
#: from the owning app's permissions module, so a link is never shown to someone the page would refuse.
#: Entries whose URL is not (yet) routed are skipped, so an app appears once it exists.
NAV_ENTRIES: tuple[tuple[str, Any, str, str | None], ...] = (
    ("home", _("Accueil"), "everyone", None),
    ("enrollment:portal", _("Mes inscriptions"), "student", None),
    ("exams:my_exams", _("Mes examens"), "student", None),
    ("juries:my_marks", _("Mes notes"), "student", None),
    ("juries:results:my_results", _("Mes résultats"), "student", None),
    ("enrollment:my_accommodations", _("Mes aménagements"), "student", None),
    ("courses:my_modules", _("Mes modules"), "teacher", None),
    ("juries:teacher_index", _("Saisie des notes"), "teacher", None),
    ("exams:my_invigilations", _("Mes surveillances"), "teacher", None),
    ("exams:reserve_list", _("Absences aux examens"), "teacher", None),
    ("document_list", _("Mes documents"), "everyone", None),
    ("my_notices", _("Mes notifications"), "everyone", None),
    ("courses:programme_list", _("Formations et M3C"), "staff", "courses.permissions.READ_ROLES"),
    ("enrollment:backoffice", _("Inscriptions"), "staff", "enrollment.permissions.READER_ROLES"),
    ("exams:session_list", _("Examens"), "staff", "exams.permissions.OFFICE_ROLES"),
    ("enrollment:accommodation_queue", _("Demandes d'aménagement"), "staff",
     "enrollment.permissions.ACCOMMODATION_OFFICE_ROLES"),
    ("deadline_dashboard", _("Échéances"), "staff", None),
    ("profile_list", _("Profils réglementaires"), "staff", None),
    ("closure_list", _("Calendrier et fermetures"), "staff", None),
    ("notice_admin_list", _("Notifications envoyées"), "staff", "core.notices.permissions.NOTICE_STAFF_ROLES"),
)


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _audiences(user: Any, roles: set[str]) -> tuple[set[str], bool, bool]:
    """(audiences, is staff member, is administrator) from the person's active roles."""
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


def _serves(user: Any, roles: set[str], required: str | None) -> bool:
    if required is None or user.is_superuser:
        return True
    return bool(roles & import_string(required))


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_staff_member": False, "is_administrator": False, "nav_items": []}
    roles = set(active_assignments(user).values_list("role", flat=True))  # the one query of the menu
    audiences, staff, administrator = _audiences(user, roles)
    candidates = [
        (name, label) for name, label, audience, required in NAV_ENTRIES
        if audience in audiences and _serves(user, roles, required)
    ]
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
