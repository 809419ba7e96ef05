"""Réserve lifecycle (UTC-3.01e-zero, UTC-3.01e-reserve-request, UTC-3.01e-reserve-decision,
UTC-3.01e-reserve-lift, UTC-3.01e-reserve-deadline) and make-up (RSY-A2-makeup, RSY-A3-abi-zero)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from core.errors import ApplicationError, TransitionNotAllowed
from exams.rules import reserves as r

from .conftest import at, pv

OUT, PROOF = "absences.missed_assessment_outcome", "absences.justification_deadline"
EXAM = at(2027, 1, 11)
NEXT_SEMESTER = date(2027, 2, 22)
MISSED = r.MakeUp("écrit", timedelta(hours=2), "MT91 chapitres 1-6")


def move(state, action, when, cal, **kw):
    return r.reserve_transition(pv("utc", OUT), state=state, action=action, at=when, calendar=cal, exam_start=EXAM,
                                proof_rule=pv("utc", PROOF), next_semester_start=NEXT_SEMESTER, preset="utc", **kw)


def test_absence_gives_zero_with_a_possible_reserve():
    d = r.absence_outcome(pv("utc", OUT), justified=False, preset="utc")
    assert (d.grade, d.reserve_possible, d.rule_id) == (Decimal(0), True, "UTC-3.01e-zero")


def test_full_lifecycle_until_lifted(cal):
    state = move(r.ZERO_PROVISIONAL, "submit_proofs", at(2027, 1, 13, 8, 59), cal)
    assert state == r.PROOFS_RECEIVED and r.reserve_grade(state) == r.GradeView(False, None)
    state = move(state, "propose_reserve", at(2027, 1, 15), cal)
    assert state == r.RESERVE and not r.reserve_grade(state).visible
    state = move(state, "lift", at(2027, 3, 22, 18), cal, missed=MISSED, makeup=MISSED)
    assert state == r.LIFTED
    assert r.reserve_grade(state, Decimal("13.5")) == r.GradeView(True, Decimal("13.5"))


def test_proofs_after_48_hours_are_refused(cal):
    with pytest.raises(ApplicationError) as exc:
        move(r.ZERO_PROVISIONAL, "submit_proofs", at(2027, 1, 13, 9, 1), cal)
    assert exc.value.code == "exams.reserve_proofs_late" and exc.value.rule_id == "UTC-3.01e-reserve-request"
    assert r.proof_deadline(pv("utc", PROOF), exam_start=EXAM, calendar=cal) == at(2027, 1, 13, 9, 0)


def test_keep_zero(cal):
    assert move(r.PROOFS_RECEIVED, "keep_zero", at(2027, 1, 15), cal) == r.ZERO_KEPT
    assert r.reserve_grade(r.ZERO_KEPT) == r.GradeView(True, Decimal(0))


def test_makeup_must_be_equivalent(cal):
    other = r.MakeUp("oral", timedelta(minutes=30), "MT91 chapitres 1-6")
    with pytest.raises(ApplicationError) as exc:
        move(r.RESERVE, "lift", at(2027, 3, 1), cal, missed=MISSED, makeup=other)
    assert exc.value.code == "exams.reserve_makeup_not_equivalent"


@pytest.mark.parametrize(
    ("next_start", "deadline"),
    [(date(2027, 2, 22), date(2027, 3, 22)), (date(2027, 1, 31), date(2027, 2, 28)), (date(2027, 8, 30), date(2027, 9, 30))],
)
def test_lift_deadline_one_month_after_next_semester_start(next_start, deadline, cal):
    got = r.lift_deadline(pv("utc", OUT), next_semester_start=next_start, calendar=cal)
    assert got.date() == deadline and got.hour == 23


def test_unlifted_reserves_turn_into_zero_after_the_deadline(cal):
    with pytest.raises(ApplicationError) as exc:
        move(r.RESERVE, "lift", at(2027, 3, 23, 8), cal, missed=MISSED, makeup=MISSED)
    assert exc.value.code == "exams.reserve_expired" and exc.value.rule_id == "UTC-3.01e-reserve-deadline"
    with pytest.raises(TransitionNotAllowed):
        move(r.RESERVE, "expire", at(2027, 3, 22, 20), cal)
    assert move(r.RESERVE, "expire", at(2027, 3, 23, 0, 1), cal) == r.ZERO_KEPT
    files = {"f1": r.RESERVE, "f2": r.LIFTED, "f3": r.RESERVE, "f4": r.ZERO_KEPT}
    assert r.reserves_to_expire(pv("utc", OUT), reserves=files, at=at(2027, 3, 23, 2),
                                next_semester_start=NEXT_SEMESTER, calendar=cal) == ["f1", "f3"]
    assert r.reserves_to_expire(pv("utc", OUT), reserves=files, at=at(2027, 3, 22, 23),
                                next_semester_start=NEXT_SEMESTER, calendar=cal) == []


@pytest.mark.parametrize(
    ("state", "action"),
    [(r.ZERO_PROVISIONAL, "lift"), (r.LIFTED, "propose_reserve"), (r.ZERO_KEPT, "submit_proofs"), (r.RESERVE, "fly")],
)
def test_illegal_transitions(state, action, cal):
    with pytest.raises(TransitionNotAllowed) as exc:
        move(state, action, at(2027, 1, 12), cal, missed=MISSED, makeup=MISSED)
    assert exc.value.code == "exams.reserve_transition_not_allowed"


@pytest.mark.parametrize("preset", ["tours", "iut-rsy", "strasbourg", "iut-arl"])
def test_no_reserve_where_the_profile_has_none(preset, cal):
    with pytest.raises(ApplicationError) as exc:
        r.reserve_transition(pv(preset, OUT), state=r.ZERO_PROVISIONAL, action="submit_proofs", at=EXAM, calendar=cal)
    assert exc.value.code == "exams.reserve_not_provided"


@pytest.mark.parametrize(
    ("justified", "reason", "makeup", "grade", "code", "rule_id"),
    [
        (True, None, True, None, "exams.makeup_systematic", "RSY-A2-makeup"),
        (True, "Épreuve déjà rattrapée en TP noté", False, None, "exams.makeup_refused_by_head", "RSY-A2-makeup"),
        (False, None, False, Decimal(0), "exams.zero", "RSY-A3-abi-zero"),
    ],
)
def test_rsy_makeup(justified, reason, makeup, grade, code, rule_id):
    d = r.absence_outcome(pv("iut-rsy", OUT), justified=justified, head_decision_reason=reason, preset="iut-rsy")
    assert (d.makeup, d.grade, d.reason_code, d.rule_id) == (makeup, grade, code, rule_id)


def test_rsy_refusal_needs_reasons():
    with pytest.raises(ApplicationError) as exc:
        r.absence_outcome(pv("iut-rsy", OUT), justified=True, head_decision_reason="  ", preset="iut-rsy")
    assert exc.value.code == "exams.makeup_refusal_needs_reasons" and exc.value.rule_id == "RSY-A2-makeup"
