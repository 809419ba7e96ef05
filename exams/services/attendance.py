"""Exam-day writes (STYLE services): sign-in, late arrivals, exits, room events, candidates added on site.

Every decision comes from the pure rules with the session's profile values (EX-01: the rule id is
cited from the profile value, never from the institution): lateness ``exams.rules.lateness``
(UTC-3.01b-late-minor, UTC-3.01b-late-major, TOURS-VI-3.1-late, STRAS-33, RSY-A3-lateness), exits
``exams.rules.exits`` (UTC-3.02c-early-exit, TOURS-VI-3.1-early-exit, STRAS-51, UTC-3.02c-exits,
TOURS-VI-3.1-temporary-exit, STRAS-50), unlisted candidates ``exams.rules.reports`` (STRAS-35,
TOURS-VI-3.1-not-on-list). Latecomers never get extra time. Every write is audited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, PermissionDenied
from core.models import User
from enrollment.models import Student
from exams.models import Attendance, AttendanceStatus, Convocation, EventRoom, RoomLog, TemporaryExit
from exams.models.attendance import PRESENT_STATUSES, SignInMethod, Verification
from exams.rules.base import ExamEvents, ExamSlot
from exams.rules.exits import ExitDecision, decide_definitive_exit, decide_temporary_exit
from exams.rules.lateness import DISCRETIONARY, REFUSED, Arrival, LateEntryDecision, decide_late_entry
from exams.rules.reports import UNLISTED_PARAM, UnlistedDecision, unlisted_candidate
from exams.services.common import SessionProfile, slot_of

_FIELDS = ("status", "signed_at", "method", "arrived_at", "left_at", "notes", "verification")
LATE_CHOICES = ("", "admit", "refuse")


@dataclass
class RoomContext:
    """What the exam-day rules need about a room: the profile, the slot, what happened in the room."""

    event_room: EventRoom
    profile: SessionProfile
    slot: ExamSlot
    events: ExamEvents

    @classmethod
    def of(cls, event_room: EventRoom) -> RoomContext:
        event = event_room.event
        log = RoomLog.objects.filter(event_room=event_room).first()
        events = ExamEvents(envelopes_opened_at=log.envelopes_opened_at if log else None,
                            first_distribution_at=log.first_distribution_at if log else None)
        return cls(event_room, SessionProfile(event.session), slot_of(event), events)


def _check_invigilator(actor: User | None, event_room: EventRoom) -> None:
    from exams.permissions import can_invigilate_room

    if not can_invigilate_room(actor, event_room):
        raise PermissionDenied(_("Action réservée aux surveillants de la salle et au service des examens."),
                               code="exams.day_forbidden")


def _in_room(convocation: Convocation, event_room: EventRoom) -> None:
    if convocation.event_id != event_room.event_id or convocation.room_id != event_room.room_id:
        raise ApplicationError("exams.not_in_room", _("Ce candidat n'est pas convoqué dans cette salle."),
                               fields={"convocation": _("Autre salle ou autre épreuve.")})


def _locked(convocation: Convocation, event_room: EventRoom) -> Attendance:
    from exams.models import ExamReport

    if ExamReport.objects.filter(event_room=event_room, closed_at__isnull=False).exists():
        raise ApplicationError("exams.report_closed", _("La salle est close : l'émargement ne peut plus changer."),
                               fields={"report": _("Clos.")})
    attendance, _created = Attendance.objects.get_or_create(convocation=convocation,
                                                            defaults={"event_room": event_room})
    return Attendance.objects.select_for_update(of=("self",)).get(pk=attendance.pk)


def _save(actor: User | None, attendance: Attendance, action: str, before: dict[str, Any], *,
          rule_id: str = "", reason: str = "", extra: dict[str, Any] | None = None) -> Attendance:
    attendance.full_clean()
    attendance.save()
    audit_record(actor=actor, action=action, obj=attendance, before=before,
                 after={**snapshot(attendance, _FIELDS), **(extra or {})}, rule_id=rule_id, reason=reason)
    return attendance


def attendance_mark_present(*, actor: User | None, convocation: Convocation, event_room: EventRoom, at: datetime,
                            method: str = SignInMethod.INVIGILATOR) -> Attendance:
    """The candidate is in the room and signs (by the invigilator, on paper, or by QR code).
    A latecomer refused entry cannot sign in afterwards."""
    _in_room(convocation, event_room)
    with transaction.atomic():
        attendance = _locked(convocation, event_room)
        before = snapshot(attendance, _FIELDS)
        if attendance.status == AttendanceStatus.LATE_REFUSED:
            raise ApplicationError("exams.late_refused", _("L'accès à la salle a été refusé à ce candidat (retard)."),
                                   fields={"status": _("Retard refusé.")},
                                   rule_id=attendance.late_decision.get("rule_id", ""))
        if attendance.status not in PRESENT_STATUSES:
            attendance.status = AttendanceStatus.PRESENT
        if attendance.signed_at is None:
            attendance.signed_at, attendance.method = at, method
        return _save(actor, attendance, "exams.attendance_present", before)


def attendance_mark_absent(*, actor: User | None, convocation: Convocation, event_room: EventRoom,
                           at: datetime) -> Attendance:
    """Record the candidate absent (before the report closes); a signed candidate is not absent."""
    _in_room(convocation, event_room)
    with transaction.atomic():
        attendance = _locked(convocation, event_room)
        before = snapshot(attendance, _FIELDS)
        if attendance.signed_at is not None or attendance.status in PRESENT_STATUSES:
            raise ApplicationError("exams.already_present", _("Ce candidat a émargé : il n'est pas absent."),
                                   fields={"status": _("Présent.")})
        attendance.status = AttendanceStatus.ABSENT
        return _save(actor, attendance, "exams.attendance_absent", before, extra={"at": at.isoformat()})


def attendance_mark_remaining_absent(*, actor: User | None, event_room: EventRoom, at: datetime) -> int:
    """Every candidate of the room not yet recorded becomes absent (before closing the room)."""
    _check_invigilator(actor, event_room)
    pending = Convocation.objects.filter(event_id=event_room.event_id, room_id=event_room.room_id).exclude(
        attendance__status__in=[s for s in AttendanceStatus.values if s != AttendanceStatus.EXPECTED])
    count = 0
    with transaction.atomic():
        for convocation in pending:
            attendance_mark_absent(actor=actor, convocation=convocation, event_room=event_room, at=at)
            count += 1
    return count


def late_arrival_decision(ctx: RoomContext, convocation: Convocation, *, at: datetime,
                          reason: str | None = None) -> LateEntryDecision:
    """The profile's decision for a candidate arriving at ``at`` (read only: shown before recording)."""
    from core.calendar.service import calendar_for_component

    return decide_late_entry(
        ctx.profile["exams.late_entry_rule"], slot=ctx.slot, arrival=Arrival(at, reason or None), events=ctx.events,
        personal_end=convocation.end, calendar=calendar_for_component(ctx.event_room.event.session.component),
        preset=ctx.profile.preset,
    )


def _decision_json(decision: LateEntryDecision | ExitDecision) -> dict[str, Any]:
    out = {k: v for k, v in asdict(decision).items() if isinstance(v, str | bool | int) or v is None}
    for key in ("composition_ends_at", "proof_deadline", "earliest"):
        value = getattr(decision, key, None)
        if value is not None:
            out[key] = value.isoformat()
    return out


def late_arrival_record(*, actor: User | None, convocation: Convocation, event_room: EventRoom, at: datetime,
                        reason: str = "", decision: str = "") -> Attendance:
    """Record a late arrival with the profile's decision. ``decision`` (admit / refuse) is the decider's
    answer when the rule leaves it to someone (UTC quarter: the module head; Tours transport incident: the
    exam head; RSY: the teacher); it cannot overturn a refusal nor an admission the rule grants.
    No extra time: the candidate ends at their scheduled (personal) end."""
    _check_invigilator(actor, event_room)
    _in_room(convocation, event_room)
    if decision not in LATE_CHOICES:
        raise ApplicationError("exams.invalid_late_decision", _("Décision inconnue."),
                               fields={"decision": _("admit ou refuse attendu.")})
    ruling = late_arrival_decision(RoomContext.of(event_room), convocation, at=at, reason=reason)
    if ruling.outcome == DISCRETIONARY and not decision:
        raise ApplicationError("exams.late_decision_required",
                               _("%(m)s Indiquer la décision prise (admis ou refusé).") % {"m": ruling.message},
                               fields={"decision": _("Décision requise.")}, rule_id=ruling.rule_id)
    admitted = ruling.outcome != REFUSED and (ruling.outcome != DISCRETIONARY or decision == "admit")
    with transaction.atomic():
        attendance = _locked(convocation, event_room)
        before = snapshot(attendance, _FIELDS)
        if attendance.signed_at is not None:
            raise ApplicationError("exams.already_present", _("Ce candidat a déjà émargé."),
                                   fields={"status": _("Présent.")})
        attendance.arrived_at = at
        attendance.late_decision = {**_decision_json(ruling), "decided": decision, "reason": reason}
        if admitted:
            attendance.status = AttendanceStatus.LATE_ADMITTED
            attendance.signed_at, attendance.method = at, SignInMethod.INVIGILATOR
        else:
            attendance.status = AttendanceStatus.LATE_REFUSED
        return _save(actor, attendance, "exams.late_arrival", before, rule_id=ruling.rule_id, reason=reason,
                     extra={"outcome": ruling.outcome, "decided": decision})


def _present(attendance: Attendance) -> None:
    if attendance.status not in PRESENT_STATUSES or attendance.left_at is not None:
        raise ApplicationError("exams.not_in_room_now", _("Ce candidat n'est pas (ou plus) en salle."),
                               fields={"status": attendance.get_status_display()})


def temporary_exit_decision(ctx: RoomContext, *, reason: str = "") -> ExitDecision:
    out = TemporaryExit.objects.filter(attendance__event_room=ctx.event_room, back_at__isnull=True).count()
    return decide_temporary_exit(ctx.profile["exams.temporary_exit_rule"], slot=ctx.slot, currently_out=out,
                                 reason=reason or None, preset=ctx.profile.preset)


def temporary_exit_record(*, actor: User | None, convocation: Convocation, event_room: EventRoom, at: datetime,
                          reason: str = "", escorted: bool = False) -> TemporaryExit:
    """A candidate leaves the room for a while (no extra time), if the profile's rule allows it now."""
    _check_invigilator(actor, event_room)
    _in_room(convocation, event_room)
    ruling = temporary_exit_decision(RoomContext.of(event_room), reason=reason)
    if not ruling.allowed:
        raise ApplicationError(ruling.reason_code, ruling.message, fields={"exit": ruling.message},
                               rule_id=ruling.rule_id)
    if ruling.escort == "required" and not escorted:
        raise ApplicationError("exams.temporary_exit_escort_required",
                               _("La sortie temporaire doit être accompagnée par un surveillant."),
                               fields={"escorted": _("Accompagnement obligatoire.")}, rule_id=ruling.rule_id)
    with transaction.atomic():
        attendance = _locked(convocation, event_room)
        _present(attendance)
        if attendance.exits.filter(back_at__isnull=True).exists():
            raise ApplicationError("exams.already_out", _("Ce candidat est déjà sorti."), fields={"exit": _("Sorti.")})
        row = TemporaryExit.objects.create(attendance=attendance, out_at=at, escorted=escorted, reason=reason[:20],
                                           rule_id=ruling.rule_id)
        audit_record(actor=actor, action="exams.temporary_exit", obj=attendance, rule_id=ruling.rule_id,
                     after={"out_at": at.isoformat(), "escorted": escorted, "reason": reason})
    return row


def temporary_exit_return(*, actor: User | None, convocation: Convocation, event_room: EventRoom,
                          at: datetime) -> TemporaryExit:
    _check_invigilator(actor, event_room)
    _in_room(convocation, event_room)
    with transaction.atomic():
        row = (TemporaryExit.objects.select_for_update().filter(attendance__convocation=convocation,
                                                                back_at__isnull=True).first())
        if row is None:
            raise ApplicationError("exams.not_out", _("Ce candidat n'est pas sorti."), fields={"exit": _("En salle.")})
        row.back_at = at
        row.save(update_fields=["back_at"])
        audit_record(actor=actor, action="exams.temporary_exit_return", obj=row.attendance,
                     after={"back_at": at.isoformat()})
    return row


def definitive_exit_decision(ctx: RoomContext, convocation: Convocation, *, at: datetime) -> ExitDecision:
    return decide_definitive_exit(
        ctx.profile["exams.min_presence_before_definitive_exit"], slot=ctx.slot, at=at, events=ctx.events,
        has_accommodation=bool(convocation.accommodations or convocation.extra_minutes),
        exemptions=ctx.profile["exams.early_exit_exemptions"], preset=ctx.profile.preset,
    )


def definitive_exit_record(*, actor: User | None, convocation: Convocation, event_room: EventRoom,
                           at: datetime) -> Attendance:
    """The candidate hands in their copy and leaves for good; refused before the profile's earliest exit."""
    _check_invigilator(actor, event_room)
    _in_room(convocation, event_room)
    ruling = definitive_exit_decision(RoomContext.of(event_room), convocation, at=at)
    if not ruling.allowed:
        raise ApplicationError(ruling.reason_code, ruling.message, fields={"exit": ruling.message},
                               rule_id=ruling.rule_id)
    with transaction.atomic():
        attendance = _locked(convocation, event_room)
        before = snapshot(attendance, _FIELDS)
        _present(attendance)
        attendance.exits.filter(back_at__isnull=True).update(back_at=at)
        attendance.left_at = at
        return _save(actor, attendance, "exams.definitive_exit", before, rule_id=ruling.rule_id)


ROOM_EVENTS = {"envelopes_opened": "envelopes_opened_at", "first_distribution": "first_distribution_at"}


def room_event_record(*, actor: User | None, event_room: EventRoom, kind: str, at: datetime) -> RoomLog:
    """Envelopes opened / first subject distribution: the instants lateness and the earliest exit are
    counted from (TOURS-VI-3.1-late, UTC-3.01b-late-minor, UTC-3.02c-early-exit). Recorded once."""
    _check_invigilator(actor, event_room)
    if kind not in ROOM_EVENTS:
        raise ApplicationError("exams.invalid_room_event", _("Événement inconnu."), fields={"kind": kind})
    with transaction.atomic():
        log, _created = RoomLog.objects.select_for_update().get_or_create(event_room=event_room)
        if getattr(log, ROOM_EVENTS[kind]) is None:
            setattr(log, ROOM_EVENTS[kind], at)
            log.save()
            audit_record(actor=actor, action="exams.room_event", obj=event_room, after={kind: at.isoformat()})
    return log


def attendance_note(*, actor: User | None, convocation: Convocation, event_room: EventRoom, notes: str) -> Attendance:
    _check_invigilator(actor, event_room)
    _in_room(convocation, event_room)
    with transaction.atomic():
        attendance = _locked(convocation, event_room)
        before = snapshot(attendance, _FIELDS)
        attendance.notes = notes
        return _save(actor, attendance, "exams.attendance_note", before)


# -- candidates missing from the list (STRAS-35, TOURS-VI-3.1-not-on-list) -----------------------------------
def unlisted_rule(ctx: RoomContext) -> UnlistedDecision:
    return unlisted_candidate(ctx.profile[UNLISTED_PARAM], preset=ctx.profile.preset)


def _hold_rule_id(decision: UnlistedDecision) -> str:
    """The rule behind the hold: the profile's, else the rule the Cursus default transcribes (EXD-04)."""
    from core.profiles.registry import get_param

    return decision.rule_id or next(iter(get_param(UNLISTED_PARAM).rule_ids), "")


def hold_key(convocation_id: int) -> str:
    return f"exams.unlisted.{convocation_id}"


def unlisted_candidate_add(*, actor: User, event_room: EventRoom, student: Student, at: datetime) -> Attendance:
    """Add a candidate missing from the list: admitted and signed in per the profile; their mark is held
    (« suspendue ») until the exam office verifies their right to sit when the profile says so."""
    _check_invigilator(actor, event_room)
    event = event_room.event
    ctx = RoomContext.of(event_room)
    ruling = unlisted_rule(ctx)
    if not ruling.allowed:
        raise ApplicationError(ruling.reason_code, ruling.message, fields={"student": ruling.message},
                               rule_id=ruling.rule_id)
    if student.institution_id != event.session.component.institution_id:
        raise ApplicationError("exams.unlisted_other_institution", _("Étudiant d'un autre établissement."),
                               fields={"student": _("Inconnu dans l'établissement.")})
    existing = Convocation.objects.filter(event=event, student=student).select_related("room").first()
    if existing is not None and existing.room_id != event_room.room_id:
        raise ApplicationError("exams.convoked_elsewhere",
                               _("Ce candidat est convoqué dans la salle %(r)s.") % {"r": getattr(existing.room, "code", "—")},
                               fields={"student": _("Convoqué dans une autre salle.")})
    if existing is not None:  # on the list after all: just sign them in
        return attendance_mark_present(actor=actor, convocation=existing, event_room=event_room, at=at)
    hold_needed = ruling.grade_hold and event.assessment_id is not None
    with transaction.atomic():
        convocation = Convocation.objects.create(event=event, student=student, room=event_room.room,
                                                 end=ctx.slot.end)
        attendance = Attendance(convocation=convocation, event_room=event_room, status=AttendanceStatus.PRESENT,
                                signed_at=at, method=SignInMethod.INVIGILATOR, added_on_site=True,
                                verification=Verification.PENDING)
        _save(actor, attendance, "exams.unlisted_added", {}, rule_id=ruling.rule_id,
              extra={"grade_hold": ruling.grade_hold, "student": student.pk})
        if hold_needed:
            from juries.services.holds import mark_hold_place

            assert event.assessment is not None
            mark_hold_place(actor=actor, component=event.assessment, session_number=event.session_number,
                            on=ctx.slot.start.date(), student_user=student.user, kind="unverified",
                            key=hold_key(convocation.pk), rule_id=_hold_rule_id(ruling),
                            reason=_("Candidat absent de la liste d'émargement, ajouté sur place."))
        unlisted_notify(attendance, "added", rule_id=_hold_rule_id(ruling))
    return attendance


def unlisted_candidate_verify(*, actor: User, attendance: Attendance, outcome: str, at: datetime,
                              reason: str = "") -> Attendance:
    """The exam office confirms or refuses the right to sit: the held mark counts or is excluded."""
    from exams.permissions import can_verify_unlisted
    from juries.services.holds import mark_hold_release

    if not can_verify_unlisted(actor, attendance.event_room):
        raise PermissionDenied(_("Vérification réservée au service des examens."), code="exams.day_forbidden")
    if outcome not in (Verification.CONFIRMED, Verification.REFUSED):
        raise ApplicationError("exams.invalid_verification", _("Issue inconnue."),
                               fields={"outcome": _("confirmed ou refused attendu.")})
    if outcome == Verification.REFUSED and not reason.strip():
        raise ApplicationError("exams.verification_reason_required", _("Indiquer le motif du refus."),
                               fields={"reason": _("Motif obligatoire.")})
    with transaction.atomic():
        locked = Attendance.objects.select_for_update(of=("self",)).get(pk=attendance.pk)
        if not locked.added_on_site:
            raise ApplicationError("exams.not_unlisted", _("Ce candidat figurait sur la liste."),
                                   fields={"outcome": _("Sans objet.")})
        if locked.verification in (Verification.CONFIRMED, Verification.REFUSED):
            return locked  # idempotent
        before = snapshot(locked, _FIELDS)
        locked.verification, locked.verified_at, locked.verified_by = outcome, at, actor
        _save(actor, locked, "exams.unlisted_verified", before, reason=reason)
        mark_hold_release(actor=actor, key=hold_key(locked.convocation_id), outcome=outcome, reason=reason)
        unlisted_notify(locked, outcome, reason=reason)
    return locked


_NOTICE_MESSAGES = {
    "added": _("Vous ne figuriez pas sur la liste d'émargement : vous avez été admis à composer. Votre note reste "
               "suspendue jusqu'à la vérification de votre autorisation à composer par le service des examens."),
    Verification.CONFIRMED: _("Votre autorisation à composer a été vérifiée : votre note est prise en compte."),
    Verification.REFUSED: _("Vous n'étiez pas autorisé à composer à cette épreuve : votre note n'est pas prise en "
                            "compte. Motif : %(reason)s"),
}


def unlisted_notify(attendance: Attendance, state: str, *, rule_id: str = "", reason: str = "") -> None:
    """Tell the student added on site where their mark stands (STRAS-35)."""
    from django.conf import settings
    from django.urls import reverse

    from core.notices.services import notice_enqueue
    from exams.notices import UNLISTED_CANDIDATE
    from exams.services.common import fmt_date

    convocation = Convocation.objects.select_related("student__user", "event__module").get(pk=attendance.convocation_id)
    user = convocation.student.user
    labels = {"added": _("ajouté sur place"), **dict(Verification.choices)}
    message = str(_NOTICE_MESSAGES[state])
    if state == Verification.REFUSED:
        message = message % {"reason": reason}
    notice_enqueue(
        key=f"{hold_key(convocation.pk)}.{state}", kind=UNLISTED_CANDIDATE, recipient=user,
        rule_id=rule_id or "STRAS-35", subject=attendance,
        context={"student_name": user.get_full_name() or user.email,
                 "module_title": f"{convocation.event.module.code} {convocation.event.module.title}",
                 "exam_date": fmt_date(convocation.event.start), "state": str(labels.get(state, state)),
                 "message": message,
                 "url": settings.CURSUS_SITE_URL.rstrip("/") + reverse("exams:my_exams")},
    )
