"""Pure rules: procedure and first mark from the policy (UTC-3.01e-zero, RSY-A3-abi-zero) and the make-up
table (RSY-A2-notify, RSY-A2-makeup). No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import ApplicationError, TransitionNotAllowed
from exams.rules import makeups as mk
from tests.exams.conftest import at, pv

OUT, PROOF = "absences.missed_assessment_outcome", "absences.justification_deadline"
EXAM = at(2027, 1, 11)


@pytest.mark.parametrize(("preset", "procedure", "value", "rule_id"), [
    ("utc", mk.RESERVE_PROCEDURE, "0", "UTC-3.01e-zero"),
    ("iut-rsy", mk.MAKEUP_PROCEDURE, "ABI", "RSY-A3-abi-zero"),
    ("tours", mk.NO_PROCEDURE, "0", ""),
    ("strasbourg", mk.NO_PROCEDURE, "0", ""),
    ("iut-arl", mk.NO_PROCEDURE, "0", ""),
])
def test_procedure_and_first_mark_per_preset(preset, procedure, value, rule_id):
    assert mk.procedure_for(pv(preset, OUT)) == procedure
    mark = mk.missed_mark(pv(preset, OUT), preset=preset)
    assert (mark.value, mark.rule_id) == (value, rule_id)


def test_a_local_policy_with_a_non_zero_default_grade():
    assert mk.missed_mark({"default_grade": 2.5}).value == "2.5"


def move(state, action, when, cal, **kw):
    return mk.makeup_transition(pv("iut-rsy", OUT), state=state, action=action, at=when, calendar=cal,
                                exam_start=EXAM, proof_rule=pv("iut-rsy", PROOF), preset="iut-rsy", **kw)


@pytest.mark.parametrize(("state", "action", "target"), [
    (mk.ZERO_PROVISIONAL, "submit_proofs", mk.PROOFS_RECEIVED),
    (mk.PROOFS_RECEIVED, "accept_justification", mk.MAKEUP_DUE),
    (mk.PROOFS_RECEIVED, "keep_zero", mk.ZERO_KEPT),
    (mk.ZERO_PROVISIONAL, "keep_zero", mk.ZERO_KEPT),
    (mk.MAKEUP_DUE, "grade_makeup", mk.MAKEUP_GRADED),
])
def test_makeup_table(state, action, target, cal):
    assert move(state, action, at(2027, 1, 12), cal) == target


@pytest.mark.parametrize(("state", "action"), [
    (mk.ZERO_PROVISIONAL, "accept_justification"), (mk.MAKEUP_GRADED, "refuse_makeup"),
    (mk.ZERO_KEPT, "submit_proofs"), (mk.MAKEUP_DUE, "lift"), (mk.NO_MAKEUP, "grade_makeup"),
])
def test_illegal_makeup_moves(state, action, cal):
    with pytest.raises(TransitionNotAllowed) as exc:
        move(state, action, at(2027, 1, 12), cal, reason="x")
    assert exc.value.code == "exams.makeup_transition_not_allowed"


def test_proofs_after_48_hours_refused(cal):
    assert move(mk.ZERO_PROVISIONAL, "submit_proofs", at(2027, 1, 13, 9, 0), cal) == mk.PROOFS_RECEIVED
    with pytest.raises(ApplicationError) as exc:
        move(mk.ZERO_PROVISIONAL, "submit_proofs", at(2027, 1, 13, 9, 1), cal)
    assert exc.value.code == "exams.reserve_proofs_late" and exc.value.rule_id == "RSY-A2-notify"


@pytest.mark.parametrize("reason", ["", "   "])
def test_refusing_the_makeup_needs_reasons(reason, cal):
    with pytest.raises(ApplicationError) as exc:
        move(mk.MAKEUP_DUE, "refuse_makeup", at(2027, 1, 20), cal, reason=reason)
    assert exc.value.rule_id == "RSY-A2-makeup"
    assert move(mk.MAKEUP_DUE, "refuse_makeup", at(2027, 1, 20), cal, reason="Évalué en SAÉ") == mk.NO_MAKEUP


@pytest.mark.parametrize("preset", ["utc", "tours", "strasbourg"])
def test_no_makeup_table_without_the_policy(preset, cal):
    with pytest.raises(ApplicationError) as exc:
        mk.makeup_transition(pv(preset, OUT), state=mk.ZERO_PROVISIONAL, action="submit_proofs", at=EXAM,
                             calendar=cal)
    assert exc.value.code == "exams.makeup_not_provided"


@pytest.mark.parametrize(("action", "grade", "mark"), [
    ("accept_justification", None, "ABJ"), ("refuse_makeup", None, "EXC"), ("grade_makeup", Decimal("12.50"), "12.5"),
    ("grade_makeup", Decimal("10"), "10"), ("keep_zero", None, None), ("submit_proofs", None, None),
])
def test_mark_after(action, grade, mark):
    assert mk.mark_after(action, grade=grade) == mark


def test_grading_a_makeup_needs_the_grade():
    with pytest.raises(ApplicationError) as exc:
        mk.mark_after("grade_makeup")
    assert exc.value.code == "exams.makeup_grade_required"
