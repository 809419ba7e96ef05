"""Late arrival at an exam (profile parameter ``exams.late_entry_rule``).

* ``fraction_of_duration`` — UTC-3.01b-late-minor / UTC-3.01b-late-major: lateness counted from the
  first subject distribution; up to ``max_fraction`` of the duration the module head decides
  (proofs may be required within ``proof_hours``); beyond, refused.
* ``event`` — TOURS-VI-3.1-late: refused once the subject envelopes are opened, except the
  ``exception`` reason (unforeseeable transport incident) accepted by the exam head alone.
* ``minutes`` — STRAS-33: no entry beyond ``cutoff_minutes`` (an expression of the duration:
  first hour, or half the duration for exams of one hour or less) counted from the scheduled start.
* ``teacher_discretion`` — RSY-A3-lateness: any lateness may lead to exclusion and count as ABI.
* ``none`` / ``None`` — the text says nothing: a latecomer is admitted.

Latecomers never get extra time (``extra_time: 0`` in every preset): they hand in with the others,
at their own scheduled end (their accommodation end time if they have one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from core.calendar.working import WorkingCalendar
from core.profiles.validators import boolean, choice, integer, number, struct, text

from .base import (
    Decision,
    ExamEvents,
    ExamSlot,
    check_minutes_expr,
    cited_rules,
    eval_minutes,
    pick,
    require_aware,
)

LATE_TYPES = ("fraction_of_duration", "event", "minutes", "teacher_discretion", "none")
PARAM = "exams.late_entry_rule"
COUNTED_FROM = ("exam_start", "first_subject_distribution", "subject_distribution")

ALLOWED, DISCRETIONARY, REFUSED = "allowed", "discretionary", "refused"

_check = struct(
    {
        "type": choice(LATE_TYPES),
        "counted_from": choice(COUNTED_FROM),
        "discretionary_below": boolean(),
        "extra_time": integer(0, 0),  # latecomers never get extra time
        "max_fraction": number(0, 1),
        "proof_hours": integer(0, 720),
        "cutoff_event": text(80),
        "exception": text(80),
        "cutoff_minutes": check_minutes_expr,
        "may_count_as": text(20),
    },
    required=("type",),
)
_NEEDS = {
    "fraction_of_duration": ("max_fraction",),
    "event": ("cutoff_event",),
    "minutes": ("cutoff_minutes",),
    "teacher_discretion": (),
    "none": (),
}


def validate_late_entry_rule(value: Any) -> dict[str, Any] | None:
    """Validator of ``exams.late_entry_rule`` (``None`` = the text says nothing)."""
    if value is None:
        return None
    cleaned = _check(value)
    missing = [k for k in _NEEDS[cleaned["type"]] if k not in cleaned]
    if missing:
        raise ValueError(
            _("type « %(t)s » : clé(s) manquante(s) : %(k)s.") % {"t": cleaned["type"], "k": ", ".join(missing)}
        )
    return cleaned


@dataclass(frozen=True)
class LateEntryRule:
    type: str
    counted_from: str = "exam_start"
    discretionary_below: bool = True
    max_fraction: Fraction = Fraction(0)
    proof_hours: int | None = None
    cutoff_event: str = ""
    exception: str = ""
    cutoff_minutes: int | float | str = 0
    may_count_as: str = ""

    @classmethod
    def parse(cls, value: Any) -> LateEntryRule:
        cleaned = validate_late_entry_rule(value)
        if cleaned is None:
            return cls(type="none")
        return cls(
            type=cleaned["type"],
            counted_from=cleaned.get("counted_from", "exam_start"),
            discretionary_below=cleaned.get("discretionary_below", True),
            max_fraction=Fraction(str(cleaned.get("max_fraction", 0))),
            proof_hours=cleaned.get("proof_hours"),
            cutoff_event=cleaned.get("cutoff_event", ""),
            exception=cleaned.get("exception", ""),
            cutoff_minutes=cleaned.get("cutoff_minutes", 0),
            may_count_as=cleaned.get("may_count_as", ""),
        )


@dataclass(frozen=True)
class Arrival:
    at: datetime
    reason: str | None = None  # e.g. "incident_transport_imprevisible"

    def __post_init__(self) -> None:
        require_aware(self.at)


@dataclass(frozen=True)
class LateEntryDecision(Decision):
    """``outcome``: allowed / discretionary (someone decides: ``decider``) / refused.

    ``allowed`` is True unless refused. ``extra_time_granted`` is always zero; ``composition_ends_at``
    is the candidate's normal end. ``proof_deadline`` (UTC) is when proofs may be required by.
    """

    outcome: str = ALLOWED
    lateness: timedelta = timedelta(0)
    decider: str = ""
    extra_time_granted: timedelta = timedelta(0)
    composition_ends_at: datetime | None = None
    proof_deadline: datetime | None = None
    may_count_as: str = ""


def decide_late_entry(
    rule_value: Any,
    *,
    slot: ExamSlot,
    arrival: Arrival,
    events: ExamEvents | None = None,
    personal_end: datetime | None = None,
    calendar: WorkingCalendar | None = None,
    preset: str | None = None,
) -> LateEntryDecision:
    """May a candidate arriving at ``arrival.at`` still enter? (rule ids: see module docstring)."""
    rule = LateEntryRule.parse(rule_value)
    events = events or ExamEvents()
    ends_at = personal_end or slot.end
    ids = cited_rules(PARAM, rule_value, preset)
    minor_id, major_id = pick(ids, 0), pick(ids, -1)
    reference = events.reference(rule.counted_from, slot)
    lateness = max(arrival.at - reference, timedelta(0))
    common = {"lateness": lateness, "composition_ends_at": ends_at}

    def out(outcome: str, code: str, rule_id: str, message: str, **extra: Any) -> LateEntryDecision:
        return LateEntryDecision(outcome != REFUSED, code, rule_id, message, outcome=outcome, **{**common, **extra})

    if arrival.at >= ends_at:
        return out(REFUSED, "exams.late_after_end", major_id, _("L'épreuve est terminée."))

    if rule.type == "event":
        opened = events.envelopes_opened_at
        if opened is None or arrival.at < opened:
            return out(ALLOWED, "exams.on_time", minor_id, _("Arrivée avant l'ouverture des enveloppes."),
                       lateness=timedelta(0))
        if rule.exception and arrival.reason == rule.exception:
            return out(DISCRETIONARY, "exams.late_exception", minor_id,
                       _("Arrivée après l'ouverture des enveloppes : admission possible sur décision du seul "
                         "responsable de l'épreuve (incident de transport imprévisible), sans temps supplémentaire."),
                       decider="responsable_epreuve", lateness=arrival.at - opened)
        return out(REFUSED, "exams.late_after_cutoff_event", major_id,
                   _("Accès refusé : les enveloppes contenant les sujets ont été ouvertes."),
                   lateness=arrival.at - opened)

    if lateness == timedelta(0):
        return out(ALLOWED, "exams.on_time", minor_id, _("Candidat à l'heure."))

    if rule.type == "none":
        return out(ALLOWED, "exams.late_not_regulated", "",
                   _("Le règlement ne fixe pas de règle de retard : candidat admis sans temps supplémentaire."))

    if rule.type == "teacher_discretion":
        return out(DISCRETIONARY, "exams.late_teacher_discretion", minor_id,
                   _("Retard : l'enseignant peut exclure le candidat ; le retard peut constituer une absence "
                     "injustifiée."), decider="enseignant", may_count_as=rule.may_count_as)

    if rule.type == "fraction_of_duration":
        limit = slot.duration * rule.max_fraction.numerator / rule.max_fraction.denominator
        proof = None
        if rule.proof_hours is not None and calendar is not None:
            proof = calendar.add_hours(arrival.at, rule.proof_hours)
        if lateness <= limit:
            outcome = DISCRETIONARY if rule.discretionary_below else ALLOWED
            return out(outcome, "exams.late_discretionary", minor_id,
                       _("Retard de %(m)s min (au plus le quart de la durée) : le responsable du module décide ; "
                         "aucun temps supplémentaire.") % {"m": int(lateness.total_seconds() // 60)},
                       decider="responsable_module" if rule.discretionary_below else "", proof_deadline=proof)
        return out(REFUSED, "exams.late_beyond_fraction", major_id,
                   _("Accès refusé : retard de %(m)s min, supérieur au quart de la durée de l'épreuve.")
                   % {"m": int(lateness.total_seconds() // 60)}, proof_deadline=proof)

    # minutes
    cutoff = timedelta(minutes=eval_minutes(rule.cutoff_minutes, slot.duration_minutes))
    if lateness <= cutoff:
        return out(ALLOWED, "exams.late_within_cutoff", minor_id,
                   _("Retard admis (limite : %(c)s min après le début), sans temps supplémentaire.")
                   % {"c": int(cutoff.total_seconds() // 60)})
    return out(REFUSED, "exams.late_beyond_cutoff", major_id,
               _("Accès refusé : plus d'entrée %(c)s min après le début de l'épreuve.")
               % {"c": int(cutoff.total_seconds() // 60)})
