"""Where a copy lot stands (exams.selectors_archive.lot_status): a pure table, no database
(UTC-5.03a-retention, STRAS-113)."""

from __future__ import annotations

from datetime import date

import pytest

from core.calendar.working import WorkingCalendar
from exams.rules.retention import copy_retention
from exams.selectors_archive import lot_status, published_on_for

UTC = {"min_months": 12, "then": "archives_UTC"}
STRAS = {"min_months": 12, "then": "DAF_instruction_2005"}
PLAIN = {"min_months": 24}
PUB = date(2027, 2, 10)


def decide(value, contested=False, ruling=None, preset="strasbourg"):  # type: ignore[no-untyped-def]
    return copy_retention(value, results_published_on=PUB, calendar=WorkingCalendar(""), contested=contested,
                          final_ruling_on=ruling, preset=preset)


@pytest.mark.parametrize(
    ("state", "value", "contested", "ruling", "on", "expected"),
    [
        ("kept", STRAS, False, None, date(2028, 2, 10), "kept"),  # last day of the year: still kept
        ("kept", STRAS, False, None, date(2028, 2, 11), "destructible"),  # STRAS-113
        ("kept", STRAS, True, None, date(2035, 1, 1), "held"),  # open dispute: until the final ruling
        ("kept", STRAS, True, date(2028, 6, 30), date(2028, 6, 30), "kept"),  # ruling extends keep-until
        ("kept", STRAS, True, date(2028, 6, 30), date(2028, 7, 1), "destructible"),
        ("kept", STRAS, True, date(2027, 5, 1), date(2028, 2, 11), "destructible"),  # early ruling: the year runs
        ("kept", UTC, False, None, date(2028, 2, 9), "kept"),  # UTC-5.03a-retention
        ("kept", UTC, False, None, date(2028, 2, 10), "transferable"),
        ("kept", UTC, False, None, date(2040, 1, 1), "transferable"),  # never destructible by Cursus
        ("kept", UTC, True, None, date(2040, 1, 1), "held"),
        ("kept", PLAIN, False, None, date(2029, 2, 11), "destructible"),
        ("kept", None, False, None, date(2040, 1, 1), "kept_indefinitely"),  # no rule: never destroyed (EX-09)
        ("kept", None, True, None, date(2040, 1, 1), "held"),
        ("transferred", UTC, False, None, date(2040, 1, 1), "transferred"),
        ("destroyed", STRAS, False, None, date(2040, 1, 1), "destroyed"),
    ],
)
def test_lot_status(state, value, contested, ruling, on, expected):
    preset = "utc" if value is UTC else "strasbourg"
    assert lot_status(state, decide(value, contested, ruling, preset), on) == expected


def test_lot_without_publication_awaits_the_results():
    assert lot_status("kept", None, date(2040, 1, 1)) == "awaiting_results"
    assert lot_status("destroyed", None, date(2040, 1, 1)) == "destroyed"


@pytest.mark.parametrize(
    ("session", "expected"),
    [(1, date(2027, 7, 1)), (2, date(2027, 7, 1)), (3, None)],
)
def test_anchor_is_the_latest_definitive_publication_of_the_session_or_later(session, expected):
    dates = {(7, 1): date(2027, 2, 10), (7, 2): date(2027, 7, 1), (8, 1): date(2027, 9, 1)}
    assert published_on_for(dates, 7, session) == expected
    assert published_on_for(dates, 9, 1) is None
