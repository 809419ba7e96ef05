"""Navigation context for base.html: which menu entries this person sees.

Entries pointing at pages written by other areas (deadline dashboard, profiles) appear once
their URL exists, so the shell renders whatever has been built so far.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.models import Role
from core.permissions import has_role, is_staff_member


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_staff_member": False, "is_administrator": False, "nav_items": []}
    staff = is_staff_member(user)
    administrator = bool(user.is_superuser or has_role(user, {Role.ADMINISTRATOR}))
    candidates = [("home", _("Accueil")), ("document_list", _("Mes documents"))]
    if staff:
        candidates += [("deadline_dashboard", _("Échéances")), ("profile_list", _("Profils réglementaires"))]
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
