"""Missed exams: zero, réserve (UTC) and make-up (IUT La Roche-sur-Yon).

Parameters read: ``absences.missed_assessment_outcome`` and ``absences.justification_deadline``
(registered by the absences app; decision EX-08 — one value per regulatory number).

* UTC-3.01e-zero: absent, refused latecomer or renouncing before distribution → zero.
* UTC-3.01e-reserve-request: proofs within 48 h (from the exam start) to the module head and AE.
* UTC-3.01e-reserve-decision: the module head proposes a réserve or keeps the zero.
* UTC-3.01e-reserve-lift: an exam equivalent in format, duration and content replaces the zero.
* UTC-3.01e-reserve-deadline: réserves not lifted one month after the next semester starts → zero.
* RSY-A2-makeup: a justified absence gives a systematic make-up unless the department head decides
  otherwise, expressly and with reasons; RSY-A3-abi-zero: an unjustified absence is a zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.calendar.working import WorkingCalendar, end_of_day
from core.errors import ApplicationError, TransitionNotAllowed

from .base import PARIS, Decision, cited_rules, pick_kind, require_aware

OUTCOME_PARAM = "absences.missed_assessment_outcome"
PROOF_PARAM = "absences.justification_deadline"

# -- states (one-line meaning each) -----------------------------------------------------------
ZERO_PROVISIONAL = "zero_provisoire"  # absent: zero for now, proofs may come within the deadline
PROOFS_RECEIVED = "justificatifs_recus"  # proofs in time: the module head must decide
RESERVE = "reserve_proposee"  # réserve: module result hidden until an equivalent make-up
ZERO_KEPT = "zero_maintenu"  # final zero (decision or expired réserve)
LIFTED = "reserve_levee"  # make-up grade replaced the zero
HIDDEN_STATES = frozenset({PROOFS_RECEIVED, RESERVE})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    role: str


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit_proofs", frozenset({ZERO_PROVISIONAL}), PROOFS_RECEIVED, "student"),
        Transition("propose_reserve", frozenset({PROOFS_RECEIVED}), RESERVE, "module_head"),
        Transition("keep_zero", frozenset({ZERO_PROVISIONAL, PROOFS_RECEIVED}), ZERO_KEPT, "module_head"),
        Transition("lift", frozenset({RESERVE}), LIFTED, "module_head"),
        Transition("expire", frozenset({RESERVE}), ZERO_KEPT, "system"),
    )
}


def _outcome(rule_value: Any) -> dict[str, Any]:
    return dict(rule_value or {})


def proof_deadline(proof_rule: Any, *, exam_start: datetime, calendar: WorkingCalendar) -> datetime | None:
    """Last instant to send proofs (``absences.justification_deadline``; hours from the exam start)."""
    require_aware(exam_start)
    if not proof_rule or proof_rule.get("value") is None:
        return None
    if proof_rule.get("day_kind") == "hours":
        return calendar.add_hours(exam_start, proof_rule["value"])
    return end_of_day(calendar.add(exam_start.astimezone(PARIS).date(), proof_rule["value"], proof_rule["day_kind"]))


def lift_deadline(rule_value: Any, *, next_semester_start: date, calendar: WorkingCalendar) -> datetime | None:
    """Last instant a réserve can be lifted: ``reserve_lift`` after the next semester start."""
    lift = _outcome(rule_value).get("reserve_lift")
    if not lift:
        return None
    return end_of_day(calendar.add(next_semester_start, int(lift["value"]), lift["day_kind"]))


@dataclass(frozen=True)
class MakeUp:
    format: str
    duration: timedelta
    content: str  # reference of the programme covered


def reserve_transition(
    rule_value: Any,
    *,
    state: str,
    action: str,
    at: datetime,
    calendar: WorkingCalendar,
    exam_start: datetime | None = None,
    proof_rule: Any = None,
    next_semester_start: date | None = None,
    missed: MakeUp | None = None,
    makeup: MakeUp | None = None,
    preset: str | None = None,
) -> str:
    """The next state of a réserve file, or ``TransitionNotAllowed`` / ``ApplicationError`` naming the rule."""
    require_aware(at)
    ids = cited_rules(OUTCOME_PARAM, rule_value, preset)
    if not _outcome(rule_value).get("reserve"):
        raise ApplicationError("exams.reserve_not_provided", _("Le règlement ne prévoit pas de mise en réserve."),
                               rule_id=pick_kind(ids, "formula"))
    transition = TRANSITIONS.get(action)
    if transition is None or state not in transition.sources:
        raise TransitionNotAllowed("exams.reserve_transition_not_allowed",
                                   _("Action « %(a)s » impossible depuis l'état « %(s)s ».") % {"a": action, "s": state})
    if action == "submit_proofs":
        deadline = proof_deadline(proof_rule, exam_start=exam_start, calendar=calendar) if exam_start else None
        if deadline is not None and at > deadline:
            raise ApplicationError("exams.reserve_proofs_late",
                                   _("Justificatifs hors délai (au plus tard %(d)s).") % {"d": deadline.isoformat()},
                                   fields={"proofs": _("Délai dépassé.")},
                                   rule_id=pick_kind(cited_rules(PROOF_PARAM, proof_rule, preset), "deadline"))
    if action in ("lift", "expire"):
        if next_semester_start is None:
            raise ValueError("next_semester_start is needed to lift or expire a réserve")
        deadline = lift_deadline(rule_value, next_semester_start=next_semester_start, calendar=calendar)
        expired = deadline is not None and at > deadline
        if action == "lift" and expired:
            raise ApplicationError("exams.reserve_expired", _("Réserve expirée : la note zéro est maintenue."),
                                   rule_id=pick_kind(ids, "deadline"))
        if action == "expire" and not expired:
            raise TransitionNotAllowed("exams.reserve_not_expired", _("La réserve peut encore être levée."))
        if action == "lift" and (missed is None or makeup is None or missed != makeup):
            raise ApplicationError("exams.reserve_makeup_not_equivalent",
                                   _("L'épreuve de remplacement doit être équivalente en format, durée et contenu."),
                                   fields={"makeup": _("Non équivalente à l'épreuve manquée.")},
                                   rule_id="UTC-3.01e-reserve-lift")
    return transition.target


def reserves_to_expire(
    rule_value: Any, *, reserves: dict[str, str], at: datetime, next_semester_start: date, calendar: WorkingCalendar
) -> list[str]:
    """Ids of réserve files the nightly job turns into a maintained zero (UTC-3.01e-reserve-deadline)."""
    deadline = lift_deadline(rule_value, next_semester_start=next_semester_start, calendar=calendar)
    if deadline is None or at <= deadline:
        return []
    return sorted(k for k, state in reserves.items() if state == RESERVE)


@dataclass(frozen=True)
class GradeView:
    visible: bool
    grade: Decimal | None


def reserve_grade(state: str, makeup_grade: Decimal | None = None) -> GradeView:
    """What the module result shows: hidden while a réserve is pending, else zero or the make-up."""
    if state in HIDDEN_STATES:
        return GradeView(False, None)
    if state == LIFTED:
        return GradeView(True, makeup_grade)
    return GradeView(True, Decimal(0))


@dataclass(frozen=True)
class AbsenceOutcome(Decision):
    grade: Decimal | None = None
    makeup: bool = False
    reserve_possible: bool = False


def absence_outcome(rule_value: Any, *, justified: bool, head_decision_reason: str | None = None, preset: str | None = None) -> AbsenceOutcome:
    """Consequence of missing an exam. ``head_decision_reason``: the department head's express,
    reasoned decision against a make-up (RSY-A2-makeup)."""
    rule = _outcome(rule_value)
    ids = cited_rules(OUTCOME_PARAM, rule_value, preset)
    zero_rule = pick_kind(ids, "formula")
    if justified and rule.get("abj") == "rattrapage":
        makeup_rule = pick_kind(ids, "workflow")
        if head_decision_reason is None:
            return AbsenceOutcome(True, "exams.makeup_systematic", makeup_rule,
                                  _("Absence justifiée : rattrapage systématique."), makeup=True)
        if not head_decision_reason.strip():
            raise ApplicationError("exams.makeup_refusal_needs_reasons",
                                   _("Le refus de rattrapage doit être exprès et motivé."),
                                   fields={"reason": _("Motif obligatoire.")}, rule_id=makeup_rule)
        return AbsenceOutcome(True, "exams.makeup_refused_by_head", makeup_rule,
                              _("Pas de rattrapage, sur décision motivée du responsable de département."))
    if rule.get("reserve"):
        return AbsenceOutcome(True, "exams.zero_reserve_possible", zero_rule,
                              _("Note zéro ; une mise en réserve peut être demandée avec justificatifs."),
                              grade=Decimal(rule.get("default_grade", 0)), reserve_possible=True)
    grade = rule.get("abi_grade", rule.get("default_grade", 0))
    return AbsenceOutcome(True, "exams.zero", zero_rule, _("Absence : note zéro."), grade=Decimal(str(grade)))
