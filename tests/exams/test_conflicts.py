"""Conflicts: candidate double-booked, room double-booked, durations per room (TOURS-VI-3.2-room-durations), orals (STRAS-80)."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest

from exams.rules.accommodations import Accommodation, personal_end
from exams.rules.conflicts import (
    OralPassage,
    RoomBooking,
    Sitting,
    candidate_conflicts,
    check_oral_schedule,
    oral_schedule,
    room_conflicts,
)

from .conftest import at, pv, slot

H = timedelta(hours=1)


def test_candidate_with_two_exams_at_once():
    sittings = [
        Sitting("s1", "MATH", at(2027, 1, 11, 9), at(2027, 1, 11, 11)),
        Sitting("s1", "PHYS", at(2027, 1, 11, 10), at(2027, 1, 11, 12)),
        Sitting("s1", "CHIM", at(2027, 1, 11, 14), at(2027, 1, 11, 16)),
        Sitting("s2", "MATH", at(2027, 1, 11, 9), at(2027, 1, 11, 11)),
        Sitting("s2", "INFO", at(2027, 1, 11, 11), at(2027, 1, 11, 13)),  # back to back is fine
    ]
    found = candidate_conflicts(sittings)
    assert [(c.kind, c.subject, c.exam_ids) for c in found] == [("candidate_overlap", "s1", ("MATH", "PHYS"))]


def test_extra_time_can_create_a_conflict():
    exam = slot(120)
    end = personal_end(exam, Accommodation(extra_time=Fraction(1, 3)))
    sittings = [Sitting("s1", "MATH", exam.start, end), Sitting("s1", "INFO", at(2027, 1, 11, 11, 30), at(2027, 1, 11, 13))]
    assert len(candidate_conflicts(sittings)) == 1


@pytest.mark.parametrize(
    ("preset", "kinds"),
    [("tours", {"room_mixed_durations"}), ("strasbourg", set()), ("utc", set())],
)
def test_mixed_durations_in_one_room(preset, kinds):
    bookings = [RoomBooking("A", "AMPHI", at(2027, 1, 11, 9), 2 * H, 50),
                RoomBooking("B", "AMPHI", at(2027, 1, 11, 9), 3 * H, 50)]
    found = room_conflicts(bookings, capacities={"AMPHI": 200},
                           one_duration_per_room=pv(preset, "exams.one_duration_per_room"))
    assert {c.kind for c in found} == kinds
    if kinds:
        assert found[0].rule_id == "TOURS-VI-3.2-room-durations"


def test_room_double_booked_and_over_capacity():
    bookings = [
        RoomBooking("A", "B101", at(2027, 1, 11, 9), 2 * H, 30),
        RoomBooking("B", "B101", at(2027, 1, 11, 10), 2 * H, 30),  # starts while A runs
        RoomBooking("C", "B102", at(2027, 1, 11, 9), 2 * H, 20),
        RoomBooking("D", "B102", at(2027, 1, 11, 9), 2 * H, 20),  # shares the slot: fine if seats suffice
        RoomBooking("E", "B103", at(2027, 1, 11, 9), 2 * H, 30),
        RoomBooking("F", "B103", at(2027, 1, 11, 11), 2 * H, 30),  # follows E: fine
    ]
    found = room_conflicts(bookings, capacities={"B101": 60, "B102": 30, "B103": 30})
    assert sorted((c.kind, c.subject) for c in found) == [
        ("room_double_booked", "B101"), ("room_over_capacity", "B102")]


def test_oral_schedule_keeps_preparation_and_duration():
    passages = oral_schedule(start=at(2027, 1, 11, 14), candidate_ids=["a", "b", "c"],
                             preparation=timedelta(minutes=30), duration=timedelta(minutes=20),
                             extra_time={"b": Fraction(1, 3)})
    assert [(p.candidate_id, p.preparation_start, p.start, p.end) for p in passages] == [
        ("a", at(2027, 1, 11, 14), at(2027, 1, 11, 14, 30), at(2027, 1, 11, 14, 50)),
        ("b", at(2027, 1, 11, 14, 10), at(2027, 1, 11, 14, 50), at(2027, 1, 11, 15, 17)),
        ("c", at(2027, 1, 11, 14, 47), at(2027, 1, 11, 15, 17), at(2027, 1, 11, 15, 37)),
    ]
    assert check_oral_schedule(passages, preparation=timedelta(minutes=30), duration=timedelta(minutes=20),
                               extra_time={"b": Fraction(1, 3)}, rule_value=pv("strasbourg", "exams.oral_timing")) == []


def test_oral_schedule_violations_cite_the_rule():
    bad = [OralPassage("a", at(2027, 1, 11, 14), at(2027, 1, 11, 14, 20), at(2027, 1, 11, 14, 40)),
           OralPassage("b", at(2027, 1, 11, 14, 10), at(2027, 1, 11, 14, 35), at(2027, 1, 11, 14, 55))]
    found = check_oral_schedule(bad, preparation=timedelta(minutes=30), duration=timedelta(minutes=20),
                                rule_value=pv("strasbourg", "exams.oral_timing"))
    assert sorted(c.kind for c in found) == ["oral_examiner_overlap", "oral_short_preparation",
                                             "oral_short_preparation"]
    assert {c.rule_id for c in found} == {"STRAS-80"}
