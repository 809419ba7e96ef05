"""Exits, presence before the start, overtime — per preset."""

from __future__ import annotations

from datetime import timedelta

import pytest

from exams.rules.base import ExamEvents
from exams.rules.exits import (
    decide_definitive_exit,
    decide_temporary_exit,
    overtime_consequence,
    presence_window,
)

from .conftest import at, pv, slot

EXIT = "exams.min_presence_before_definitive_exit"


@pytest.mark.parametrize(
    ("preset", "minutes", "distributed", "leave", "allowed", "earliest", "rule_id"),
    [
        ("utc", 120, None, at(2027, 1, 11, 9, 29), False, at(2027, 1, 11, 9, 30), "UTC-3.02c-early-exit"),
        ("utc", 120, None, at(2027, 1, 11, 9, 30), True, at(2027, 1, 11, 9, 30), "UTC-3.02c-early-exit"),
        ("utc", 120, at(2027, 1, 11, 9, 10), at(2027, 1, 11, 9, 35), False, at(2027, 1, 11, 9, 40),
         "UTC-3.02c-early-exit"),
        ("tours", 120, None, at(2027, 1, 11, 9, 44), False, at(2027, 1, 11, 9, 45), "TOURS-VI-3.1-early-exit"),
        ("tours", 120, at(2027, 1, 11, 9, 10), at(2027, 1, 11, 9, 54), False, at(2027, 1, 11, 9, 55),
         "TOURS-VI-3.1-early-exit"),
        ("tours", 120, at(2027, 1, 11, 9, 10), at(2027, 1, 11, 9, 55), True, at(2027, 1, 11, 9, 55),
         "TOURS-VI-3.1-early-exit"),
        ("strasbourg", 180, None, at(2027, 1, 11, 9, 59), False, at(2027, 1, 11, 10, 0), "STRAS-51"),
        ("strasbourg", 180, None, at(2027, 1, 11, 10, 0), True, at(2027, 1, 11, 10, 0), "STRAS-51"),
        ("strasbourg", 60, None, at(2027, 1, 11, 9, 59), False, at(2027, 1, 11, 10, 0), "STRAS-51"),
        ("strasbourg", 45, None, at(2027, 1, 11, 9, 40), False, at(2027, 1, 11, 9, 45), "STRAS-51"),
        # distribution does not move Strasbourg's anchor (scheduled start)
        ("strasbourg", 180, at(2027, 1, 11, 9, 10), at(2027, 1, 11, 10, 0), True, at(2027, 1, 11, 10, 0), "STRAS-51"),
        ("iut-arl", 120, None, at(2027, 1, 11, 9, 1), True, None, ""),
        ("iut-rsy", 120, None, at(2027, 1, 11, 9, 1), True, None, ""),
    ],
)
def test_earliest_definitive_exit(preset, minutes, distributed, leave, allowed, earliest, rule_id):
    d = decide_definitive_exit(pv(preset, EXIT), slot=slot(minutes), at=leave,
                               events=ExamEvents(first_distribution_at=distributed), preset=preset)
    assert (d.allowed, d.earliest, d.rule_id) == (allowed, earliest, rule_id)


@pytest.mark.parametrize(("preset", "exempt"), [("utc", True), ("tours", False), ("strasbourg", False)])
def test_accommodated_candidates_exempt_only_where_the_profile_says(preset, exempt):
    d = decide_definitive_exit(pv(preset, EXIT), slot=slot(120), at=at(2027, 1, 11, 9, 10), has_accommodation=True,
                               exemptions=pv(preset, "exams.early_exit_exemptions"), preset=preset)
    assert d.allowed is exempt


TEMP = "exams.temporary_exit_rule"


@pytest.mark.parametrize(
    ("preset", "minutes", "out", "reason", "allowed", "code", "escort"),
    [
        ("tours", 60, 0, None, False, "exams.temporary_exit_short_exam", ""),
        ("tours", 60, 0, "medical", True, "exams.temporary_exit_allowed", "required"),
        ("tours", 61, 0, None, True, "exams.temporary_exit_allowed", "required"),
        ("tours", 120, 1, None, False, "exams.temporary_exit_one_at_a_time", ""),
        ("strasbourg", 60, 0, None, True, "exams.temporary_exit_allowed", "preferred"),
        ("strasbourg", 120, 1, None, False, "exams.temporary_exit_one_at_a_time", ""),
        ("utc", 60, 3, None, True, "exams.temporary_exit_allowed", ""),
        ("iut-arl", 60, 0, None, True, "exams.temporary_exit_not_regulated", ""),
    ],
)
def test_temporary_exit(preset, minutes, out, reason, allowed, code, escort):
    d = decide_temporary_exit(pv(preset, TEMP), slot=slot(minutes), currently_out=out, reason=reason, preset=preset)
    assert (d.allowed, d.reason_code, d.escort) == (allowed, code, escort)
    assert d.extra_time_granted == timedelta(0)


@pytest.mark.parametrize(
    ("preset", "opens", "present_by", "rule_id"),
    [
        ("utc", None, at(2027, 1, 11, 8, 45), "UTC-3.01b-arrival"),
        ("strasbourg", None, at(2027, 1, 11, 8, 45), "STRAS-31"),
        ("tours", at(2027, 1, 11, 8, 30), at(2027, 1, 11, 8, 45), "TOURS-VI-3.2-roll-call"),
        ("iut-arl", None, None, ""),
    ],
)
def test_presence_before_start(preset, opens, present_by, rule_id):
    w = presence_window(pv(preset, "exams.presence_before_start"), slot=slot(120), preset=preset)
    assert (w.opens_at, w.present_by, w.rule_id) == (opens, present_by, rule_id)


@pytest.mark.parametrize(
    ("preset", "code", "rule_id"),
    [
        ("utc", "exams.overtime_notify_and_optional_penalty", "UTC-3.02e-end"),
        ("iut-rsy", "exams.overtime_copy_may_be_refused", "RSY-A5-copy"),
        ("strasbourg", "exams.overtime_pv_and_jury_decides", "STRAS-78"),
        ("tours", "exams.overtime_recorded", ""),
    ],
)
def test_overtime(preset, code, rule_id):
    d = overtime_consequence(pv(preset, "exams.overtime_handling"), preset=preset)
    assert (d.reason_code, d.rule_id) == (code, rule_id)


def test_the_refusal_names_the_earliest_exit_in_paris_time_even_from_a_utc_timestamp():
    from datetime import UTC

    start = at(2027, 1, 11).astimezone(UTC)  # 08:00 UTC = 09:00 in Paris
    d = decide_definitive_exit(pv("tours", EXIT), slot=slot(120, start=start), at=start + timedelta(minutes=10),
                               preset="tours")
    assert not d.allowed and "09:45" in d.message
