"""BUT progression (RSY-A1-odd-semester, RSY-A1-S5, RSY-A1-repeat-limit, RSY-A1-even-semester)."""

import pytest

from juries.rules.averages import DEFAULTED, PENDING, Mean
from juries.rules.compensation import Thresholds
from juries.rules.decisions import Code, Reason
from juries.rules.progression import (
    ProgressionParams,
    YearSituation,
    but_year_proposal,
    odd_semester_access,
    repeat_allowed,
)
from juries.rules.values import Status

TH = Thresholds()
RSY = ProgressionParams()


def rc(*values):
    return {f"C{i}": Mean(Status.VALUE, v) for i, v in enumerate(values, 1)}


@pytest.mark.parametrize(
    ("values", "majority", "ok"),
    [
        ((12, 11, 8), "more_than_half", True),  # 2/3 >= 10, all >= 8
        ((12, 9, 9), "more_than_half", False),  # 1/3: not more than half
        ((12, 11, 7.99), "more_than_half", False),  # one RCUE under 8
        ((12, 9, 11, 9), "more_than_half", False),  # exactly half is not "more than half"
        ((12, 9, 11, 9), "at_least_half", True),
        ((10, 10, 10), "more_than_half", True),
        ((12, 11, 12, 11, 8), "more_than_half", True),
        ((12, 11, 9, 9, 9), "more_than_half", False),
    ],
)
def test_odd_semester_access(values, majority, ok):
    got, reasons = odd_semester_access(rc(*values), TH, ProgressionParams(majority=majority))
    assert got is ok
    assert all(r.rule == "RSY-A1-odd-semester" for r in reasons)


@pytest.mark.parametrize(
    ("semesters", "history", "director", "allowed"),
    [
        ((1, 2), {}, False, True),
        ((1, 2), {1: 1}, False, False),  # S1 already repeated once
        ((3, 4), {1: 1, 2: 1}, False, True),  # 2 + 2 = 4 in all
        ((5, 6), {1: 1, 2: 1, 3: 1, 4: 1}, False, False),  # would make 6 > 4
        ((5,), {1: 1, 2: 1, 3: 1, 4: 1}, True, True),  # director's extra repeat: 5 <= 4 + 1
        ((5, 6), {1: 1, 2: 1, 3: 1, 4: 1}, True, False),  # 6 > 5
        ((1, 2), {1: 1}, True, False),  # the extra lifts the total only, not the per-semester limit (J-09)
    ],
)
def test_repeat_allowed(semesters, history, director, allowed):
    got, reason = repeat_allowed(semesters, history, director_authorised=director, p=RSY)
    assert got is allowed
    assert reason.rule == "RSY-A1-repeat-limit"


def test_repeat_unlimited_when_profile_is_silent():
    p = ProgressionParams(max_repeats_per_semester=None, max_repeats_total=None)
    assert repeat_allowed((1, 2), {1: 5, 2: 5}, director_authorised=False, p=p)[0]


def _year(year, values, **kw):
    rcues = {k: (m, Code.ADM if m.value >= 10 else Code.AJ) for k, m in rc(*values).items()}
    return YearSituation(year=year, last_year=3, rcues=rcues, **kw)


@pytest.mark.parametrize(
    ("situation", "code"),
    [
        (_year(1, (12, 11, 10)), Code.ADM),
        (_year(1, (12, 11, 9)), Code.PASD),
        (_year(1, (12, 9, 9)), Code.RED),
        (_year(1, (12, 9, 9), repeat_history={1: 1}), Code.NAR),
        (_year(2, (12, 11, 9), first_year_ues_validated=True), Code.PASD),
        (_year(2, (12, 11, 9), first_year_ues_validated=False), Code.RED),  # RSY-A1-S5
        (_year(2, (12, 11, 9), first_year_ues_validated=False, s5_waiver=True), Code.PASD),
        (_year(3, (12, 11, 10)), Code.ADM),
        (_year(3, (12, 11, 9)), Code.RED),  # last year: no passage
        (_year(1, (12, 11, 10), blocking=(Reason("30 %", rule="RSY-A3-30pct"),)), Code.ATJ),
    ],
)
def test_but_year_proposal(situation, code):
    assert but_year_proposal(situation, TH, RSY).code is code


def test_but_year_pending_and_default_first():
    base = {"C1": (Mean(Status.VALUE, 12), Code.ADM)}
    pending = YearSituation(year=1, last_year=3, rcues={**base, "C2": (PENDING, Code.ATT)})
    assert but_year_proposal(pending, TH, RSY).code is Code.ATT
    defaulted = YearSituation(year=1, last_year=3, rcues={**base, "C2": (DEFAULTED, Code.DEF)})
    assert but_year_proposal(defaulted, TH, RSY).code is Code.DEF


def test_s5_condition_can_be_switched_off():
    p = ProgressionParams(s5_requires_first_year=False)
    assert but_year_proposal(_year(2, (12, 11, 9), first_year_ues_validated=False), TH, p).code is Code.PASD


def test_no_rcue_is_never_admitted():
    assert but_year_proposal(YearSituation(year=1, last_year=3, rcues={}), TH, RSY).code is Code.ATT
