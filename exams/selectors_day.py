"""Reads of the exam day (STYLE selectors): the candidates of a room with their attendance, counts,
absentees, an invigilator's assignments, on-site additions awaiting verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F, Prefetch, Q, QuerySet

from core.models import User
from enrollment.models import Student
from exams.models import (
    Attendance,
    AttendanceStatus,
    Convocation,
    EventRoom,
    ExamReport,
    InvigilatorAssignment,
)
from exams.models.attendance import MISSED_STATUSES, PRESENT_STATUSES, RoomLog, TemporaryExit


def room_convocations(event_room: EventRoom) -> QuerySet[Convocation]:
    """The candidates seated in the room (on-site additions included), with attendance and exits."""
    return (
        Convocation.objects.filter(event_id=event_room.event_id, room_id=event_room.room_id)
        .select_related("student__user", "attendance")
        .prefetch_related(Prefetch("attendance__exits", queryset=TemporaryExit.objects.order_by("out_at", "id")))
        .order_by("seat_number", "student__user__last_name", "student__user__first_name", "id")
    )


def room_candidates(event_room: EventRoom, *, search: str = "") -> list[Convocation]:
    """``room_convocations`` filtered by name, first name, student number or seat (the phone page search)."""
    rows = room_convocations(event_room)
    term = search.strip()
    if term:
        match = (Q(student__user__last_name__icontains=term) | Q(student__user__first_name__icontains=term)
                 | Q(student__student_number__icontains=term))
        if term.isdigit():
            match |= Q(seat_number=int(term))
        rows = rows.filter(match)
    return list(rows)


def attendance_for(event_room: EventRoom) -> dict[int, Attendance]:
    """Attendance rows of a room keyed by convocation id (a convocation without a row is expected)."""
    return {a.convocation_id: a for a in Attendance.objects.filter(event_room=event_room)}


def absent_convocations(event_room: EventRoom) -> list[Convocation]:
    """Candidates of the room recorded absent or refused as latecomers (the report's absentees)."""
    return list(
        Convocation.objects.filter(event_id=event_room.event_id, room_id=event_room.room_id,
                                   attendance__status__in=list(MISSED_STATUSES))
        .select_related("student__user", "event__session", "attendance").order_by("seat_number", "id")
    )


@dataclass(frozen=True)
class RoomCounts:
    enrolled: int
    present: int
    signatures: int
    absent: int
    unrecorded: int
    out: int
    recorded: int  # attendance rows (0: the room signed on paper only)


def room_counts(event_room: EventRoom) -> RoomCounts:
    """Figures of the PV from the attendance (STRAS-54, TOURS-VI-3.2-pv-content): enrolled = candidates
    seated in the room, present, signatures."""
    enrolled = Convocation.objects.filter(event_id=event_room.event_id, room_id=event_room.room_id).count()
    rows = list(Attendance.objects.filter(event_room=event_room).values_list("status", "signed_at", "left_at"))
    present = sum(1 for s, _sig, _left in rows if s in PRESENT_STATUSES)
    out = TemporaryExit.objects.filter(attendance__event_room=event_room, back_at__isnull=True).count()
    return RoomCounts(
        enrolled=enrolled, present=present, signatures=sum(1 for _s, sig, _left in rows if sig is not None),
        absent=sum(1 for s, _sig, _left in rows if s in MISSED_STATUSES),
        unrecorded=enrolled - sum(1 for s, _sig, _left in rows if s != AttendanceStatus.EXPECTED),
        out=out, recorded=len(rows),
    )


def room_log(event_room: EventRoom) -> RoomLog | None:
    return RoomLog.objects.filter(event_room=event_room).first()


def invigilations_for(user: User, *, since: datetime) -> list[InvigilatorAssignment]:
    """The rooms a person invigilates (not replaced) from ``since`` on, soonest first."""
    return list(
        InvigilatorAssignment.objects.filter(user=user, replaced_by__isnull=True,
                                             event_room__event__start__gte=since - timedelta(hours=12))
        .select_related("event_room__room", "event_room__event__module", "event_room__event__session")
        .order_by("event_room__event__start", "event_room__room__code")
    )


def unlisted_for_session(session_id: int) -> list[Attendance]:
    """Candidates added on site during a session, pending first (STRAS-35 verification)."""
    return list(
        Attendance.objects.filter(added_on_site=True, event_room__event__session_id=session_id)
        .select_related("convocation__student__user", "event_room__room", "event_room__event__module", "verified_by")
        .order_by(F("verified_at").asc(nulls_first=True), "event_room__event__start", "id")
    )


def room_report(event_room: EventRoom) -> ExamReport | None:
    return ExamReport.objects.filter(event_room=event_room).first()


def institution_students(institution_id: int, term: str, *, limit: int = 10) -> list[Student]:
    """Students of the institution matching a name, number or e-mail (adding an unlisted candidate)."""
    term = term.strip()
    if len(term) < 2:
        return []
    match = (Q(user__last_name__icontains=term) | Q(user__first_name__icontains=term)
             | Q(student_number__iexact=term) | Q(user__email__iexact=term))
    return list(Student.objects.filter(match, institution_id=institution_id).select_related("user")
                .order_by("user__last_name", "user__first_name", "id")[:limit])
