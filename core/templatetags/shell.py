"""Template helpers of the web shell."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model
from django.urls import reverse

from core.permissions import can_view_history

register = template.Library()


@register.simple_tag(takes_context=True)
def history_url(context: dict[str, Any], obj: Model | None) -> str:
    """The history page of ``obj`` if the current user may read it, else an empty string."""
    request = context.get("request")
    if obj is None or getattr(obj, "pk", None) is None or request is None:
        return ""
    if not can_view_history(getattr(request, "user", None)):
        return ""
    meta = obj._meta
    return reverse("object_history", args=[f"{meta.app_label}.{meta.model_name}", obj.pk])
