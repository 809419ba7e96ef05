"""Absence files of candidates who missed an exam, persisted around exams.rules.reserves (UTC réserve:
UTC-3.01e-zero, UTC-3.01e-reserve-request, UTC-3.01e-reserve-decision, UTC-3.01e-reserve-lift,
UTC-3.01e-reserve-deadline) and exams.rules.makeups (make-up: RSY-A2-notify, RSY-A2-makeup,
RSY-A3-abi-zero), wired to the marks through juries' holds API (interfaces.md, H5).

The procedure comes from the profile's ``absences.missed_assessment_outcome`` value, never from the
institution: ``reserve``, ``makeup`` or ``none`` (the zero / ABI is final).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.calendar.service import calendar_for_component
from core.errors import ApplicationError, PermissionDenied
from core.models import User
from exams.models import Convocation, ReserveFile
from exams.rules import makeups as mk
from exams.rules.base import PARIS, cited_rules, pick_kind
from exams.rules.reserves import (
    RESERVE,
    TRANSITIONS,
    ZERO_KEPT,
    ZERO_PROVISIONAL,
    MakeUp,
    proof_deadline,
    reserve_transition,
    reserves_to_expire,
)
from exams.services.common import SessionProfile
from exams.services.reserves_notify import NOTIFIED, STATE_LABELS, notify_opened, notify_transition

OUTCOME = "absences.missed_assessment_outcome"
PROOFS = "absences.justification_deadline"
BATCH = 500
PROOF_DEADLINE_KIND = "exams.absence_proofs"


def hold_key(reserve: ReserveFile) -> str:
    return f"exams.reserve.{reserve.pk}"


def proofs_deadline_key(reserve: ReserveFile) -> str:
    return f"exams.absence_proofs.{reserve.pk}"


def _locked_convocation(convocation: Convocation) -> Convocation:
    return (Convocation.objects.select_for_update(of=("self",))
            .select_related("event__session__component__institution", "event__assessment__module", "event__module",
                            "student__user").get(pk=convocation.pk))


def _next_start(convocation: Convocation) -> date | None:
    from exams.selectors_reserves import next_semester_start

    event = convocation.event
    return next_semester_start(event.session.component, event.start.astimezone(PARIS).date())


def reserve_open(*, actor: User | None, convocation: Convocation, next_semester_start: date | None = None
                 ) -> ReserveFile:
    """Open (or return) the file of an absent candidate with a provisional zero (UTC-3.01e-zero)."""
    with transaction.atomic():
        reserve, created = ReserveFile.objects.get_or_create(
            convocation=convocation,
            defaults={"next_semester_start": next_semester_start or _next_start(convocation)})
        if created:
            audit_record(actor=actor, action="exams.reserve_opened", obj=reserve, after={"state": reserve.state})
    return reserve


def missed_exam_record(*, actor: User | None, convocation: Convocation, at: datetime) -> ReserveFile | None:
    """The candidate was absent (or a refused latecomer): the mark per the profile's policy (zero or
    ABI: UTC-3.01e-zero, RSY-A3-abi-zero) through ``juries.services.exam_mark_set``; the file with the
    proof deadline as a Deadline row (UTC-3.01e-reserve-request, RSY-A2-notify) where the policy has a
    procedure; a notice to the student. Idempotent: a second call returns the same file, writes and
    sends nothing. Returns the file (state ``zero_maintenu`` at once when there is no procedure)."""
    from core.deadlines.services import deadline_open
    from juries.services.holds import exam_mark_set

    with transaction.atomic():
        conv = _locked_convocation(convocation)
        existing = ReserveFile.objects.filter(convocation=conv).first()
        if existing is not None:
            return existing
        event, session = conv.event, conv.event.session
        profile = SessionProfile(session)
        policy = profile[OUTCOME]
        procedure = mk.procedure_for(policy)
        mark = mk.missed_mark(policy, preset=profile.preset)
        calendar = calendar_for_component(session.component)
        deadline = (proof_deadline(profile[PROOFS], exam_start=event.start, calendar=calendar)
                    if procedure != mk.NO_PROCEDURE else None)
        state = ZERO_PROVISIONAL if procedure != mk.NO_PROCEDURE else ZERO_KEPT
        reserve = ReserveFile.objects.create(
            convocation=conv, procedure=procedure, state=state, next_semester_start=_next_start(conv),
            opened_at=at, proof_deadline=deadline, mark_value=mark.value,
            history=[{"action": "open", "from": "", "to": state, "at": at.isoformat(),
                      "actor": getattr(actor, "pk", None), "mark": mark.value, "rule_id": mark.rule_id}])
        user = conv.student.user
        if event.assessment is not None:
            exam_mark_set(actor=actor, component=event.assessment, session_number=event.session_number,
                          on=event.start.astimezone(PARIS).date(), student_user=user, value=mark.value,
                          reason=str(mark.message), rule_id=mark.rule_id)
        proof_rule = pick_kind(cited_rules(PROOFS, profile[PROOFS], profile.preset), "deadline")
        if deadline is not None and proof_rule:
            deadline_open(key=proofs_deadline_key(reserve), kind=PROOF_DEADLINE_KIND, rule_id=proof_rule,
                          title=f"Justificatifs d'absence — {event.module.code} {event.module.title}",
                          institution=session.component.institution, component=session.component, subject=reserve,
                          due_at=deadline, assignee_user=user, actor=actor)
        audit_record(actor=actor, action="exams.absence_recorded", obj=reserve, rule_id=mark.rule_id,
                     after={"state": state, "procedure": procedure, "mark": mark.value,
                            "proof_deadline": deadline.isoformat() if deadline else None})
        notify_opened(reserve, mark=mark, proof_rule=proof_rule)
    return reserve


def absence_record(*, actor: User, convocation: Convocation, at: datetime) -> ReserveFile | None:
    """The exam office records an absence by hand (paper sign-in): refused before the exam starts or
    for a candidate signed in as present."""
    from exams import permissions as perms

    if not perms.can_manage_session(actor, convocation.event.session):
        raise PermissionDenied(_("Vous ne gérez pas cette session."), code="exams.cannot_record_absence")
    if at < convocation.event.start:
        raise ApplicationError("exams.absence_before_exam", _("L'épreuve n'a pas encore commencé."),
                               fields={"convocation": _("Épreuve à venir.")}, rule_id="UTC-3.01e-zero")
    attendance = getattr(convocation, "attendance", None)  # reverse one-to-one: None when never taken
    if attendance is not None and attendance.is_present:
        raise ApplicationError("exams.absence_candidate_present", _("Ce candidat a émargé : il était présent."),
                               fields={"convocation": _("Candidat présent.")}, rule_id="UTC-3.02a-signin-content")
    return missed_exam_record(actor=actor, convocation=convocation, at=at)


def _check_actor(actor: User | None, reserve: ReserveFile, role: str) -> None:
    from exams import permissions as perms

    if actor is not None and not perms.can_act_on_reserve(actor, reserve, role):
        raise PermissionDenied(_("Vous ne pouvez pas effectuer cette action sur ce dossier."),
                               code="exams.reserve_forbidden")


def _makeup_of(reserve: ReserveFile, missed_event_assessment: int | None) -> MakeUp | None:
    """What was recorded as the make-up (a later ExamEvent, or a format and duration)."""
    other = reserve.makeup_event
    if other is not None:
        content = other.assessment_id or (missed_event_assessment if other.module_id ==
                                          reserve.convocation.event.module_id else None)
        return MakeUp(other.nature, other.end_delta(), str(content))
    if reserve.makeup_nature and reserve.makeup_duration_minutes:
        return MakeUp(reserve.makeup_nature, timedelta(minutes=reserve.makeup_duration_minutes),
                      str(missed_event_assessment))
    return None


def reserve_act(*, actor: User | None, reserve: ReserveFile, action: str, at: datetime,
                makeup: MakeUp | None = None, makeup_grade: Decimal | None = None, reason: str = "") -> ReserveFile:
    """Apply one transition of the file's table and its effect on the mark:

    réserve — ``submit_proofs``, ``propose_reserve`` (hold « réservée »), ``keep_zero``, ``lift`` (the
    equivalent make-up's grade replaces the zero), ``expire`` (system: zero); make-up —
    ``submit_proofs``, ``accept_justification`` (ABJ), ``keep_zero``, ``refuse_makeup`` (reasons
    required), ``grade_makeup``."""
    with transaction.atomic():
        locked = ReserveFile.objects.select_for_update(of=("self",)).select_related(
            "convocation__event__session__component", "convocation__event__assessment__module",
            "convocation__event__module", "convocation__student__user", "makeup_event").get(pk=reserve.pk)
        event = locked.convocation.event
        profile = SessionProfile(event.session)
        calendar = calendar_for_component(event.session.component)
        if locked.procedure == mk.MAKEUP_PROCEDURE:
            transition = mk.MAKEUP_TRANSITIONS.get(action)
            _check_actor(actor, locked, transition.role if transition else "system")
            target = mk.makeup_transition(profile[OUTCOME], state=locked.state, action=action, at=at,
                                          calendar=calendar, exam_start=event.start, proof_rule=profile[PROOFS],
                                          reason=reason, preset=profile.preset)
        else:
            transition_r = TRANSITIONS.get(action)
            _check_actor(actor, locked, transition_r.role if transition_r else "system")
            if action in ("propose_reserve", "lift", "expire") and locked.next_semester_start is None:
                locked.next_semester_start = _next_start(locked.convocation)
                if locked.next_semester_start is None:
                    raise ApplicationError(
                        "exams.reserve_next_semester_unknown",
                        _("Le début du semestre suivant est inconnu : renseigner le calendrier universitaire."),
                        fields={"next_semester_start": _("Inconnu.")}, rule_id="UTC-3.01e-reserve-deadline")
            missed = MakeUp(event.nature, event.end_delta(), str(event.assessment_id)) if action == "lift" else None
            if action == "lift" and makeup is None:
                makeup = _makeup_of(locked, event.assessment_id)
            target = reserve_transition(
                profile[OUTCOME], state=locked.state, action=action, at=at, calendar=calendar,
                exam_start=event.start, proof_rule=profile[PROOFS], next_semester_start=locked.next_semester_start,
                missed=missed, makeup=makeup, preset=profile.preset,
            )
        if action in ("lift", "grade_makeup") and makeup_grade is None:
            raise ApplicationError("exams.makeup_grade_required", _("Indiquer la note de l'épreuve de remplacement."),
                                   fields={"grade": _("Obligatoire.")},
                                   rule_id="UTC-3.01e-reserve-lift" if action == "lift" else "RSY-A2-makeup")
        if action == "keep_zero" and actor is not None and not reason.strip():
            raise ApplicationError("exams.reserve_reason_required", _("Motiver le maintien de la note zéro."),
                                   fields={"reason": _("Motif obligatoire.")},
                                   rule_id=NOTIFIED[(locked.procedure, action)][0])
        before = locked.state
        locked.state = target
        if action in ("lift", "grade_makeup"):
            locked.makeup_grade = makeup_grade
        if reason:
            locked.decision_reason = reason
        locked.history = [*locked.history, {"action": action, "from": before, "to": target, "at": at.isoformat(),
                                            "actor": getattr(actor, "pk", None), "reason": reason}]
        locked.save()
        _apply_mark(locked, action, makeup_grade=makeup_grade, actor=actor, reason=reason)
        if action == "submit_proofs":
            from core.deadlines.services import deadline_meet

            deadline_meet(key=proofs_deadline_key(locked), at=at, actor=actor)
        audit_record(actor=actor, action=f"exams.reserve_{action}", obj=locked, before={"state": before},
                     after={"state": target}, reason=reason)
        notify_transition(locked, action, reason=reason)
    return locked


def _apply_mark(reserve: ReserveFile, action: str, *, makeup_grade: Decimal | None, actor: User | None,
                reason: str) -> None:
    """The transition's effect on the retained mark (holds for a réserve, values for a make-up)."""
    from juries.services.holds import exam_mark_set, mark_hold_place, mark_hold_release

    event = reserve.convocation.event
    if event.assessment is None:
        return  # an exam outside the M3C has no evaluation to write to
    user = reserve.convocation.student.user
    on = event.start.astimezone(PARIS).date()
    grade = format(makeup_grade.normalize(), "f") if makeup_grade is not None else None
    if action == "propose_reserve":
        mark_hold_place(actor=actor, component=event.assessment, session_number=event.session_number, on=on,
              student_user=user, kind="reserve", key=hold_key(reserve), rule_id="UTC-3.01e-reserve-decision",
              reason=reason or "Mise en réserve proposée par le responsable de module")
    elif action == "lift":
        mark_hold_release(actor=actor, key=hold_key(reserve), outcome="lifted", value=grade,
                reason=reason or "Réserve levée : épreuve de remplacement équivalente")
    elif action == "expire":
        mark_hold_release(actor=actor, key=hold_key(reserve), outcome="expired", value="0",
                reason="Réserve non levée dans le délai : zéro")
    elif reserve.procedure == mk.MAKEUP_PROCEDURE:
        value = mk.mark_after(action, grade=makeup_grade)
        if value is not None:
            exam_mark_set(actor=actor, component=event.assessment, session_number=event.session_number, on=on,
                  student_user=user, value=value, reason=reason or f"Dossier d'absence : {action}",
                  rule_id="RSY-A2-makeup")


def reserve_makeup_schedule(*, actor: User | None, reserve: ReserveFile, event_id: int | None = None,
                            nature: str = "", duration_minutes: int | None = None,
                            at: datetime | None = None) -> ReserveFile:
    """Record the make-up of a réserve or make-up file: a later exam event of the same module, or the
    format and duration of a make-up organised by the module head. For a réserve it must be
    equivalent to the missed exam in format and duration (UTC-3.01e-reserve-lift)."""
    from exams.models import ExamEvent

    with transaction.atomic():
        locked = ReserveFile.objects.select_for_update(of=("self",)).select_related(
            "convocation__event__session", "convocation__student__user").get(pk=reserve.pk)
        _check_actor(actor, locked, "module_head")
        if locked.state not in (RESERVE, mk.MAKEUP_DUE):
            raise ApplicationError("exams.makeup_not_due", _("Aucune épreuve de remplacement n'est attendue."),
                                   rule_id="UTC-3.01e-reserve-lift")
        missed = locked.convocation.event
        other = ExamEvent.objects.filter(pk=event_id).first() if event_id else None
        if event_id and (other is None or other.module_id != missed.module_id or other.start <= missed.start):
            raise ApplicationError("exams.makeup_event_invalid",
                                   _("L'épreuve de remplacement doit être une épreuve ultérieure du même module."),
                                   fields={"makeup_event": _("Épreuve invalide.")}, rule_id="UTC-3.01e-reserve-lift")
        if other is None and (not nature or not duration_minutes):
            raise ApplicationError("exams.makeup_incomplete", _("Indiquer l'épreuve, ou son format et sa durée."),
                                   fields={"makeup_nature": _("Obligatoire."), "makeup_duration_minutes": _("Obligatoire.")},
                                   rule_id="UTC-3.01e-reserve-lift")
        locked.makeup_event = other
        locked.makeup_nature = other.nature if other else nature
        locked.makeup_duration_minutes = other.duration_minutes if other else duration_minutes
        locked.makeup_at = other.start if other else at
        if locked.procedure == mk.RESERVE_PROCEDURE:
            wanted = MakeUp(missed.nature, missed.end_delta(), str(missed.assessment_id))
            if _makeup_of(locked, missed.assessment_id) != wanted:
                raise ApplicationError(
                    "exams.reserve_makeup_not_equivalent",
                    _("L'épreuve de remplacement doit être équivalente en format, durée et contenu "
                      "(%(nature)s, %(minutes)s min).") % {"nature": missed.get_nature_display(),
                                                           "minutes": missed.duration_minutes},
                    fields={"makeup_nature": _("Non équivalente à l'épreuve manquée."),
                            "makeup_duration_minutes": _("Non équivalente à l'épreuve manquée.")},
                    rule_id="UTC-3.01e-reserve-lift")
        locked.history = [*locked.history, {"action": "schedule_makeup", "from": locked.state, "to": locked.state,
                                            "at": (at or missed.start).isoformat(),
                                            "actor": getattr(actor, "pk", None), "event": event_id}]
        locked.save()
        audit_record(actor=actor, action="exams.reserve_makeup_scheduled", obj=locked,
                     after={"event": event_id, "nature": locked.makeup_nature,
                            "duration": locked.makeup_duration_minutes})
    return locked


def reserves_expire(*, now: datetime, batch_size: int = BATCH) -> int:
    """Nightly: réserves not lifted by the deadline turn into a maintained zero (UTC-3.01e-reserve-deadline).
    Idempotent (only réserve-state files move) and batched."""
    done = 0
    rows = list(ReserveFile.objects.filter(state=RESERVE, next_semester_start__isnull=False)
                .select_related("convocation__event__session__component")
                .order_by("next_semester_start", "id")[:batch_size])
    groups: dict[tuple[int, date], list[ReserveFile]] = defaultdict(list)
    for row in rows:
        assert row.next_semester_start is not None
        groups[(row.convocation.event.session_id, row.next_semester_start)].append(row)
    for (_session_id, start), items in groups.items():
        session = items[0].convocation.event.session
        profile = SessionProfile(session)
        expired = set(reserves_to_expire(profile[OUTCOME], reserves={str(r.pk): r.state for r in items}, at=now,
                                         next_semester_start=start,
                                         calendar=calendar_for_component(session.component)))
        for row in items:
            if str(row.pk) in expired:
                reserve_act(actor=None, reserve=row, action="expire", at=now)
                done += 1
    return done


def reserves_close_without_proofs(*, now: datetime, batch_size: int = BATCH) -> int:
    """Nightly: files still waiting for proofs after the justification deadline keep their zero (or ABI),
    without anyone's decision (UTC-3.01e-reserve-request, RSY-A2-notify); the student is told once."""
    rows = list(ReserveFile.objects.filter(state=ZERO_PROVISIONAL, proof_deadline__lt=now)
                .exclude(procedure=mk.NO_PROCEDURE).order_by("proof_deadline", "id")[:batch_size])
    for row in rows:
        reserve_act(actor=None, reserve=row, action="keep_zero", at=now,
                    reason="Aucun justificatif reçu dans le délai.")
    return len(rows)


def reserves_nightly(*, now: datetime, batch_size: int = BATCH) -> int:
    """The nightly job of the absence files: close those without proofs after the deadline, then turn
    unlifted réserves into zero (UTC-3.01e-reserve-deadline). Returns how many files moved."""
    return (reserves_close_without_proofs(now=now, batch_size=batch_size)
            + reserves_expire(now=now, batch_size=batch_size))


__all__ = [
    "STATE_LABELS",
    "ZERO_KEPT",
    "absence_record",
    "missed_exam_record",
    "reserve_act",
    "reserve_makeup_schedule",
    "reserve_open",
    "reserves_close_without_proofs",
    "reserves_expire",
    "reserves_nightly",
]
