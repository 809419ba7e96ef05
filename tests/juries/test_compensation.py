"""UE, semester, year and RCUE validation with compensation: tables, no DB."""

import pytest

from juries.rules.averages import DEFAULTED, NEUTRAL, PENDING, Mean
from juries.rules.compensation import (
    Thresholds,
    group_failures,
    rcue_mean,
    rcue_result,
    semester_result,
    ue_result,
    year_compensation,
)
from juries.rules.decisions import Code, Proposal
from juries.rules.values import Status

TH = Thresholds()


def m(x):
    return Mean(Status.VALUE, x)


@pytest.mark.parametrize(
    ("mean", "failures", "code"),
    [
        (m(10), (), Code.ADM),
        (m(9.99), (), Code.AJ),
        (m(14), ("M1",), Code.AJ),  # a module under the floor without compensation
        (PENDING, (), Code.ATT),
        (DEFAULTED, (), Code.DEF),
        (NEUTRAL, (), Code.ADM),  # dispensed UE
    ],
)
def test_ue_result(mean, failures, code):
    assert ue_result(mean, TH, module_failures=failures).code is code


def _ues(*means):
    return {f"UE{i}": (6.0, m(x), ue_result(m(x), TH)) for i, x in enumerate(means, 1)}


@pytest.mark.parametrize(
    ("means", "between", "floor", "semester", "ue_codes"),
    [
        ((12, 9), True, None, Code.ADM, [Code.ADM, Code.CMP]),  # compensated by the semester mean
        ((12, 9), False, None, Code.AJ, [Code.ADM, Code.AJ]),  # no compensation between UEs
        ((10.5, 9), True, None, Code.AJ, [Code.ADM, Code.AJ]),  # semester mean 9.75
        ((14, 7), True, 8, Code.AJ, [Code.ADM, Code.AJ]),  # UE below the compensation floor
        ((14, 8), True, 8, Code.ADM, [Code.ADM, Code.CMP]),
        ((11, 12), False, None, Code.ADM, [Code.ADM, Code.ADM]),
    ],
)
def test_semester_result(means, between, floor, semester, ue_codes):
    out = semester_result(_ues(*means), TH, between_ues=between, ue_floor=floor)
    assert out.proposal.code is semester
    assert list(out.ue_codes.values()) == ue_codes


def test_semester_pending_and_default():
    ues = _ues(12)
    ues["UE9"] = (6.0, PENDING, Proposal(Code.ATT))
    assert semester_result(ues, TH, between_ues=True).proposal.code is Code.ATT
    ues["UE8"] = (6.0, DEFAULTED, Proposal(Code.DEF))
    assert semester_result(ues, TH, between_ues=True).proposal.code is Code.DEF


@pytest.mark.parametrize(
    ("semesters", "enabled", "compensates", "mean"),
    [
        (((30, m(9), Code.AJ), (30, m(11.5), Code.ADM)), True, True, 10.25),
        (((30, m(9), Code.AJ), (30, m(10.5), Code.ADM)), True, False, 9.75),
        (((30, m(9), Code.AJ), (30, m(11.5), Code.ADM)), False, False, 10.25),
        (((30, m(9), Code.ATJ), (30, m(15), Code.ADM)), True, False, 12.0),  # an absence block is not compensable
        (((20, m(8), Code.AJ), (40, m(11.5), Code.ADM)), True, True, 10.333333333333334),  # ECTS-weighted
    ],
)
def test_year_compensation(semesters, enabled, compensates, mean):
    got_mean, got = year_compensation(semesters, TH, enabled=enabled)
    assert got is compensates
    assert got_mean.value == pytest.approx(mean)


@pytest.mark.parametrize(
    ("odd", "even", "mean", "code"),
    [
        (m(9), m(11), 10.0, Code.ADM),
        (m(8), m(11.99), 9.995, Code.AJ),
        (m(12), PENDING, None, Code.ATT),
        (m(12), DEFAULTED, None, Code.DEF),
    ],
)
def test_rcue(odd, even, mean, code):
    got = rcue_mean(odd, even)
    if mean is not None:
        assert got.value == pytest.approx(mean)
    assert rcue_result(got, TH).code is code


def test_required_groups():
    failures = group_failures([("projet+stage", 10.0, m(9.5)), ("autre", 10.0, m(10)), ("att", 10.0, PENDING)], TH)
    assert list(failures) == ["projet+stage"]
    assert failures["projet+stage"].ref == "m3c.required_groups"
