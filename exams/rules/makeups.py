"""Which procedure follows a missed exam, which mark it writes, and the make-up workflow.

Parameter read: ``absences.missed_assessment_outcome`` (the policy; decision EX-08). No institution
name appears here: the procedure is derived from the policy's values.

* UTC-3.01e-zero / RSY-A3-abi-zero: the absentee's mark is a zero — written ``ABI`` where the policy
  gives an ``abi_grade`` (the absence stays visible: RSY-A3-abi-summary; it counts zero through
  ``juries.abi_counts_zero``), else the policy's ``default_grade`` (0 when the policy says nothing).
* UTC-3.01e-reserve-request … UTC-3.01e-reserve-deadline: a policy with ``reserve`` opens a réserve
  file (table in ``exams.rules.reserves``).
* RSY-A2-notify, RSY-A2-makeup: a policy whose justified absence (``abj``) is ``rattrapage`` opens a
  make-up file: proofs within the justification deadline, then a systematic make-up unless the
  department head decides otherwise, expressly and with reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from core.calendar.working import WorkingCalendar
from core.errors import ApplicationError, TransitionNotAllowed

from .base import cited_rules, pick_kind, require_aware
from .reserves import (
    OUTCOME_PARAM,
    PROOF_PARAM,
    PROOFS_RECEIVED,
    ZERO_KEPT,
    ZERO_PROVISIONAL,
    Transition,
    absence_outcome,
    proof_deadline,
)

# -- procedures ----------------------------------------------------------------------------------
RESERVE_PROCEDURE = "reserve"  # UTC: zero, proofs, réserve proposed by the module head, make-up or expiry
MAKEUP_PROCEDURE = "makeup"  # RSY: ABI, proofs, systematic make-up unless the department head refuses
NO_PROCEDURE = "none"  # the zero (or ABI) is final: nothing to ask for

# -- make-up states (the first two and the last are shared with the réserve table) ---------------
MAKEUP_DUE = "rattrapage_prevu"  # justified: a make-up is due (RSY-A2-makeup)
NO_MAKEUP = "sans_rattrapage"  # the department head decided otherwise, with reasons (RSY-A2-makeup)
MAKEUP_GRADED = "rattrapage_note"  # the make-up grade replaced the ABI

#: The mark the results show for a make-up file in each state (``None``: unchanged).
JUSTIFIED_MARK = "ABJ"  # pending while the make-up is due (juries.abj_semantics)
NEUTRALISED_MARK = "EXC"  # no make-up by reasoned decision: the assessment leaves the mean


def procedure_for(policy: Any) -> str:
    """The procedure a policy value provides (UTC-3.01e-reserve-request, RSY-A2-makeup)."""
    rule = dict(policy or {})
    if rule.get("reserve"):
        return RESERVE_PROCEDURE
    if rule.get("abj") == "rattrapage":
        return MAKEUP_PROCEDURE
    return NO_PROCEDURE


@dataclass(frozen=True)
class MissedMark:
    value: str  # what is written as the retained mark ("0", "ABI")
    rule_id: str
    message: str


def missed_mark(policy: Any, *, preset: str | None = None) -> MissedMark:
    """The mark an absentee gets at first (UTC-3.01e-zero, RSY-A3-abi-zero)."""
    rule = dict(policy or {})
    decision = absence_outcome(policy, justified=False, preset=preset)
    rule_id = decision.rule_id or pick_kind(cited_rules(OUTCOME_PARAM, policy, preset), "formula")
    if "abi_grade" in rule:
        return MissedMark("ABI", rule_id, _("Absence injustifiée (ABI) : compte zéro."))
    try:
        grade = Decimal(str(rule.get("default_grade", 0)))
    except InvalidOperation:
        grade = Decimal(0)
    return MissedMark(format(grade.normalize(), "f"), rule_id, _("Absence : note zéro."))


MAKEUP_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit_proofs", frozenset({ZERO_PROVISIONAL}), PROOFS_RECEIVED, "student"),
        Transition("accept_justification", frozenset({PROOFS_RECEIVED}), MAKEUP_DUE, "department_head"),
        Transition("keep_zero", frozenset({ZERO_PROVISIONAL, PROOFS_RECEIVED}), ZERO_KEPT, "department_head"),
        Transition("refuse_makeup", frozenset({MAKEUP_DUE}), NO_MAKEUP, "department_head"),
        Transition("grade_makeup", frozenset({MAKEUP_DUE}), MAKEUP_GRADED, "module_head"),
    )
}


def makeup_transition(
    policy: Any,
    *,
    state: str,
    action: str,
    at: datetime,
    calendar: WorkingCalendar,
    exam_start: datetime | None = None,
    proof_rule: Any = None,
    reason: str = "",
    preset: str | None = None,
) -> str:
    """The next state of a make-up file (RSY-A2-makeup), or a refusal naming the rule.

    ``refuse_makeup`` needs the department head's express reasons; ``submit_proofs`` after the
    justification deadline (RSY-A2-notify) is refused.
    """
    require_aware(at)
    ids = cited_rules(OUTCOME_PARAM, policy, preset)
    if procedure_for(policy) != MAKEUP_PROCEDURE:
        raise ApplicationError("exams.makeup_not_provided", _("Le règlement ne prévoit pas de rattrapage."),
                               rule_id=pick_kind(ids, "formula"))
    transition = MAKEUP_TRANSITIONS.get(action)
    if transition is None or state not in transition.sources:
        raise TransitionNotAllowed("exams.makeup_transition_not_allowed",
                                   _("Action « %(a)s » impossible depuis l'état « %(s)s ».") % {"a": action, "s": state})
    if action == "submit_proofs" and exam_start is not None:
        deadline = proof_deadline(proof_rule, exam_start=exam_start, calendar=calendar)
        if deadline is not None and at > deadline:
            raise ApplicationError("exams.reserve_proofs_late",
                                   _("Justificatifs hors délai (au plus tard %(d)s).") % {"d": deadline.isoformat()},
                                   fields={"proofs": _("Délai dépassé.")},
                                   rule_id=pick_kind(cited_rules(PROOF_PARAM, proof_rule, preset), "deadline"))
    if action == "refuse_makeup":
        absence_outcome(policy, justified=True, head_decision_reason=reason, preset=preset)  # raises without reasons
    return transition.target


def mark_after(action: str, *, grade: Decimal | None = None) -> str | None:
    """The retained mark a make-up transition writes (``None``: the mark is unchanged)."""
    if action == "accept_justification":
        return JUSTIFIED_MARK
    if action == "refuse_makeup":
        return NEUTRALISED_MARK
    if action == "grade_makeup":
        if grade is None:
            raise ApplicationError("exams.makeup_grade_required", _("Indiquer la note du rattrapage."),
                                   fields={"grade": _("Obligatoire.")}, rule_id="RSY-A2-makeup")
        return format(grade.normalize(), "f")
    return None
