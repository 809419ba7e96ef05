from __future__ import annotations

import mimetypes
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase

from core.errors import ApplicationError, NotFound


def not_found_as_404(view: Callable[..., Any]) -> Callable[..., Any]:
    """NotFound (missing or forbidden) becomes a plain 404 page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc

    return wrapper


def flash_error(request: HttpRequest, exc: ApplicationError, form: Any = None) -> None:
    """Show a service refusal: next to the fields when a form has them, and as a message."""
    if form is not None:
        for field, errors in exc.fields.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    messages.error(request, exc.message)


def uploaded_file_response(document: Any) -> FileResponse:
    """A file a student uploaded (``file`` + ``original_name``), downloaded under its original name."""
    content_type = mimetypes.guess_type(document.original_name)[0] or "application/octet-stream"
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                        content_type=content_type)
