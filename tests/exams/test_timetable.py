"""Timetable publication (UTC-2.01-median-schedule, UTC-2.01-final-schedule, UTC-2.01-other-schedule,
ARL-ES17.3-exam-calendar)."""

from __future__ import annotations

from datetime import date

import pytest

from exams.rules.timetable import check_timetable_publication

from .conftest import at, pv

KEY = "exams.schedule_publication_lead_time"
MEDIANS = at(2026, 11, 2, 8)
FINALS = at(2027, 1, 11, 8)


@pytest.mark.parametrize(
    ("kind", "start", "published", "late", "deadline", "rule_id"),
    [
        ("median", MEDIANS, at(2026, 10, 23, 18), False, date(2026, 10, 23), "UTC-2.01-median-schedule"),
        ("median", MEDIANS, at(2026, 10, 24, 8), True, date(2026, 10, 23), "UTC-2.01-median-schedule"),
        ("final", FINALS, at(2026, 12, 27, 12), False, date(2026, 12, 27), "UTC-2.01-final-schedule"),
        ("final", FINALS, at(2027, 1, 1, 12), True, date(2026, 12, 27), "UTC-2.01-final-schedule"),  # 10 days
    ],
)
def test_utc_weeks(kind, start, published, late, deadline, rule_id, cal):
    d = check_timetable_publication(pv("utc", KEY), kind=kind, published_at=published, calendar=cal,
                                    period_start=start, preset="utc")
    assert (d.late, d.deadline.date(), d.rule_id) == (late, deadline, rule_id)
    if late:
        assert rule_id in d.message


@pytest.mark.parametrize(
    ("first", "published", "late", "deadline"),
    [
        (at(2026, 9, 20), at(2026, 9, 19, 20), False, date(2026, 9, 19)),  # before the first assessment
        (at(2026, 9, 20), at(2026, 9, 20, 7), True, date(2026, 9, 19)),
        (at(2026, 10, 15), at(2026, 10, 1, 20), False, date(2026, 10, 1)),  # one month after the start
        (at(2026, 10, 15), at(2026, 10, 2, 8), True, date(2026, 10, 1)),
        (None, at(2026, 10, 1, 8), False, date(2026, 10, 1)),
    ],
)
def test_utc_other_assessments(first, published, late, deadline, cal):
    d = check_timetable_publication(pv("utc", KEY), kind="other", published_at=published, calendar=cal,
                                    semester_start=date(2026, 9, 1), first_assessment=first, preset="utc")
    assert (d.late, d.deadline.date(), d.rule_id) == (late, deadline, "UTC-2.01-other-schedule")


def test_utc_median_outside_the_week_follows_the_other_rule(cal):
    d = check_timetable_publication(pv("utc", KEY), kind="median", in_designated_week=False,
                                    published_at=at(2026, 10, 2), calendar=cal, semester_start=date(2026, 9, 1),
                                    preset="utc")
    assert d.late and d.rule_id == "UTC-2.01-other-schedule"


@pytest.mark.parametrize(
    ("published", "late"), [(at(2026, 9, 8, 20), False), (at(2026, 9, 9, 8), True)]
)
def test_arl_start_of_semester_window(published, late, cal):
    d = check_timetable_publication(pv("iut-arl", KEY), kind="other", published_at=published, calendar=cal,
                                    semester_start=date(2026, 9, 1),
                                    semester_start_window=pv("iut-arl", "exams.schedule_semester_start_window"),
                                    preset="iut-arl")
    assert (d.late, d.rule_id) == (late, "ARL-ES17.3-exam-calendar")


@pytest.mark.parametrize("preset", ["tours", "strasbourg", "iut-rsy"])
def test_no_lead_time_elsewhere(preset, cal):
    d = check_timetable_publication(pv(preset, KEY), kind="final", published_at=at(2027, 1, 10), calendar=cal,
                                    period_start=FINALS, semester_start=date(2026, 9, 1), preset=preset)
    assert d.allowed and d.reason_code == "exams.no_lead_time"
