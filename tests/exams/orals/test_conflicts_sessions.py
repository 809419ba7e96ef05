"""Candidate conflicts across sessions, oral passages counted as personal sittings, bounded queries."""

from __future__ import annotations

from datetime import date

import pytest

from exams.models import ExamEvent
from exams.services import conflicts_check
from exams.services.orals import oral_passages_generate
from tests.exams.office.factories import at, published_world
from tests.exams.office.factories import final_session as make_session

from .factories import oral_world, seat

pytestmark = pytest.mark.django_db


def _other_session(world, *, day: date = date(2026, 11, 16)):  # type: ignore[no-untyped-def]
    return make_session(world, kind="other", title="Épreuves hors semaine", start_date=day, end_date=day)


def _extra_exam(world, session, *, start, minutes=60):  # type: ignore[no-untyped-def]
    return ExamEvent.objects.create(session=session, module=world.module, title="R1.01 — rattrapage", start=start,
                                    duration_minutes=minutes)


def test_overlap_with_another_session_is_reported_on_both_sides():
    world = published_world(students=2)
    finals = make_session(world)
    from exams.services import events_generate_from_m3c

    first, _second = events_generate_from_m3c(actor=world.office, session=finals)  # 16/11 09:00-11:00
    other = _other_session(world)
    extra = _extra_exam(world, other, start=at(2026, 11, 16, 10))  # not seated: module candidates count
    found = [c for c in conflicts_check(finals) if c.kind == "candidate_overlap_sessions"]
    assert sorted(c.subject for c in found) == sorted(str(s.pk) for s in world.students)
    assert {c.exam_ids for c in found} == {(str(first.pk), str(extra.pk))}
    assert world.students[0].user.last_name in " ".join(c.message for c in found)
    mirror = [c for c in conflicts_check(other) if c.kind == "candidate_overlap_sessions"]
    assert len(mirror) == 2


def test_touching_or_other_days_are_not_conflicts_and_other_sessions_own_conflicts_are_not_reported():
    world = published_world(students=2)
    finals = make_session(world)
    from exams.services import events_generate_from_m3c

    events_generate_from_m3c(actor=world.office, session=finals)
    other = _other_session(world)
    _extra_exam(world, other, start=at(2026, 11, 16, 11))  # right after the 9-11 exam
    _extra_exam(world, other, start=at(2026, 11, 16, 14))
    _extra_exam(world, other, start=at(2026, 11, 16, 14, 30))  # conflicts with the 14:00 one, inside "other" only
    assert conflicts_check(finals) == []
    assert {c.kind for c in conflicts_check(other)} == {"candidate_overlap"}


def test_seated_exams_of_another_session_use_personal_end_times():
    world = published_world(students=2)
    finals = make_session(world)
    from exams.services import events_generate_from_m3c

    _first, _second = events_generate_from_m3c(actor=world.office, session=finals)
    other = _other_session(world)
    extra = _extra_exam(world, other, start=at(2026, 11, 16, 7), minutes=90)  # 7:00-8:30: clear of 9:00
    seat(world, extra, invigilators=False)
    assert conflicts_check(finals) == []
    ExamEvent.objects.filter(pk=extra.pk).update(start=at(2026, 11, 16, 8))
    from exams.models import Convocation

    Convocation.objects.filter(event=extra).update(end=at(2026, 11, 16, 9, 30))
    found = conflicts_check(finals)
    assert len(found) == 2 and {c.kind for c in found} == {"candidate_overlap_sessions"}


def test_oral_personal_passages_count_for_conflicts():
    ow = oral_world(students=3)  # oral at 9:00, 20 min + 30 min prep, one panel: passages end 9:50, 10:10, 10:30
    other = _other_session(ow.world)
    _extra_exam(ow.world, other, start=at(2026, 11, 16, 10, 15))
    assert conflicts_check(ow.session) == []  # the exam itself (9:00-9:20) is clear of 10:15
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    found = conflicts_check(ow.session)
    assert [(c.kind, c.subject) for c in found] == [("candidate_overlap_sessions", str(ow.world.students[0].pk))]


def test_oral_schedule_issues_are_conflicts_with_the_rule():
    ow = oral_world(students=2)
    passages = oral_passages_generate(actor=ow.world.office, event=ow.oral)
    from exams.models import OralPassage

    OralPassage.objects.filter(pk=passages[1].pk).update(start=passages[0].start, end=passages[0].end,
                                                         preparation_start=passages[0].preparation_start)
    found = conflicts_check(ow.session)
    assert ("oral_panel_overlap", "STRAS-80") in {(c.kind, c.rule_id) for c in found}


def test_conflict_check_queries_are_bounded(django_assert_max_num_queries):
    small = published_world(students=2)
    session = make_session(small)
    from exams.services import events_generate_from_m3c

    events_generate_from_m3c(actor=small.office, session=session)
    _extra_exam(small, _other_session(small), start=at(2026, 11, 16, 10))
    with django_assert_max_num_queries(14) as ctx:
        conflicts_check(session)
    baseline = len(ctx.captured_queries)
    from tests.exams.office.factories import register

    for i in range(6):
        register(small, last=f"Nom{i}", first="X")
    with django_assert_max_num_queries(baseline):
        conflicts_check(session)


def test_an_oral_panels_room_is_booked_while_it_hears():
    ow = oral_world(students=3)  # J1 hears 9:30-10:30
    from exams.models import EventRoom, OralPanel
    from exams.services import room_create

    c1 = room_create(actor=None, institution=ow.world.component.institution, code="C1", name="Bureau", capacity=4)
    OralPanel.objects.filter(pk=ow.panels[0].pk).update(room=c1)
    other = _other_session(ow.world)
    foreign = _extra_exam(ow.world, other, start=at(2026, 11, 16, 10, 45))
    EventRoom.objects.create(event=foreign, room=c1)
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    assert not [c for c in conflicts_check(ow.session) if c.kind.startswith("room")]  # 10:45: after the last passage
    ExamEvent.objects.filter(pk=foreign.pk).update(start=at(2026, 11, 16, 10))
    found = [c for c in conflicts_check(ow.session) if c.kind == "room_double_booked"]
    assert [(c.subject, set(c.exam_ids)) for c in found] == [("C1", {str(ow.oral.pk), str(foreign.pk)})]
