"""Means, second session and rounding (J-01): tables and a property test against exact fractions."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from juries.rules.averages import (
    DEFAULTED,
    NEUTRAL,
    PENDING,
    Mean,
    ResitMode,
    adjust,
    at_least,
    format_mark,
    greater_than,
    round_mark,
    second_session,
    weighted_mean,
)
from juries.rules.values import Resolved, Status

V = Status.VALUE


def m(x):
    return Mean(V, x)


def r(x):
    return Resolved(V, x)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([(1, r(10)), (1, r(14))], m(12)),
        ([(2, r(10)), (1, r(16))], m(12)),
        ([(1, r(10)), (1, Resolved(Status.NEUTRAL))], m(10)),  # EXC leaves the mean
        ([(1, r(10)), (1, Resolved(Status.PENDING))], PENDING),
        ([(1, Resolved(Status.PENDING)), (1, Resolved(Status.DEF))], DEFAULTED),  # DEF wins
        ([(1, Resolved(Status.NEUTRAL))], NEUTRAL),
        ([], NEUTRAL),
        ([(0, r(5)), (1, r(15))], m(15)),  # zero weight
    ],
)
def test_weighted_mean(items, expected):
    assert weighted_mean(items) == expected


@pytest.mark.parametrize(
    ("mode", "first", "second", "expected"),
    [
        (ResitMode.REPLACE, m(8), m(6), m(6)),  # replace even when lower
        (ResitMode.REPLACE, m(8), m(12), m(12)),
        (ResitMode.BEST, m(8), m(6), m(8)),
        (ResitMode.BEST, m(8), m(12), m(12)),
        (ResitMode.BEST, m(8), DEFAULTED, m(8)),  # a DEF resit never lowers under "best"
        (ResitMode.BEST, DEFAULTED, m(9), m(9)),
        (ResitMode.REPLACE, m(8), DEFAULTED, DEFAULTED),
        (ResitMode.NONE, m(8), m(15), m(8)),  # not re-sittable
        (ResitMode.BEST, m(8), None, m(8)),  # did not sit
    ],
)
def test_second_session(mode, first, second, expected):
    assert second_session(mode, first, second)[0] == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (10.005, 2, "10.01"),  # float 10.004999… snapped, then half-up
        (9.995, 2, "10.00"),
        (12.344999, 2, "12.34"),
        (2 / 3 * 20, 2, "13.33"),
        (0.0, 2, "0.00"),
        (20.0, 2, "20.00"),
        (12.5, 0, "13"),
        (12.25, 1, "12.3"),
    ],
)
def test_round_and_format(value, decimals, expected):
    assert str(round_mark(value, decimals)) == expected
    assert format_mark(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "compare", "expected"),
    [
        (10.0, "exact", True),
        (9.999999999999998, "exact", True),  # float noise of a true 10
        (9.995, "exact", False),  # unrounded: 9.995 < 10
        (9.995, "rounded", True),  # displayed 10.00
        (9.994, "rounded", False),
    ],
)
def test_at_least(value, compare, expected):
    assert at_least(value, 10.0, compare=compare) is expected


def test_greater_than_is_strict():
    assert not greater_than(10.0, 10.0)
    assert greater_than(10.01, 10.0)


def test_adjust_clamps_to_scale():
    assert adjust(19.8, bonus=0.5) == 20.0
    assert adjust(0.3, malus=0.6) == 0.0
    assert adjust(12.0, bonus=1.0, malus=0.4) == pytest.approx(12.6)


marks = st.integers(min_value=0, max_value=2000)  # hundredths
weights = st.integers(min_value=1, max_value=8)


@given(st.lists(st.tuples(weights, marks), min_size=1, max_size=6))
def test_float_mean_rounds_like_exact_fractions(pairs):
    """J-01: floats with snapping give the same displayed mean and threshold answer as exact maths."""
    exact = sum(Fraction(w) * Fraction(h, 100) for w, h in pairs) / sum(w for w, _ in pairs)
    got = weighted_mean([(float(w), r(h / 100)) for w, h in pairs])
    expected = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert round_mark(got.value) == expected
    assert format_mark(got.value) == str(expected)
    assert at_least(got.value, 10.0) is (exact >= 10)
