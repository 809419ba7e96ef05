"""The audit trail: every service write records who did what to which object (STYLE 4).

``audit_record`` is called by services inside their transaction, so the row commits or rolls
back with the change it describes. Values are made JSON-safe (dates, decimals, model
instances) so before/after can be shown as they were.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models import AuditEvent, User


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)[:200]}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)


def snapshot(obj: models.Model, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """The named fields of ``obj`` as JSON-safe values (foreign keys by id)."""
    out: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = jsonable(getattr(obj, attname))
    return out


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str = "",
    rule_id: str = "",
) -> AuditEvent:
    """Append one audit row. ``actor`` None means the system (a scheduled job)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=obj.pk if obj is not None else None,
        object_repr=str(obj)[:300] if obj is not None else "",
        before=jsonable(dict(before or {})),
        after=jsonable(dict(after or {})),
        reason=reason,
        rule_id=rule_id,
    )
