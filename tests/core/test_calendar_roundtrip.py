"""Property tests: adding then subtracting working days round-trips (hypothesis, no DB).

Precisely: from a day ``d`` that is itself a jour ouvré (resp. ouvrable),
``subtract(add(d, n), n) == d`` and ``add(subtract(d, n), n) == d``; and
``count(d, add(d, n)) == n`` for any ``d``. From a non-working day it does not round-trip
(``subtract(add(Sat, 1), 1)`` is the Friday before): pinned below.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar.working import WorkingCalendar

subdivisions = st.sampled_from(["", "6AE", "57", "971", "974"])
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))
kinds = st.sampled_from(["ouvres", "ouvrables"])
closure_sets = st.lists(st.dates(min_value=date(2025, 1, 1), max_value=date(2031, 6, 30)), max_size=20)


@settings(max_examples=300, deadline=None)
@given(sub=subdivisions, d=days, n=st.integers(0, 80), kind=kinds, closures=closure_sets)
def test_add_then_subtract_round_trips_from_a_working_day(sub, d, n, kind, closures):
    cal = WorkingCalendar(sub, frozenset(closures))
    d = cal.next_working_day(d, kind)
    assert cal.subtract(cal.add(d, n, kind), n, kind) == d
    assert cal.add(cal.subtract(d, n, kind), n, kind) == d


@settings(max_examples=200, deadline=None)
@given(sub=subdivisions, d=days, n=st.integers(0, 80), kind=kinds)
def test_count_matches_add(sub, d, n, kind):
    cal = WorkingCalendar(sub)
    end = cal.add(d, n, kind)
    assert cal.count(d, end, kind) == n
    if n:
        assert cal._qualifies(end, cal_kind(kind))


def cal_kind(kind):
    from core.calendar.working import DayKind

    return DayKind(kind)


@settings(max_examples=100, deadline=None)
@given(d=days, n=st.integers(0, 400))
def test_calendar_days_round_trip_from_any_day(d, n):
    cal = WorkingCalendar("")
    assert cal.subtract(cal.add(d, n, "calendar"), n, "calendar") == d
    assert cal.add(d, n, "weeks") - d == timedelta(days=7 * n)


def test_no_round_trip_from_a_non_working_day():
    cal = WorkingCalendar("")
    saturday = date(2026, 5, 16)
    assert cal.subtract(cal.add(saturday, 1, "ouvres"), 1, "ouvres") == date(2026, 5, 15)
