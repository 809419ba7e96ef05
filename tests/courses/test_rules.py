"""Rule tables (no database): weights, minimum means, CC, windows, deadlines, freeze, amendment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from courses import rules
from courses.rules import ComponentSpec as C
from courses.rules import ModuleSpec as M


def _m(*components: C, exception: str = "") -> M:
    return M(code="R1.01", components=components, min_means_exception=exception)


@pytest.mark.parametrize(
    ("components", "codes"),
    [
        ((C("A", Decimal(40)), C("B", Decimal(60))), []),
        ((C("A", Decimal(40)), C("B", Decimal(50))), ["courses.weights_not_100"]),
        ((C("A", Decimal("33.33")), C("B", Decimal("33.33")), C("C", Decimal("33.34"))), []),
        ((C("A", Decimal(100), session="both"),), []),
        # session 2 present: its weights must also reach 100 %
        ((C("A", Decimal(40)), C("B", Decimal(60)), C("R", Decimal(80), session="2")), ["courses.weights_not_100"]),
        ((C("A", Decimal(40)), C("B", Decimal(60)), C("R", Decimal(100), session="2")), []),
        ((), ["courses.no_components"]),
    ],
)
def test_weights(components, codes):
    assert [v.code for v in rules.check_weights(_m(*components))] == codes
    assert all(v.rule_id == "UTC-1.01-m3c-content" for v in rules.check_weights(_m(*components)))


@pytest.mark.parametrize(
    ("n", "minimum", "exception", "violations"),
    [
        (2, 2, "", 0),
        (1, 2, "", 1),
        (1, 2, "Autorisé par le CEVU du 12/05/2026 (stage)", 0),
        (1, None, "", 0),
        (3, 2, "", 0),
    ],
)
def test_min_means(n, minimum, exception, violations):
    module = _m(*(C(f"E{i}", Decimal(100) / n) for i in range(n)), exception=exception)
    out = rules.check_min_means(module, minimum, "UTC-1.02-min-means")
    assert len(out) == violations
    assert all(v.code == "courses.min_assessments" and v.rule_id == "UTC-1.02-min-means" for v in out)


@pytest.mark.parametrize(
    ("count", "continuous", "minimum", "violations"),
    [(1, True, 2, 1), (2, True, 2, 0), (1, False, 2, 0), (1, True, None, 0), (5, True, 2, 0)],
)
def test_cc_never_single(count, continuous, minimum, violations):
    module = _m(C("CC", Decimal(100), is_continuous=continuous, evaluation_count=count))
    out = rules.check_cc_not_single(module, minimum, "TOURS-II-2-cc-multiple")
    assert len(out) == violations
    assert all(v.rule_id == "TOURS-II-2-cc-multiple" for v in out)


SEM = (date(2026, 9, 1), date(2027, 1, 22))


@pytest.mark.parametrize(
    ("start", "end", "planned", "bounds", "codes"),
    [
        (date(2026, 10, 1), date(2026, 10, 1), date(2026, 10, 1), SEM, []),
        (None, None, None, SEM, ["courses.window_missing"]),
        (date(2026, 8, 25), date(2026, 9, 5), None, SEM, ["courses.window_outside_calendar"]),
        (date(2027, 1, 20), date(2027, 1, 23), None, SEM, ["courses.window_outside_calendar"]),
        (date(2026, 10, 1), date(2026, 10, 5), date(2026, 10, 9), SEM, ["courses.planned_date_outside_window"]),
        (date(2026, 10, 1), date(2026, 10, 5), None, None, ["courses.calendar_missing"]),
        (date(2026, 9, 1), date(2027, 1, 22), None, SEM, []),  # bounds inclusive
    ],
)
def test_window_inside_calendar(start, end, planned, bounds, codes):
    c = C("E", Decimal(100), window_start=start, window_end=end, planned_date=planned)
    out = rules.check_window("R1.01", c, bounds)
    assert [v.code for v in out] == codes
    assert all(v.rule_id == "UTC-2.01-calendar-content" for v in out)


@pytest.mark.parametrize(
    ("anchor", "convention", "expected"),
    [
        (date(2026, 9, 1), "end_of_first_month", date(2026, 9, 30)),  # Tours, Strasbourg
        (date(2026, 9, 1), "one_month_after", date(2026, 10, 1)),  # UTC, IUT ARL
        (date(2027, 1, 31), "one_month_after", date(2027, 2, 28)),  # clamped to the month end
        (date(2027, 1, 31), "end_of_first_month", date(2027, 2, 27)),
        (date(2026, 9, 14), "end_of_first_month", date(2026, 10, 13)),
    ],
)
def test_publication_deadline(anchor, convention, expected):
    assert rules.publication_deadline(anchor, convention) == expected


def test_publication_deadline_unknown_convention():
    with pytest.raises(ValueError, match="unknown convention"):
        rules.publication_deadline(date(2026, 9, 1), "someday")


@pytest.mark.parametrize(
    ("state", "allowed", "code", "rule"),
    [
        ("draft", True, "", ""),
        ("approved", False, "courses.m3c_approved", ""),
        ("published", False, "courses.m3c_frozen", "TOURS-II-m3c-freeze"),
        ("frozen", False, "courses.m3c_frozen", "TOURS-II-m3c-freeze"),
    ],
)
def test_edit_decision(state, allowed, code, rule):
    d = rules.edit_decision(state, "TOURS-II-m3c-freeze")
    assert (d.allowed, d.code, d.rule_id) == (allowed, code, rule)


EXAM = date(2027, 4, 12)
LATEST = date(2027, 3, 28)  # E - 15 days


@pytest.mark.parametrize(
    ("state", "lead", "today", "allowed", "code"),
    [
        ("published", 15, date(2027, 3, 1), True, ""),
        ("published", 15, LATEST, True, ""),  # the last allowed day is inclusive
        ("published", 15, date(2027, 3, 29), False, "courses.amendment_too_late"),
        ("published", None, date(2027, 3, 1), False, "courses.amendment_not_allowed"),
        ("draft", 15, date(2027, 3, 1), False, "courses.amendment_not_published"),
        ("frozen", 15, date(2027, 3, 1), False, "courses.amendment_not_published"),
    ],
)
def test_amendment_decision(state, lead, today, allowed, code):
    d = rules.amendment_decision(state=state, lead_days=lead, today=today, latest=LATEST if lead else None,
                                 first_exam=EXAM, rule_id="TOURS-II-exceptional")
    assert (d.allowed, d.code) == (allowed, code)
    assert d.rule_id == "TOURS-II-exceptional"


def test_check_module_collects_every_violation():
    module = _m(C("CC", Decimal(50), is_continuous=True, evaluation_count=1))
    out = rules.check_module(module, min_means=2, min_cc=2, rules={"means": "UTC-1.02-min-means",
                                                                    "cc": "TOURS-II-2-cc-multiple"},
                             bounds={"CC": SEM})
    assert {v.code for v in out} == {"courses.weights_not_100", "courses.min_assessments",
                                     "courses.cc_single_evaluation", "courses.window_missing"}
