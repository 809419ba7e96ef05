"""An object's history: the audit rows about it, newest first, with before/after per field.

``/historique/<app_label>.<model>/<id>/``; staff only (core.permissions.can_view_history), 404
for everyone else and for unknown objects, so the page never reveals what exists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from core.http import AuthenticatedHttpRequest
from core.models import AuditEvent
from core.permissions import can_view_history

PAGE_SIZE = 50


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str
    changed: bool


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)
    return str(value)


def field_changes(event: AuditEvent) -> list[FieldChange]:
    """Every key of before/after, in first-seen order, marked changed when the values differ."""
    before = event.before if isinstance(event.before, dict) else {"valeur": event.before}
    after = event.after if isinstance(event.after, dict) else {"valeur": event.after}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return [
        FieldChange(
            field=key,
            before=_show(before.get(key)) if key in before else "",
            after=_show(after.get(key)) if key in after else "",
            changed=before.get(key) != after.get(key),
        )
        for key in keys
    ]


@login_required
def object_history(request: AuthenticatedHttpRequest, label: str, pk: int) -> HttpResponse:
    if not can_view_history(request.user):
        raise Http404
    app_label, _dot, model = label.partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model.lower())
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    events = (
        AuditEvent.objects.filter(object_type=content_type, object_id=pk)
        .select_related("actor")
        .order_by("-at", "-id")
    )
    model_class = content_type.model_class()
    obj = model_class._default_manager.filter(pk=pk).first() if model_class is not None else None
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    if obj is None and not page.object_list:
        raise Http404
    rows = [(event, field_changes(event)) for event in page.object_list]
    object_label = str(obj) if obj is not None else (page.object_list[0].object_repr if page.object_list else "")
    return render(
        request,
        "core/history.html",
        {
            "content_type": content_type,
            "model_verbose_name": model_class._meta.verbose_name if model_class is not None else content_type.model,
            "object_label": object_label,
            "object_exists": obj is not None,
            "object_pk": pk,
            "page_obj": page,
            "rows": rows,
        },
    )
