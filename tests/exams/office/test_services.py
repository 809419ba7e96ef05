"""Services of the exam office: generation from the M3C, seats, invigilators, conflicts, publication."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.errors import ApplicationError, TransitionNotAllowed
from core.models import Deadline, Notice
from courses.models import ProgrammeVersion
from exams.models import Convocation, EventRoom
from exams.services import (
    conflicts_check,
    event_rooms_set,
    event_update,
    events_generate_from_m3c,
    invigilator_assign,
    invigilator_replace,
    seats_allocate,
    session_publish,
)
from tests.factories import UserFactory

from .factories import at, final_session, published_world, tiers_temps

pytestmark = pytest.mark.django_db


def _ready(world, session, *, invigilators: int = 0):  # type: ignore[no-untyped-def]
    events = events_generate_from_m3c(actor=world.office, session=session)
    for event in events:
        event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"], world.rooms["B12"]])
        seats_allocate(actor=world.office, event=event)
        for er in EventRoom.objects.filter(event=event):
            for i in range(invigilators):
                invigilator_assign(actor=world.office, event_room=er, user=UserFactory(), is_head=i == 0)
    return events


def test_generation_from_published_m3c_is_idempotent_and_copies_the_m3c():
    world = published_world()
    session = final_session(world)
    events = events_generate_from_m3c(actor=world.office, session=session)
    assert [(e.assessment.code, e.start, e.duration_minutes, e.nature) for e in events] == [
        ("E1", at(2026, 11, 16), 120, "written"), ("E2", at(2026, 11, 23), 120, "written")]
    assert events_generate_from_m3c(actor=world.office, session=session) == []
    assert session.events.count() == 2


def test_generation_refused_when_m3c_not_published():
    world = published_world()
    ProgrammeVersion.objects.filter(pk=world.built.version.pk).update(state="draft")
    with pytest.raises(ApplicationError) as exc:
        events_generate_from_m3c(actor=world.office, session=final_session(world))
    assert exc.value.code == "exams.m3c_not_published"


def test_extra_time_student_in_adapted_room_with_later_end():
    world = published_world()
    tiers_temps(world.students[0])
    session = final_session(world)
    event = events_generate_from_m3c(actor=world.office, session=session)[0]
    event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"], world.rooms["B12"]])
    seats_allocate(actor=world.office, event=event)
    rows = {c.student_id: c for c in Convocation.objects.filter(event=event)}
    special = rows[world.students[0].pk]
    assert special.room.code == "B12" and special.end == at(2026, 11, 16, 11, 40)  # 120 min × 4/3
    assert special.extra_minutes == 40 and special.accommodations
    others = [rows[s.pk] for s in world.students[1:]]
    assert all(c.room.code == "A101" and c.end == at(2026, 11, 16, 11) for c in others)
    # alphabetical, accent-insensitive: Ândré before Martin
    assert [c.student.user.last_name for c in sorted(others, key=lambda c: c.seat_number)] == ["Ândré", "Martin"]
    assert all(c.anonymity_number is None for c in rows.values())  # UTC profile: no anonymity


def test_anonymity_numbers_when_the_profile_requires_it():
    world = published_world("tours")
    session = final_session(world)
    event = events_generate_from_m3c(actor=world.office, session=session)[0]
    event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"]])
    seats_allocate(actor=world.office, event=event)
    numbers = list(Convocation.objects.filter(event=event).values_list("anonymity_number", flat=True))
    assert len(numbers) == 3 and all(100_000 <= n < 1_000_000 for n in numbers) and len(set(numbers)) == 3


def test_student_two_exams_at_once_is_a_conflict_and_blocks_publication():
    world = published_world()
    session = final_session(world)
    e1, e2 = _ready(world, session)
    event_update(actor=world.office, event=e2, start=e1.start + timedelta(minutes=60))
    kinds = {c.kind for c in conflicts_check(session)}
    assert "candidate_overlap" in kinds and "room_double_booked" in kinds
    with pytest.raises(ApplicationError) as exc:
        session_publish(actor=world.office, session=session, now=at(2026, 10, 20))
    assert exc.value.code == "exams.conflicts"


def test_mixed_durations_in_one_room_only_where_the_profile_forbids():
    for preset, expected in (("tours", True), ("utc", False)):
        world = published_world(preset)
        session = final_session(world)
        e1, e2 = _ready(world, session)
        event_update(actor=world.office, event=e2, start=e1.start, duration_minutes=60)
        conflicts = [c for c in conflicts_check(session) if c.kind == "room_mixed_durations"]
        assert bool(conflicts) is expected
        if expected:
            assert conflicts[0].rule_id == "TOURS-VI-3.2-room-durations"


def test_publication_refused_under_the_minimum_of_invigilators_with_rule_id():
    world = published_world("tours")
    session = final_session(world)
    _ready(world, session, invigilators=1)
    with pytest.raises(ApplicationError) as exc:
        session_publish(actor=world.office, session=session, now=at(2026, 10, 20))
    assert exc.value.code == "exams.invigilation_insufficient"
    assert exc.value.rule_id == "TOURS-VI-3.2-min-invigilators"


def test_replacement_is_recorded_and_keeps_the_head():
    world = published_world("tours")
    session = final_session(world)
    events = _ready(world, session, invigilators=2)
    head = EventRoom.objects.filter(event=events[0]).first().invigilators.get(is_head=True)
    with pytest.raises(ApplicationError):
        invigilator_replace(actor=world.office, assignment=head, user=UserFactory(), reason=" ")
    new = invigilator_replace(actor=world.office, assignment=head, user=UserFactory(), reason="Malade")
    head.refresh_from_db()
    assert new.is_head and head.replaced_by == new and head.replacement_reason == "Malade" and not head.is_head


def test_publication_in_time_opens_and_meets_deadlines_and_queues_notices(django_capture_on_commit_callbacks,
                                                                         mailoutbox):
    world = published_world()
    session = final_session(world)
    _ready(world, session)
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(actor=world.office, session=session, now=at(2026, 10, 20))
    session.refresh_from_db()
    assert session.state == "published" and not session.timetable_late and not session.convocation_late
    deadline = Deadline.objects.get(key=f"exams:timetable_publication:{session.pk}")
    assert deadline.rule_id == "UTC-2.01-final-schedule" and deadline.state == "met"
    assert Notice.objects.filter(kind="exams.convocation").count() == 6  # 3 students × 2 exams
    assert len(mailoutbox) == 6
    with pytest.raises(TransitionNotAllowed):
        session_publish(actor=world.office, session=session, now=at(2026, 10, 21))


def test_late_publication_is_flagged_with_rule_id_not_blocked():
    world = published_world()
    session = final_session(world)
    _ready(world, session)
    session_publish(actor=world.office, session=session, now=at(2026, 11, 6))  # 10 days before finals
    session.refresh_from_db()
    assert session.state == "published"
    assert session.timetable_late and session.timetable_check["rule_id"] == "UTC-2.01-final-schedule"
    assert session.convocation_late and session.convocation_check["rule_id"] == "UTC-2.02-convocation-final"


def test_change_after_publication_renotifies_with_a_new_key(django_capture_on_commit_callbacks, mailoutbox):
    world = published_world()
    session = final_session(world)
    e1, _e2 = _ready(world, session)
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(actor=world.office, session=session, now=at(2026, 10, 20))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_update(actor=world.office, event=e1, start=at(2026, 11, 17, 14))
    assert len(mailoutbox) == 3
    assert all("[Modification]" in m.subject and "17/11/2026" in m.body for m in mailoutbox)
    keys = set(Notice.objects.filter(kind="exams.convocation", key__startswith=f"convocation:{e1.pk}:")
               .values_list("key", flat=True))
    assert {k.rsplit(":", 1)[1] for k in keys} == {"0", "1"}


def test_attendance_exempt_student_gets_an_individual_convocation_under_collective_posting(
        django_capture_on_commit_callbacks, mailoutbox):
    from .factories import register

    world = published_world("tours", students=1)
    exempt = register(world, last="Durand", first="Inès", dispense_assiduite=True)
    session = final_session(world)
    _ready(world, session, invigilators=2)
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(actor=world.office, session=session, now=at(2026, 10, 20))
    row = Convocation.objects.filter(student=exempt).first()
    assert row.individual_required
    assert not Convocation.objects.filter(student=world.students[0]).first().individual_required
    notice = Notice.objects.get(key=f"convocation:{row.event_id}:{exempt.pk}:0")
    assert notice.rule_id == "TOURS-VI-1-individual"
    assert any(m.to == [exempt.user.email] for m in mailoutbox)


def test_room_booked_by_another_session_at_an_overlapping_time_is_a_conflict():
    world = published_world(students=1)
    first = final_session(world)
    e1, _e2 = _ready(world, first)
    other = final_session(world, title="Rattrapages internes", kind="other")
    foreign = events_generate_from_m3c(actor=world.office, session=other)[0]
    # same students at the same times in the other session: a cross-session candidate conflict (H2, OR-09)
    assert {c.kind for c in conflicts_check(first)} == {"candidate_overlap_sessions"}
    event_update(actor=world.office, event=foreign, start=e1.start + timedelta(minutes=30))
    event_rooms_set(actor=world.office, event=foreign, rooms=[world.rooms["A101"]])
    conflicts = [c for c in conflicts_check(first) if c.kind == "room_double_booked"]
    assert conflicts and set(conflicts[0].exam_ids) == {str(e1.pk), str(foreign.pk)}


def test_invigilation_calendar_sent_late_is_flagged_with_stras_47(django_capture_on_commit_callbacks, mailoutbox):
    from exams.services.invigilation_calendar import invigilation_calendar_send

    world = published_world("strasbourg", students=1)
    session = final_session(world)
    _ready(world, session, invigilators=2)
    with django_capture_on_commit_callbacks(execute=True):
        people = invigilation_calendar_send(actor=world.office, session=session, now=at(2026, 11, 6))
    assert people == 8  # 2 new people per room (A101, B12) and exam (2)
    assert session.invigilation_check["late"] and session.invigilation_check["rule_id"] == "STRAS-47"
    assert len(mailoutbox) == 8 and mailoutbox[0].attachments[0][0] == "surveillances.ics"
    assert "16/11/2026" in mailoutbox[0].body
