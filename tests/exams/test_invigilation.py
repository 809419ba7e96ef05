"""Invigilators per room (TOURS-VI-3.2-min-invigilators, STRAS-46) and the invigilation calendar (STRAS-47)."""

from __future__ import annotations

import pytest

from exams.rules.invigilation import (
    Invigilator,
    check_invigilation_calendar,
    check_room_invigilation,
    required_invigilators,
)

from .conftest import at, pv

KEY = "exams.min_invigilators"


@pytest.mark.parametrize(
    ("preset", "counts", "head", "rule_id"),
    [
        ("tours", (2, 2, 2, 2), True, "TOURS-VI-3.2-min-invigilators"),
        ("strasbourg", (1, 1, 2, 2), True, "STRAS-46"),
        ("utc", (0, 0, 0, 0), False, "UTC-2.04-roles-finals"),
        ("iut-arl", (0, 0, 0, 0), False, ""),
        ("iut-rsy", (0, 0, 0, 0), False, ""),
    ],
)
def test_minimum_per_room_for_30_99_100_250(preset, counts, head, rule_id):
    got = [required_invigilators(pv(preset, KEY), candidates=n, preset=preset) for n in (30, 99, 100, 250)]
    assert tuple(r.minimum for r in got) == counts
    assert {r.head_of_room for r in got} == {head}
    assert {r.rule_id for r in got} == {rule_id}


@pytest.mark.parametrize(
    ("preset", "candidates", "team", "allowed", "code"),
    [
        ("strasbourg", 100, [Invigilator("a", True)], False, "exams.invigilators_missing"),
        ("strasbourg", 100, [Invigilator("a"), Invigilator("b")], False, "exams.head_of_room_missing"),
        ("strasbourg", 100, [Invigilator("a", True), Invigilator("b", True)], False, "exams.head_of_room_duplicate"),
        ("strasbourg", 100, [Invigilator("a", True), Invigilator("b")], True, "exams.invigilation_ok"),
        ("strasbourg", 99, [Invigilator("a", True)], True, "exams.invigilation_ok"),
        ("tours", 12, [Invigilator("a", True)], False, "exams.invigilators_missing"),
        ("tours", 12, [Invigilator("a", True), Invigilator("a")], False, "exams.invigilators_missing"),
        ("tours", 12, [Invigilator("a", True), Invigilator("b")], True, "exams.invigilation_ok"),
        ("utc", 300, [], True, "exams.invigilation_ok"),
    ],
)
def test_room_team(preset, candidates, team, allowed, code):
    d = check_room_invigilation(pv(preset, KEY), candidates=candidates, invigilators=team, preset=preset)
    assert (d.allowed, d.reason_code) == (allowed, code)


@pytest.mark.parametrize(
    ("preset", "sent", "allowed", "late", "rule_id"),
    [
        ("strasbourg", at(2026, 12, 27, 18, 0), True, False, "STRAS-47"),
        ("strasbourg", at(2026, 12, 28, 8, 0), False, True, "STRAS-47"),
        ("strasbourg", None, True, False, "STRAS-47"),
        ("tours", at(2027, 1, 10, 8, 0), True, False, ""),
        ("utc", at(2027, 1, 10, 8, 0), True, False, ""),
    ],
)
def test_invigilation_calendar_15_days_before_the_session(preset, sent, allowed, late, rule_id, cal):
    d = check_invigilation_calendar(pv(preset, "exams.invigilation_calendar_lead_time"),
                                    session_start=at(2027, 1, 11), sent_at=sent, calendar=cal, preset=preset)
    assert (d.allowed, d.late, d.rule_id) == (allowed, late, rule_id)
    if preset == "strasbourg":
        assert d.deadline == at(2026, 12, 27, 23, 59).replace(second=59)
