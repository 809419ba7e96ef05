"""The calendar conventions of the catalogue's ``meta.conventions`` pinned as tables (no DB).

Metropolitan holidays used: Ascension 2026-05-14 (Thu), Whit Monday 2026-05-25 (Mon, treated as a
public holiday: decision P-001), 14 July 2026 (Tue), 1 Nov 2026 (Sun), 1 and 8 May 2027 (Sat),
Ascension 2027-05-06 (Thu). Alsace-Moselle adds Good Friday (2026-04-03) and 26 December;
Guadeloupe (971) the abolition of slavery on 27 May, La Réunion (974) on 20 December.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.calendar.working import DayKind, WorkingCalendar, add_months, end_of_day
from core.errors import ApplicationError

PARIS = ZoneInfo("Europe/Paris")
METRO = WorkingCalendar("")
ALSACE = WorkingCalendar("6AE")
MOSELLE = WorkingCalendar("57")
GUADELOUPE = WorkingCalendar("971")
REUNION = WorkingCalendar("974")
D = date.fromisoformat


@pytest.mark.parametrize(
    ("cal", "anchor", "n", "kind", "expected", "why"),
    [
        # dies a quo excluded, last day inclusive
        (METRO, "2026-03-02", 10, "calendar", "2026-03-12", "10 calendar days after A = A + 10"),
        (METRO, "2026-03-02", 0, "calendar", "2026-03-02", "zero days: the anchor itself"),
        (METRO, "2026-05-13", 1, "calendar", "2026-05-14", "calendar days ignore holidays"),
        (METRO, "2026-05-01", 2, "weeks", "2026-05-15", "weeks = 7 * N calendar days"),
        # months: same day-of-month, clamped
        (METRO, "2026-01-31", 1, "months", "2026-02-28", "31 Jan + 1 month clamps to 28 Feb"),
        (METRO, "2028-01-31", 1, "months", "2028-02-29", "leap year 2028 clamps to 29 Feb"),
        (METRO, "2026-03-31", 1, "months", "2026-04-30", "31 Mar + 1 month = 30 Apr"),
        (METRO, "2026-11-30", 3, "months", "2027-02-28", "across the year end"),
        (METRO, "2026-09-15", 1, "months", "2026-10-15", "same day-of-month"),
        # ouvrés (Mon-Fri minus holidays)
        (METRO, "2026-05-13", 1, "ouvres", "2026-05-15", "Ascension Thu 14 May skipped"),
        (METRO, "2026-05-13", 2, "ouvres", "2026-05-18", "then the weekend"),
        (METRO, "2026-05-22", 1, "ouvres", "2026-05-26", "weekend then Whit Monday 25 May skipped"),
        (METRO, "2026-07-13", 1, "ouvres", "2026-07-15", "14 July (Tue) skipped"),
        (METRO, "2026-10-30", 1, "ouvres", "2026-11-02", "1 Nov 2026 is a Sunday: nothing extra"),
        (METRO, "2026-11-10", 1, "ouvres", "2026-11-12", "11 Nov (Wed) skipped"),
        (METRO, "2027-05-07", 1, "ouvres", "2027-05-10", "8 May 2027 is a Saturday: nothing extra in ouvrés"),
        (METRO, "2027-05-05", 1, "ouvres", "2027-05-07", "Ascension 2027 (Thu 6 May) skipped"),
        (METRO, "2026-04-02", 1, "ouvres", "2026-04-03", "Good Friday is worked in metropolitan France"),
        (METRO, "2026-04-03", 1, "ouvres", "2026-04-07", "Easter Monday 6 Apr skipped"),
        # ouvrables (Mon-Sat minus holidays)
        (METRO, "2027-05-14", 1, "ouvrables", "2027-05-15", "an ordinary Saturday is ouvrable"),
        (METRO, "2027-05-07", 1, "ouvrables", "2027-05-10", "8 May 2027 (Sat) is a holiday for ouvrables"),
        (METRO, "2027-04-30", 1, "ouvrables", "2027-05-03", "1 May 2027 (Sat) too"),
        (METRO, "2026-10-30", 1, "ouvrables", "2026-10-31", "Sat 31 Oct 2026 is ouvrable"),
        (METRO, "2026-10-31", 1, "ouvrables", "2026-11-02", "Sun 1 Nov: nothing extra"),
        (METRO, "2026-12-24", 1, "ouvrables", "2026-12-26", "metropole: 26 Dec 2026 (Sat) is ouvrable"),
        # Alsace-Moselle
        (ALSACE, "2026-04-02", 1, "ouvres", "2026-04-07", "Alsace: Good Friday and Easter Monday skipped"),
        (MOSELLE, "2026-04-02", 1, "ouvres", "2026-04-07", "Moselle: same as Alsace"),
        (ALSACE, "2026-12-24", 1, "ouvrables", "2026-12-28", "Alsace: 25 and 26 Dec skipped, then Sunday"),
        (ALSACE, "2027-12-24", 1, "ouvres", "2027-12-27", "26 Dec 2027 is a Sunday: nothing extra"),
        # overseas: abolition of slavery
        (METRO, "2026-05-26", 1, "ouvres", "2026-05-27", "27 May is worked in metropolitan France"),
        (GUADELOUPE, "2026-05-26", 1, "ouvres", "2026-05-28", "Guadeloupe: abolition of slavery 27 May"),
        (REUNION, "2027-12-17", 1, "ouvres", "2027-12-21", "La Réunion: 20 Dec 2027 (Mon) skipped"),
        (METRO, "2027-12-17", 1, "ouvres", "2027-12-20", "20 Dec is worked in metropolitan France"),
        # délais francs: A + N months + 1 day, moved off Sat/Sun/holidays
        (METRO, "2026-03-10", 2, "francs", "2026-05-11", "2 mois francs from a publication on 10 March"),
        (METRO, "2026-07-11", 2, "francs", "2026-09-14", "expiry Sat 12 Sep moves to Monday"),
        (METRO, "2026-07-12", 2, "francs", "2026-09-14", "expiry Sun 13 Sep moves to Monday"),
        (METRO, "2026-03-13", 2, "francs", "2026-05-15", "expiry on Ascension moves to Friday"),
        (METRO, "2026-03-23", 2, "francs", "2026-05-26", "Sun 24 May, then Whit Monday: Tuesday"),
        (METRO, "2026-12-31", 2, "francs", "2027-03-01", "clamped to 28 Feb, +1 day"),
        (ALSACE, "2026-02-02", 2, "francs", "2026-04-07", "Alsace: 3 Apr Good Friday, weekend, Easter Mon"),
        (METRO, "2026-02-02", 2, "francs", "2026-04-03", "metropole: Good Friday is a working day"),
    ],
)
def test_add(cal, anchor, n, kind, expected, why):
    assert cal.add(D(anchor), n, kind) == D(expected), why


@pytest.mark.parametrize(
    ("cal", "event", "n", "kind", "expected", "why"),
    [
        (METRO, "2026-03-12", 10, "calendar", "2026-03-02", "N days before E = E - N"),
        (METRO, "2026-03-31", 1, "months", "2026-02-28", "months before, clamped"),
        (METRO, "2026-05-15", 1, "ouvres", "2026-05-13", "stepping back over Ascension"),
        (METRO, "2026-05-26", 1, "ouvres", "2026-05-22", "stepping back over Whit Monday and the weekend"),
        (METRO, "2026-07-15", 1, "ouvres", "2026-07-13", "stepping back over 14 July"),
        (METRO, "2027-05-10", 1, "ouvrables", "2027-05-07", "8 May 2027 (Sat) is not ouvrable"),
        (METRO, "2027-05-17", 1, "ouvrables", "2027-05-15", "Whit Monday 2027 is the event: Sat 15 May"),
        (ALSACE, "2026-04-07", 2, "ouvres", "2026-04-01", "Alsace: Good Friday not counted"),
        (METRO, "2026-04-07", 2, "ouvres", "2026-04-02", "metropole: Good Friday counted"),
        (METRO, "2026-09-14", 2, "weeks", "2026-08-31", "weeks before"),
    ],
)
def test_subtract(cal, event, n, kind, expected, why):
    assert cal.subtract(D(event), n, kind) == D(expected), why


@pytest.mark.parametrize(
    ("cal", "start", "end", "kind", "expected"),
    [
        (METRO, "2027-05-02", "2027-05-09", "ouvres", 4),  # Ascension Thu 6 May
        (METRO, "2027-05-02", "2027-05-09", "ouvrables", 4),  # and 8 May (Sat)
        (METRO, "2027-05-09", "2027-05-16", "ouvrables", 6),  # an ordinary week
        (METRO, "2026-05-24", "2026-05-31", "ouvres", 4),  # Whit Monday
        (ALSACE, "2026-03-29", "2026-04-05", "ouvres", 4),  # Good Friday (Alsace)
        (METRO, "2026-03-29", "2026-04-05", "ouvres", 5),
        (METRO, "2026-03-01", "2026-03-01", "ouvres", 0),  # dies a quo: empty interval
        (METRO, "2026-03-01", "2026-03-11", "calendar", 10),
    ],
)
def test_count(cal, start, end, kind, expected):
    assert cal.count(D(start), D(end), kind) == expected


def test_public_holidays_by_subdivision():
    assert METRO.holiday_name(D("2026-05-25")) == "Lundi de Pentecôte"
    assert METRO.is_public_holiday(D("2027-05-08"))
    assert not METRO.is_public_holiday(D("2026-04-03"))
    assert ALSACE.is_public_holiday(D("2026-04-03"))
    assert ALSACE.is_public_holiday(D("2026-12-26"))
    assert MOSELLE.is_public_holiday(D("2026-12-26"))
    assert not METRO.is_public_holiday(D("2026-12-26"))
    assert GUADELOUPE.holiday_name(D("2026-05-27")) == "Abolition de l'esclavage"
    assert REUNION.holiday_name(D("2026-12-20")) == "Abolition de l'esclavage"
    assert not METRO.is_ouvrable(D("2027-05-08"))
    assert METRO.is_ouvrable(D("2027-05-15"))
    assert not METRO.is_ouvre(D("2027-05-15"))


def test_closures_reduce_working_days():
    christmas = WorkingCalendar("", frozenset(D("2026-12-21") + (D("2026-12-22") - D("2026-12-21")) * i
                                              for i in range(12)))
    assert christmas.is_closed(D("2027-01-01"))
    assert christmas.add(D("2026-12-18"), 1, "ouvres") == D("2027-01-04")
    assert METRO.add(D("2026-12-18"), 1, "ouvres") == D("2026-12-21")
    assert christmas.count(D("2026-12-20"), D("2027-01-03"), "ouvres") == 0
    assert METRO.count(D("2026-12-20"), D("2027-01-03"), "ouvres") == 8
    # a délai franc expiring during a closure moves past it (decision D-006)
    assert christmas.add(D("2026-10-20"), 2, "francs") == D("2027-01-04")
    assert METRO.add(D("2026-10-20"), 2, "francs") == D("2026-12-21")


def test_closures_given_as_a_set_are_frozen():
    cal = WorkingCalendar("", {D("2026-06-01")})  # type: ignore[arg-type]
    assert isinstance(cal.closures, frozenset)
    assert hash(cal)
    assert cal.with_closures([D("2026-06-02")]).closures == frozenset({D("2026-06-01"), D("2026-06-02")})


@pytest.mark.parametrize(
    ("start", "hours", "expected", "why"),
    [
        ("2026-05-15T10:00", 48, "2026-05-17T10:00", "48 h across a weekend: weekends are not excluded"),
        ("2026-05-15T18:30", 24, "2026-05-16T18:30", "a Saturday is reached"),
        ("2027-03-26T12:00", 48, "2027-03-28T13:00", "summer time starts on 28 Mar 2027: 48 elapsed hours"),
        ("2026-10-23T12:00", 48, "2026-10-25T11:00", "summer time ends on 25 Oct 2026"),
    ],
)
def test_add_hours(start, hours, expected, why):
    anchor = datetime.fromisoformat(start).replace(tzinfo=PARIS)
    result = WorkingCalendar.add_hours(anchor, hours)
    assert result == datetime.fromisoformat(expected).replace(tzinfo=PARIS), why
    assert result.utcoffset() == datetime.fromisoformat(expected).replace(tzinfo=PARIS).utcoffset()
    # same-tzinfo subtraction is wall-clock in Python: measure on the UTC line
    assert (result.astimezone(UTC) - anchor.astimezone(UTC)).total_seconds() == hours * 3600


def test_add_hours_needs_an_aware_timestamp():
    with pytest.raises(ValueError, match="aware"):
        WorkingCalendar.add_hours(datetime(2026, 5, 15, 10, 0), 48)


@pytest.mark.parametrize(
    ("start", "end_of_first", "one_after"),
    [
        ("2026-09-01", "2026-09-30", "2026-10-01"),
        ("2026-09-14", "2026-10-13", "2026-10-14"),
        ("2026-01-31", "2026-02-27", "2026-02-28"),
        ("2028-01-31", "2028-02-28", "2028-02-29"),
    ],
)
def test_end_of_first_month_vs_one_month_after(start, end_of_first, one_after):
    assert WorkingCalendar.end_of_first_month(D(start)) == D(end_of_first)
    assert WorkingCalendar.one_month_after(D(start)) == D(one_after)


def test_end_of_day_is_aware_paris():
    instant = end_of_day(D("2026-07-01"))
    assert instant.tzinfo is not None
    assert instant.utcoffset().total_seconds() == 7200
    assert (instant.hour, instant.minute, instant.second) == (23, 59, 59)


def test_unknown_subdivision_names_the_field():
    with pytest.raises(ApplicationError) as exc:
        WorkingCalendar("99")
    assert exc.value.code == "calendar.unknown_subdivision"
    assert "holiday_subdivision" in exc.value.fields
    assert "99" in exc.value.message


def test_francs_run_forward_only_and_hours_need_timestamps():
    with pytest.raises(ValueError, match="forward"):
        METRO.subtract(D("2026-05-11"), 2, "francs")
    with pytest.raises(ValueError, match="add_hours"):
        METRO.add(D("2026-05-11"), 2, "hours")
    with pytest.raises(ValueError, match=">= 0"):
        METRO.add(D("2026-05-11"), -1, "ouvres")
    with pytest.raises(ValueError):
        METRO.add(D("2026-05-11"), 1, "fortnights")


def test_next_working_day():
    assert METRO.next_working_day(D("2026-05-14")) == D("2026-05-15")
    assert METRO.next_working_day(D("2027-05-08"), DayKind.OUVRABLES) == D("2027-05-10")
    assert METRO.next_working_day(D("2026-05-15")) == D("2026-05-15")


def test_add_months_negative_and_clamped():
    assert add_months(D("2026-03-31"), -1) == D("2026-02-28")
    assert add_months(D("2026-01-15"), -1) == D("2025-12-15")
