"""Helpers shared by the exams views."""

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
    """A service refusal: next to the fields the form has, and as a message citing the rule."""
    if form is not None and hasattr(form, "cleaned_data"):  # a bound, validated form
        for field, errors in exc.fields.items():
            if field in form.fields:
                for error in errors if isinstance(errors, list) else [errors]:
                    form.add_error(field, error)
    rule = f" [{exc.rule_id}]" if exc.rule_id else ""
    messages.error(request, f"{exc.message}{rule}")


class AuthedRequest(HttpRequest):
    user: User  # type: ignore[assignment]


def perform(request: HttpRequest, action: Callable[[], object], success: str, form: Any = None) -> bool:
    """Run one service call for a POST: its refusal shown (next to the form's fields, citing the rule)
    or ``success`` as a message. Returns whether the service accepted."""
    try:
        action()
    except ApplicationError as exc:
        show_error(request, exc, form)
        return False
    messages.success(request, success)
    return True
