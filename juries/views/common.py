"""Helpers shared by the juries views: the page decorator, error display and typed requests
(behind ``page`` / the API's IsAuthenticated default, ``request.user`` is a signed-in User)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.request import Request

from core.http import AuthenticatedHttpRequest
from courses.views.common import page, show_error

if TYPE_CHECKING:
    from core.models import User


class AuthedApiRequest(Request):
    """A DRF request on an authenticated endpoint (typing only)."""

    user: User  # type: ignore[assignment]


__all__ = ["AuthedApiRequest", "AuthenticatedHttpRequest", "page", "show_error"]
