"""Timetable conflicts of a session (exams.rules.conflicts, TOURS-VI-3.2-room-durations)."""

from __future__ import annotations

from datetime import timedelta

from exams.models import Convocation, EventRoom, ExamEvent, ExamSession
from exams.rules.conflicts import Conflict, RoomBooking, Sitting, candidate_conflicts, room_conflicts
from exams.selectors import module_candidates
from exams.services.common import SessionProfile


def conflicts_check(session: ExamSession, *, profile: SessionProfile | None = None) -> list[Conflict]:
    """Candidates with two exams at once (their personal end times), rooms double-booked or over
    capacity, and mixed durations in one room where the profile forbids them. Exam ids are event pks."""
    profile = profile or SessionProfile(session)
    events = list(ExamEvent.objects.filter(session=session).order_by("start", "id"))
    by_id = {e.pk: e for e in events}
    sittings: list[Sitting] = []
    seated: set[int] = set()
    for event_id, student_id, end in Convocation.objects.filter(event__session=session).values_list(
            "event_id", "student_id", "end"):
        seated.add(event_id)
        sittings.append(Sitting(str(student_id), str(event_id), by_id[event_id].start, end))
    pending = [e for e in events if e.pk not in seated]
    if pending:
        candidates = module_candidates({e.module_id for e in pending})
        for e in pending:
            end = e.start + timedelta(minutes=e.duration_minutes)
            sittings += [Sitting(str(c.student_id), str(e.pk), e.start, end) for c in candidates.get(e.module_id, [])]
    bookings, capacities = [], {}
    own = list(EventRoom.objects.filter(event__session=session).select_related("room"))
    # rooms booked by other sessions over the same days count too (a room serves every session)
    others = EventRoom.objects.filter(
        room_id__in={er.room_id for er in own},
        event__start__date__range=(session.start_date - timedelta(days=1), session.end_date + timedelta(days=1)),
    ).exclude(event__session=session).select_related("room", "event")
    for er in [*own, *others]:
        event = by_id.get(er.event_id) or er.event
        bookings.append(RoomBooking(str(event.pk), er.room.code, event.start, timedelta(minutes=event.duration_minutes),
                                    er.planned_headcount))
        capacities[er.room.code] = er.room.capacity
    out = candidate_conflicts(sittings)
    out += room_conflicts(bookings, capacities=capacities, one_duration_per_room=profile["exams.one_duration_per_room"])
    return out
