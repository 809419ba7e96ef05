from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from core.permissions import is_staff_member


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"is_staff_member": is_staff_member(user) if user is not None else False}
