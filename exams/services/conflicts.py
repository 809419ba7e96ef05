"""Timetable conflicts of a session (exams.rules.conflicts, TOURS-VI-3.2-room-durations, STRAS-80).

Set-based: a fixed number of queries whatever the size of the session (plus one per 5,000 candidates
for the cross-session lookup). A candidate's sitting is their convocation (personal end with extra
time) or, for an oral with passages, their personal passage (preparation start → end). Other
sessions' exams on the same days count: a student convoked to two overlapping exams of different
sessions is a conflict like the in-session ones (decision OR-05).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Count, Max, Min

from enrollment.models import Student
from exams.models import Convocation, EventRoom, ExamEvent, ExamSession, OralPassage
from exams.rules.conflicts import Conflict, RoomBooking, Sitting, candidate_conflicts, room_conflicts
from exams.selectors import module_candidates
from exams.services.common import SessionProfile

ID_BATCH = 5000


def _passages(event_ids: list[int]) -> dict[tuple[int, int], tuple[datetime, datetime]]:
    """Each candidate's oral passage interval (preparation start, end) per (event, student)."""
    rows = OralPassage.objects.filter(schedule__event_id__in=event_ids).values_list(
        "schedule__event_id", "student_id", "preparation_start", "end")
    return {(e, s): (p, end) for e, s, p, end in rows}


def _sittings(events: list[ExamEvent], passages: dict[tuple[int, int], tuple[datetime, datetime]],
              student_ids: set[int] | None = None) -> list[Sitting]:
    """Sittings of ``events`` (seated: convocations; not yet seated: module candidates), optionally
    restricted to ``student_ids``."""
    by_id = {e.pk: e for e in events}
    out: list[Sitting] = []
    seated = {e.pk for e in events if getattr(e, "seated", None)} if student_ids is not None else set()
    conv = Convocation.objects.filter(event_id__in=list(by_id))
    chunks: list[list[int] | None] = [None]
    if student_ids is not None:
        ids = sorted(student_ids)
        chunks = [ids[i:i + ID_BATCH] for i in range(0, len(ids), ID_BATCH)]
    for chunk in chunks:
        qs = conv if chunk is None else conv.filter(student_id__in=chunk)
        for event_id, student_id, end in qs.values_list("event_id", "student_id", "end"):
            seated.add(event_id)
            event = by_id[event_id]
            start, end = passages.get((event_id, student_id), (event.start, end))
            out.append(Sitting(str(student_id), str(event_id), start, end, str(event.session_id)))
    pending = [e for e in events if e.pk not in seated]
    if pending:
        candidates = module_candidates({e.module_id for e in pending})
        for e in pending:
            base_end = e.start + timedelta(minutes=e.duration_minutes)
            for c in candidates.get(e.module_id, []):
                if student_ids is not None and c.student_id not in student_ids:
                    continue
                start, end = passages.get((e.pk, c.student_id), (e.start, base_end))
                out.append(Sitting(str(c.student_id), str(e.pk), start, end, str(e.session_id)))
    return out


def _oral_spans(event_ids: set[int]) -> dict[int, tuple[datetime, timedelta]]:
    """An oral with passages occupies its rooms from the first preparation to the last passage's end."""
    rows = (OralPassage.objects.filter(schedule__event_id__in=list(event_ids)).values("schedule__event_id")
            .annotate(first=Min("preparation_start"), last=Max("end")).values_list("schedule__event_id", "first", "last")
            .order_by())
    return {e: (first, last - first) for e, first, last in rows}


def _panel_rooms(session: ExamSession) -> list[tuple[int, int, str, int, datetime, datetime]]:
    """(event, room id, room code, capacity, first passage start, last passage end) per oral panel with a room."""
    return list(
        OralPassage.objects.filter(schedule__event__session=session, panel__room__isnull=False)
        .values_list("schedule__event_id", "panel__room_id", "panel__room__code", "panel__room__capacity")
        .annotate(first=Min("start"), last=Max("end")).order_by()
    )


def _other_events(session: ExamSession) -> list[ExamEvent]:
    """Other sessions' exams over the same days (one day of margin each side)."""
    return list(
        ExamEvent.objects.filter(
            start__date__range=(session.start_date - timedelta(days=1), session.end_date + timedelta(days=1)))
        .exclude(session=session).annotate(seated=Count("convocations")).order_by("start", "id")
    )


def _labels(candidate_ids: set[str]) -> dict[str, str]:
    rows = Student.objects.filter(pk__in=[int(c) for c in candidate_ids]).values_list(
        "pk", "user__first_name", "user__last_name", "student_number")
    return {str(pk): f"{first} {last} ({number})".strip() for pk, first, last, number in rows}


def candidate_sittings_conflicts(session: ExamSession, events: list[ExamEvent]) -> list[Conflict]:
    """Candidates with two exams at once, in this session or across sessions (personal intervals)."""
    others = _other_events(session)
    passages = _passages([e.pk for e in events] + [e.pk for e in others])
    sittings = _sittings(events, passages)
    if others:
        students = {int(s.candidate_id) for s in sittings}
        sittings += _sittings(others, passages, students)
    focus = str(session.pk)
    found = candidate_conflicts(sittings, focus_session=focus)
    if not found:
        return found
    involved = {c.subject for c in found}
    return candidate_conflicts([s for s in sittings if s.candidate_id in involved], focus_session=focus,
                               labels=_labels(involved))


def oral_conflicts(events: list[ExamEvent], profile: SessionProfile) -> list[Conflict]:
    """Issues of the oral passage schedules (STRAS-80): shortened time, panel overlaps, breaks."""
    from exams.services.orals import schedule_issues

    oral_ids = [e.pk for e in events if e.nature == "oral"]
    if not oral_ids:
        return []
    by_event = schedule_issues(oral_ids, profile)
    out: list[Conflict] = []
    for event_id, issues in by_event.items():
        out += [Conflict(i.code.removeprefix("exams."), (str(event_id),), "/".join(i.candidate_ids), i.rule_id,
                         i.message) for i in issues]
    return out


def conflicts_check(session: ExamSession, *, profile: SessionProfile | None = None) -> list[Conflict]:
    """Candidates with two exams at once (personal end times and oral passages, across sessions too),
    rooms double-booked or over capacity, mixed durations in one room where the profile forbids
    them, and oral schedules that break STRAS-80. Exam ids are event pks."""
    profile = profile or SessionProfile(session)
    events = list(ExamEvent.objects.filter(session=session).order_by("start", "id"))
    by_id = {e.pk: e for e in events}
    out = candidate_sittings_conflicts(session, events)
    bookings, capacities = [], {}
    own = list(EventRoom.objects.filter(event__session=session).select_related("room"))
    panels = _panel_rooms(session)
    # rooms booked by other sessions over the same days count too (a room serves every session)
    others = EventRoom.objects.filter(
        room_id__in={er.room_id for er in own} | {p[1] for p in panels},
        event__start__date__range=(session.start_date - timedelta(days=1), session.end_date + timedelta(days=1)),
    ).exclude(event__session=session).select_related("room", "event")
    rooms = [*own, *others]
    spans = _oral_spans({er.event_id for er in rooms})
    for er in rooms:
        event = by_id.get(er.event_id) or er.event
        start, length = spans.get(event.pk, (event.start, timedelta(minutes=event.duration_minutes)))
        bookings.append(RoomBooking(str(event.pk), er.room.code, start, length, er.planned_headcount))
        capacities[er.room.code] = er.room.capacity
    for event_id, _room_id, code, capacity, first, last in panels:  # an oral panel's room, while it hears
        bookings.append(RoomBooking(str(event_id), code, first, last - first, 0))
        capacities[code] = capacity
    out += room_conflicts(bookings, capacities=capacities, one_duration_per_room=profile["exams.one_duration_per_room"])
    out += oral_conflicts(events, profile)
    return out


def conflicts_by_event(conflicts: list[Conflict]) -> dict[int, list[Conflict]]:
    out: dict[int, list[Conflict]] = defaultdict(list)
    for c in conflicts:
        for i in c.exam_ids:
            out[int(i)].append(c)
    return dict(out)
