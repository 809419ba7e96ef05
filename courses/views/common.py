"""Helpers shared by the courses views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from core.errors import ApplicationError, NotFound
from core.models import User


def page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Login required; NotFound (missing or forbidden) becomes a plain 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc

    return wrapper


def show_error(request: HttpRequest, exc: ApplicationError, form: Any = None) -> None:
    """A service refusal: next to the fields when the form has them, and as a message citing the rule."""
    if form is not None:
        for field, errors in exc.fields.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    rule = f" [{exc.rule_id}]" if exc.rule_id else ""
    messages.error(request, f"{exc.message}{rule}")


class AuthedRequest(HttpRequest):
    """A request behind ``page`` (login required): ``user`` is a signed-in User."""

    user: User  # type: ignore[assignment]
