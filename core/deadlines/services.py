"""Writes on deadlines (STYLE 4, 6): open (idempotent on key), meet, waive; each audited.

Calling services open a deadline when something becomes due (a file to complete, grades to
publish, a convocation to send) and meet it when it is done; staff may waive one with a reason.
The daily sweep (:mod:`core.deadlines.sweep`) sends reminders and marks late ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from core.deadlines.permissions import can_waive_deadline
from core.deadlines.transitions import check_transition
from core.errors import ApplicationError, PermissionDenied
from core.models import Component, Deadline, Institution, Role, User
from core.models.deadlines import DeadlineState
from core.rules_catalog import rule_exists

REMINDER_PARAM = "core.deadline_reminder_days"
_AUDITED = ("title", "due_at", "state", "assignee_user", "assignee_role", "reminder_days", "met_at",
            "waived_reason")


def academic_year_of(day: datetime) -> int:
    """The academic year (start year, D-004) a date falls in: September to August."""
    local = timezone.localtime(day)
    return local.year if local.month >= 9 else local.year - 1


def reminder_days_for(component: Component | None, due_at: datetime) -> list[int]:
    """Lead times (calendar days before the due date) from the component's profile.

    Without a component, or when no profile is assigned for that academic year, the parameter's
    default applies (a local choice: no regulation fixes reminder lead times).
    """
    from core.profiles.registry import get_param

    if component is not None:
        try:
            from core.profiles.selectors import profile_value

            value = profile_value(component, academic_year_of(due_at), REMINDER_PARAM)
            return _clean_days(value)
        except ApplicationError:
            pass
    return _clean_days(get_param(REMINDER_PARAM).default)


def _clean_days(value: Iterable[Any] | None) -> list[int]:
    return sorted({int(v) for v in (value or []) if int(v) >= 0}, reverse=True)


def _validate(*, key: str, kind: str, rule_id: str, title: str, due_at: datetime,
              assignee_user: User | None, assignee_role: str) -> None:
    errors: dict[str, str] = {}
    if not key.strip():
        errors["key"] = _("La clé de l'échéance est obligatoire.")
    if not kind.strip():
        errors["kind"] = _("Le type de l'échéance est obligatoire.")
    if not title.strip():
        errors["title"] = _("L'intitulé de l'échéance est obligatoire.")
    if not rule_id.strip():
        errors["rule_id"] = _("Une échéance vient toujours d'une règle : indiquer son identifiant.")
    elif not rule_exists(rule_id):
        errors["rule_id"] = _("Règle inconnue du catalogue : « %(rule)s ».") % {"rule": rule_id}
    if not isinstance(due_at, datetime) or timezone.is_naive(due_at):
        errors["due_at"] = _("L'échéance doit être une date et heure avec fuseau horaire.")
    if assignee_user is None and not assignee_role:
        errors["assignee"] = _("Indiquer la personne ou le rôle responsable de l'échéance.")
    if assignee_role and assignee_role not in Role.values:
        errors["assignee_role"] = _("Rôle inconnu : « %(role)s ».") % {"role": assignee_role}
    if errors:
        raise ApplicationError(
            "deadlines.invalid", _("Échéance invalide : %(fields)s.") % {"fields": ", ".join(errors)},
            fields=errors, rule_id=rule_id if rule_id and "rule_id" not in errors else "",
        )


def deadline_open(
    *,
    key: str,
    kind: str,
    rule_id: str,
    title: str,
    institution: Institution,
    component: Component | None = None,
    subject: models.Model | None = None,
    due_at: datetime,
    assignee_user: User | None = None,
    assignee_role: str = "",
    reminder_days: Iterable[int] | None = None,
    actor: User | None = None,
) -> Deadline:
    """Open the deadline ``key``, or update it if it is already open (idempotent on ``key``).

    Opening again with the same values changes nothing. A new due time (an exam moved) or a new
    assignee updates the row and is audited; a late deadline whose due time moves into the future
    becomes pending again. A met or waived deadline keeps its state (its record stands; open a
    new key for a new obligation). ``reminder_days`` defaults to the profile's
    ``core.deadline_reminder_days`` for the component and the due date's academic year.
    """
    _validate(key=key, kind=kind, rule_id=rule_id, title=title, due_at=due_at,
              assignee_user=assignee_user, assignee_role=assignee_role)
    days = _clean_days(reminder_days) if reminder_days is not None else reminder_days_for(component, due_at)
    subject_type = ContentType.objects.get_for_model(subject) if subject is not None else None
    values: dict[str, Any] = {
        "kind": kind, "rule_id": rule_id, "title": title, "institution": institution, "component": component,
        "subject_type": subject_type, "subject_id": subject.pk if subject is not None else None,
        "due_at": due_at, "assignee_user": assignee_user, "assignee_role": assignee_role,
        "reminder_days": days,
    }
    with transaction.atomic():
        deadline = Deadline.objects.select_for_update(of=("self",)).filter(key=key).first()
        if deadline is None:
            deadline = Deadline(key=key, **values)
            deadline.full_clean()
            deadline.save()
            audit_record(actor=actor, action="deadline.opened", obj=deadline,
                         after=snapshot(deadline, ("key", "kind", *_AUDITED)), rule_id=rule_id)
            return deadline
        changed = [name for name, value in values.items() if _differs(deadline, name, value)]
        before = snapshot(deadline, _AUDITED)
        for name in changed:
            setattr(deadline, name, values[name])
        if deadline.state == DeadlineState.LATE and due_at > timezone.now():
            deadline.state = check_transition("reschedule", deadline.state).target
            changed.append("state")
        if not changed:
            return deadline  # nothing changed: no write, no audit row
        deadline.full_clean()
        deadline.save()
        audit_record(actor=actor, action="deadline.updated", obj=deadline, before=before,
                     after=snapshot(deadline, _AUDITED), rule_id=rule_id)
    return deadline


def _differs(deadline: Deadline, name: str, value: Any) -> bool:
    field = Deadline._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return getattr(deadline, field.attname) != (value.pk if value is not None else None)
    return getattr(deadline, name) != value


def deadline_meet(
    *, deadline: Deadline | None = None, key: str | None = None, at: datetime | None = None,
    actor: User | None = None,
) -> Deadline | None:
    """Mark a deadline met (by row or by key); met after the due time it shows as met late.

    Returns None when no deadline has that key (nothing was due). Meeting a met deadline changes
    nothing; a waived deadline stays waived (the waiver is the record), so calling services can
    always meet what they complete.
    """
    if (deadline is None) == (key is None):
        raise ValueError("pass exactly one of deadline= or key=")
    met_at = at or timezone.now()
    with transaction.atomic():
        qs = Deadline.objects.select_for_update(of=("self",))
        locked = qs.filter(pk=deadline.pk).first() if deadline is not None else qs.filter(key=key).first()
        if locked is None:
            return None
        if locked.state in (DeadlineState.MET, DeadlineState.WAIVED):
            return locked
        before = snapshot(locked, ("state", "met_at"))
        locked.state = check_transition("meet", locked.state).target
        locked.met_at = met_at
        locked.save(update_fields=["state", "met_at", "updated_at"])
        audit_record(actor=actor, action="deadline.met", obj=locked, before=before,
                     after={**snapshot(locked, ("state", "met_at")), "met_late": locked.met_late},
                     rule_id=locked.rule_id)
    return locked


def deadline_waive(*, actor: User, deadline: Deadline, reason: str) -> Deadline:
    """Lift an open deadline with a mandatory reason (audited with the actor)."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "deadlines.reason_required", _("Le motif de la levée est obligatoire."),
            fields={"reason": _("Indiquer pourquoi l'échéance est levée.")}, rule_id=deadline.rule_id,
        )
    if not can_waive_deadline(actor, deadline):
        raise PermissionDenied(_("Vous ne pouvez pas lever cette échéance."), code="deadlines.cannot_waive")
    with transaction.atomic():
        locked = Deadline.objects.select_for_update(of=("self",)).get(pk=deadline.pk)
        before = snapshot(locked, ("state", "waived_reason"))
        locked.state = check_transition("waive", locked.state).target
        locked.waived_reason = reason
        locked.save(update_fields=["state", "waived_reason", "updated_at"])
        audit_record(actor=actor, action="deadline.waived", obj=locked, before=before,
                     after=snapshot(locked, ("state", "waived_reason")), reason=reason,
                     rule_id=locked.rule_id)
    return locked


def deadlines_sweep(*, now: datetime | None = None) -> Any:
    """The daily sweep (see :mod:`core.deadlines.sweep`)."""
    from core.deadlines.sweep import deadlines_sweep as sweep

    return sweep(now=now)
