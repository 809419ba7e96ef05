"""Leaving the room and being there on time.

* Definitive exit (``exams.min_presence_before_definitive_exit``): UTC-3.02c-early-exit (not during
  the first quarter from the first distribution; candidates with accommodations exempt, see
  ``exams.early_exit_exemptions``), TOURS-VI-3.1-early-exit (45 min after distribution), STRAS-51
  (the end of an exam of one hour or less, otherwise the first hour).
* Temporary exit (``exams.temporary_exit_rule``): UTC-3.02c-exits (invigilator's agreement, no extra
  time), TOURS-VI-3.1-temporary-exit (none for exams ≤ 1 h except a medical or imperative reason;
  one at a time, escorted), STRAS-50 (one at a time, preferably escorted).
* Presence before the start (``exams.presence_before_start``): UTC-3.01b-arrival, STRAS-31 (15 min
  before), TOURS-VI-3.2-roll-call (roll call between 30 and 15 min before).
* Composing after the end (``exams.overtime_handling``): UTC-3.02e-end, RSY-A5-copy, STRAS-78.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from core.profiles.validators import boolean, choice, integer, list_of, struct

from .base import (
    PARIS,
    Decision,
    ExamEvents,
    ExamSlot,
    check_minutes_expr,
    cited_rules,
    eval_minutes,
    pick,
    require_aware,
)

EXIT_PARAM = "exams.min_presence_before_definitive_exit"
TEMP_PARAM = "exams.temporary_exit_rule"
PRESENCE_PARAM = "exams.presence_before_start"
OVERTIME_PARAM = "exams.overtime_handling"
COUNTED_FROM = ("exam_start", "first_subject_distribution", "subject_distribution")
MEDICAL_REASONS = ("medical", "imperative")
OVERTIME_ACTIONS = ("notify_and_optional_penalty", "copy_may_be_refused", "pv_and_jury_decides")

_exit_check = struct(
    {"type": choice(("fraction_of_duration", "minutes")), "value": check_minutes_expr,
     "counted_from": choice(COUNTED_FROM)},
    required=("type", "value"),
)


def validate_definitive_exit(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    cleaned = _exit_check(value)
    if cleaned["type"] == "fraction_of_duration" and not (
        isinstance(cleaned["value"], int | float) and 0 <= cleaned["value"] <= 1
    ):
        raise ValueError(_("champ « value » : fraction entre 0 et 1 attendue."))
    return cleaned


_temp_check = struct(
    {
        "allowed": boolean(),
        "extra_time": integer(0, 0),
        "escort": choice(("required", "preferred", "none")),
        "max_simultaneous": integer(1, 50),
        "forbidden_if_duration_min_lte": integer(0, 600),
    }
)


def validate_temporary_exit(value: Any) -> dict[str, Any] | None:
    return None if value is None else _temp_check(value)


def _window(value: Any) -> list[int]:
    items = list_of(integer(0, 240), min_items=2)(value)
    if len(items) != 2 or items[0] < items[1]:
        raise ValueError(_("deux valeurs attendues : [au plus tôt, au plus tard] en minutes avant le début."))
    return items


_presence_check = struct({"min_minutes_before": integer(0, 240), "roll_call_window_minutes_before": _window})


def validate_presence(value: Any) -> dict[str, Any] | None:
    return None if value is None else _presence_check(value)


_overtime_check = struct({"action": choice(OVERTIME_ACTIONS)}, required=("action",))


def validate_overtime(value: Any) -> dict[str, Any] | None:
    return None if value is None else _overtime_check(value)


@dataclass(frozen=True)
class ExitDecision(Decision):
    earliest: datetime | None = None
    escort: str = ""
    extra_time_granted: timedelta = timedelta(0)


def earliest_definitive_exit(
    rule_value: Any, *, slot: ExamSlot, events: ExamEvents | None = None
) -> datetime | None:
    """The first instant a candidate may leave for good (``None``: the text sets no minimum)."""
    rule = validate_definitive_exit(rule_value)
    if rule is None:
        return None
    reference = (events or ExamEvents()).reference(rule.get("counted_from"), slot)
    if rule["type"] == "fraction_of_duration":
        frac = Fraction(str(rule["value"]))
        return reference + slot.duration * frac.numerator / frac.denominator
    return reference + timedelta(minutes=eval_minutes(rule["value"], slot.duration_minutes))


def decide_definitive_exit(
    rule_value: Any,
    *,
    slot: ExamSlot,
    at: datetime,
    events: ExamEvents | None = None,
    has_accommodation: bool = False,
    exemptions: list[str] | None = None,
    preset: str | None = None,
) -> ExitDecision:
    """May a candidate hand in their copy (even blank) and leave for good at ``at``?

    ``exemptions`` is ``exams.early_exit_exemptions`` (UTC-3.02c-early-exit exempts candidates
    with accommodations).
    """
    require_aware(at)
    rule_id = pick(cited_rules(EXIT_PARAM, rule_value, preset), 0)
    earliest = earliest_definitive_exit(rule_value, slot=slot, events=events)
    if earliest is None:
        return ExitDecision(True, "exams.exit_not_regulated", "", _("Aucune durée minimale de présence fixée."))
    if has_accommodation and "amenagements" in (exemptions or []):
        return ExitDecision(True, "exams.exit_exempt", rule_id,
                            _("Candidat bénéficiant d'aménagements : dispensé de la durée minimale de présence."),
                            earliest=earliest)
    if at >= earliest:
        return ExitDecision(True, "exams.exit_allowed", rule_id,
                            _("Sortie définitive autorisée, copie remise (même blanche)."), earliest=earliest)
    return ExitDecision(False, "exams.exit_too_early", rule_id,
                        _("Sortie définitive interdite avant %(t)s, même en rendant copie blanche.")
                        % {"t": earliest.astimezone(PARIS).strftime("%H:%M")}, earliest=earliest)


def decide_temporary_exit(
    rule_value: Any, *, slot: ExamSlot, currently_out: int = 0, reason: str | None = None, preset: str | None = None) -> ExitDecision:
    """May a candidate leave the room temporarily now? Never gives extra time.

    ``reason`` ``medical``/``imperative`` lifts a short-exam prohibition (TOURS-VI-3.1-temporary-exit,
    decision EX-05).
    """
    rule = validate_temporary_exit(rule_value)
    rule_id = pick(cited_rules(TEMP_PARAM, rule_value, preset), 0)
    if rule is None:
        return ExitDecision(True, "exams.temporary_exit_not_regulated", "",
                            _("Sortie temporaire à l'appréciation des surveillants, sans temps supplémentaire."))
    if rule.get("allowed") is False:
        return ExitDecision(False, "exams.temporary_exit_forbidden", rule_id, _("Sortie temporaire interdite."))
    limit = rule.get("forbidden_if_duration_min_lte")
    if limit is not None and slot.duration_minutes <= limit and reason not in MEDICAL_REASONS:
        return ExitDecision(False, "exams.temporary_exit_short_exam", rule_id,
                            _("Aucune sortie temporaire pour une épreuve d'une heure ou moins, sauf raison médicale "
                              "ou impérative."))
    most = rule.get("max_simultaneous")
    if most is not None and currently_out >= most:
        return ExitDecision(False, "exams.temporary_exit_one_at_a_time", rule_id,
                            _("Un seul candidat à la fois peut sortir : attendre le retour du précédent."))
    escort = rule.get("escort", "")
    message = {
        "required": _("Sortie temporaire autorisée, accompagnée d'un surveillant, sans temps supplémentaire."),
        "preferred": _("Sortie temporaire autorisée, de préférence accompagnée, sans temps supplémentaire."),
    }.get(escort, _("Sortie temporaire autorisée avec l'accord d'un surveillant ; affaires laissées en salle ; "
                    "aucun temps supplémentaire."))
    return ExitDecision(True, "exams.temporary_exit_allowed", rule_id, message, escort=escort)


@dataclass(frozen=True)
class PresenceWindow:
    rule_id: str
    opens_at: datetime | None  # roll call may start (Tours)
    present_by: datetime | None  # last instant to be in front of the room


def presence_window(rule_value: Any, *, slot: ExamSlot, preset: str | None = None) -> PresenceWindow:
    """When candidates and invigilators must be there (UTC-3.01b-arrival, STRAS-31, TOURS-VI-3.2-roll-call)."""
    rule = validate_presence(rule_value)
    rule_id = pick(cited_rules(PRESENCE_PARAM, rule_value, preset), 0)
    if rule is None:
        return PresenceWindow("", None, None)
    if "roll_call_window_minutes_before" in rule:
        earliest, latest = rule["roll_call_window_minutes_before"]
        return PresenceWindow(rule_id, slot.start - timedelta(minutes=earliest), slot.start - timedelta(minutes=latest))
    return PresenceWindow(rule_id, None, slot.start - timedelta(minutes=rule["min_minutes_before"]))


def overtime_consequence(rule_value: Any, *, preset: str | None = None) -> Decision:
    """Someone still writing after the announced end (UTC-3.02e-end, RSY-A5-copy, STRAS-78)."""
    rule = validate_overtime(rule_value)
    rule_id = pick(cited_rules(OVERTIME_PARAM, rule_value, preset), 0)
    if rule is None:
        return Decision(False, "exams.overtime_recorded", "", _("Fait consigné au procès-verbal."))
    messages = {
        "notify_and_optional_penalty": _("Manquement signalé au responsable du module ; pénalité possible sur la copie."),
        "copy_may_be_refused": _("Les surveillants peuvent refuser la copie remise après l'heure annoncée."),
        "pv_and_jury_decides": _("Fait consigné au procès-verbal ; seul le jury en apprécie les conséquences."),
    }
    return Decision(False, "exams.overtime_" + rule["action"], rule_id, messages[rule["action"]])
