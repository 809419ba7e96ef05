"""The exam office's entry points into grade entry (docs interfaces, H5): the evaluation of an
exam, system-written marks (absentees' zero, make-up grades) and holds on a mark.

* ``exam_evaluation`` — the Evaluation receiving the marks of an M3C component's exam at one
  session: one evaluation per (component, session), see ``exam_evaluation``'s docstring.
* ``exam_mark_set`` — writes the retained mark through grade entry's own batch writer (MarkChange
  + audit, results recomputed), without the module-team check (the exam office's caller checked
  its own permission; ``actor`` None is a scheduled job).
* ``mark_hold_place`` / ``mark_hold_release`` — réserve « réservée » (UTC-3.01e-reserve-hold) and
  STRAS-35 « suspendue »: while active, the mark is pending (ATT) for the results engine and
  hidden from the student.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from core.models import User
from courses.models import AssessmentComponent
from juries.models import Evaluation, HoldKind, HoldOutcome, Mark, MarkField, MarkHold
from juries.models.entry import BatchSource
from juries.results.services import results_schedule_recompute
from juries.services.common import MarkError, canonical, decimals_for

# Which outcomes end which kind of hold.
OUTCOMES_BY_KIND: dict[str, tuple[str, ...]] = {
    HoldKind.RESERVE: (HoldOutcome.LIFTED, HoldOutcome.EXPIRED),
    HoldKind.UNVERIFIED: (HoldOutcome.CONFIRMED, HoldOutcome.REFUSED),
}


def _session(session_number: int) -> str:
    if session_number not in (1, 2):
        raise ApplicationError("juries.invalid_session", _("Session inconnue : 1 ou 2 attendu."),
                               fields={"session_number": _("1 ou 2 attendu.")})
    return str(session_number)


def exam_evaluation(*, component: AssessmentComponent, session_number: int, on: dt.date) -> Evaluation:
    """Get or create the Evaluation receiving the marks of ``component``'s exam at a session.

    The exam of a component is one sitting per session, so: an existing evaluation of that
    (component, session) dated ``on`` is reused; otherwise evaluation number 1 of that session
    (created by the team or by an earlier call) is reused, whatever its date; otherwise it is
    created with number 1 — except for a continuous-assessment component whose number 1 is already
    another sitting: then the next free number (docs/decisions/juries-holds.md).
    """
    from juries.services.entry import evaluation_create

    session = _session(session_number)
    existing = list(Evaluation.objects.filter(component=component, session=session).order_by("number"))
    for evaluation in existing:
        if evaluation.date == on:
            return evaluation
    if existing and not component.is_continuous:
        return existing[0]
    number = (max(e.number for e in existing) + 1) if existing else 1
    return evaluation_create(actor=None, component=component, date=on, session=session, number=number)


def _write(*, actor: User | None, evaluation: Evaluation, student: User, value: str, reason: str) -> Mark:
    """Write the retained mark as a batch of one (grade entry's ``_save``: MarkChange, audit,
    recompute on commit). The caller holds the transaction."""
    from juries.services.entry import _save

    try:
        raw = canonical(value, scale=evaluation.scale, decimals=decimals_for(evaluation))
    except MarkError as exc:
        raise ApplicationError("juries.invalid_marks", _("Note invalide : %(r)s") % {"r": exc.reason},
                               fields={"value": exc.reason}) from None
    _save(evaluation, {(student.pk, MarkField.FINAL): raw}, actor=actor, source=BatchSource.EXAM,
          reason=reason)
    return (Mark.objects.filter(evaluation=evaluation, student=student).first()
            or Mark(evaluation=evaluation, student=student))


def exam_mark_set(*, actor: User | None, component: AssessmentComponent, session_number: int, on: dt.date,
                  student_user: User, value: str, reason: str, rule_id: str) -> Mark:
    """Write a student's retained mark at an exam ("0", "12.5", "ABI", "ABJ"…): absentees' zero
    (UTC-3.01e-zero, RSY-A3-abi-zero), make-up grades (UTC-3.01e-reserve-lift).

    ``reason`` is required (it is the MarkChange reason, required once marks are published);
    ``rule_id`` is recorded on the audit row. An unchanged value writes nothing.
    """
    if not (reason or "").strip():
        raise ApplicationError("juries.reason_required", _("Indiquer le motif de la note."),
                               fields={"reason": _("Motif obligatoire.")}, rule_id=rule_id)
    with transaction.atomic():
        evaluation = exam_evaluation(component=component, session_number=session_number, on=on)
        mark = _write(actor=actor, evaluation=evaluation, student=student_user, value=value, reason=reason)
        audit_record(actor=actor, action="juries.exam_mark_set", obj=evaluation, reason=reason, rule_id=rule_id,
                     after={"student": student_user.pk, "value": mark.raw()})
    return mark


def mark_hold_place(*, actor: User | None, component: AssessmentComponent, session_number: int, on: dt.date,
                    student_user: User, kind: str, key: str, rule_id: str, reason: str = "") -> MarkHold:
    """Place a hold on a student's mark at an exam; idempotent on ``key`` (the existing hold is
    returned, active or released).

    ``reserve`` (UTC-3.01e-reserve-hold): the module shows « réservée »; ``unverified`` (STRAS-35):
    the mark shows « suspendue » and does not count until verified.
    """
    if kind not in HoldKind.values:
        raise ApplicationError("juries.invalid_hold_kind", _("Type de suspension inconnu."),
                               fields={"kind": _("« reserve » ou « unverified » attendu.")}, rule_id=rule_id)
    if not key or len(key) > MarkHold._meta.get_field("key").max_length:  # type: ignore[operator]
        raise ApplicationError("juries.invalid_hold_key", _("Clé vide ou trop longue."),
                               fields={"key": _("1 à 200 caractères.")})
    found = MarkHold.objects.filter(key=key).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            evaluation = exam_evaluation(component=component, session_number=session_number, on=on)
            hold = MarkHold.objects.create(
                evaluation=evaluation, student=student_user, kind=kind, key=key, rule_id=rule_id,
                reason=(reason or "")[:300], placed_at=timezone.now(),
                placed_by=actor if actor is not None and actor.is_authenticated else None,
            )
            audit_record(actor=actor, action="juries.mark_hold_placed", obj=hold, reason=reason, rule_id=rule_id,
                         after={"evaluation": evaluation.pk, "student": student_user.pk, "kind": kind, "key": key})
            results_schedule_recompute([component.module.semester_id])
    except IntegrityError:  # placed concurrently under the same key
        return MarkHold.objects.get(key=key)
    return hold


def mark_hold_release(*, actor: User | None, key: str, outcome: str, value: str | None = None,
                      reason: str = "") -> MarkHold | None:
    """Release the hold ``key`` with an outcome; None if no such hold. Releasing twice is a no-op.

    * ``confirmed`` (STRAS-35): the right to sit is verified, the mark counts (``value``, if given,
      is written first);
    * ``refused`` (STRAS-35): not authorised, the mark stays stored but is excluded from results;
    * ``lifted`` (UTC-3.01e-reserve-lift): ``value`` (the make-up grade, required) replaces the zero;
    * ``expired`` (UTC-3.01e-reserve-deadline): the réserve turns into zero (``value``, default "0").
    """
    with transaction.atomic():
        hold = (MarkHold.objects.select_for_update(of=("self",)).select_related("evaluation__component__module")
                .filter(key=key).first())
        if hold is None:
            return None
        if hold.released_at is not None:
            return hold
        if outcome not in OUTCOMES_BY_KIND[hold.kind]:
            raise ApplicationError(
                "juries.invalid_hold_outcome", _("Issue impossible pour cette suspension."),
                fields={"outcome": _("Attendu : %(o)s") % {"o": ", ".join(OUTCOMES_BY_KIND[hold.kind])}},
                rule_id=hold.rule_id,
            )
        if outcome == HoldOutcome.EXPIRED and value is None:
            value = "0"
        if outcome == HoldOutcome.LIFTED and (value is None or not str(value).strip()):
            raise ApplicationError("juries.makeup_grade_required", _("Indiquer la note de rattrapage."),
                                   fields={"value": _("Obligatoire pour lever la réserve.")},
                                   rule_id="UTC-3.01e-reserve-lift")
        written = None
        if value is not None and outcome != HoldOutcome.REFUSED:
            label = dict(HoldOutcome.choices)[outcome]
            mark = _write(actor=actor, evaluation=hold.evaluation, student=hold.student, value=str(value),
                          reason=reason or str(label))
            written = mark.raw()
        hold.released_at = timezone.now()
        hold.released_by = actor if actor is not None and actor.is_authenticated else None
        hold.outcome = outcome
        hold.release_reason = (reason or "")[:300]
        hold.save(update_fields=["released_at", "released_by", "outcome", "release_reason"])
        audit_record(actor=actor, action="juries.mark_hold_released", obj=hold, reason=reason, rule_id=hold.rule_id,
                     before={"active": True}, after={"outcome": outcome, "value": written})
        results_schedule_recompute([hold.evaluation.component.module.semester_id])
    return hold
