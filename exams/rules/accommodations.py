"""Exam accommodations (aménagements d'épreuves) for disabled students and other publics.

* Personal end time = start + duration × (1 + extra-time ratio) (UTC-2.05-accommodations), rounded up
  to the minute; a separate room needs its own invigilation.
* Request deadline (``exams.accommodation_request_deadline``): TOURS-VI-3.2-accommodation-request (to
  the Mission Handicap at the latest one month before the start of the exams, force majeure
  excepted); STRAS-11 (prior authorisation of the competent service required); other presets: no
  deadline in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from core.calendar.working import WorkingCalendar
from core.profiles.validators import boolean, choice, integer, struct, text

from .base import Decision, ExamSlot, cited_rules, pick, scaled

PARAM = "exams.accommodation_request_deadline"

_check = struct(
    {
        "value": integer(0, 24, nullable=True),
        "anchor": text(60),
        "day_kind": choice(("calendar", "weeks", "months", "ouvres", "ouvrables")),
        "direction": choice(("before",)),
        "prior_authorisation": boolean(),
    }
)


def validate_accommodation_deadline(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    cleaned = _check(value)
    if cleaned.get("value") is not None and "day_kind" not in cleaned:
        raise ValueError(_("« day_kind » est requis avec « value »."))
    return cleaned


@dataclass(frozen=True)
class Accommodation:
    """What the disability office granted (tiers-temps = ``extra_time=Fraction(1, 3)``)."""

    extra_time: Fraction = Fraction(0)
    separate_room: bool = False
    large_print: bool = False
    secretary: bool = False
    accessible_room: bool = False

    @property
    def any(self) -> bool:
        return bool(self.extra_time) or self.separate_room or self.large_print or self.secretary or self.accessible_room

    @property
    def individual_room(self) -> bool:
        """Alone in a room: a separate room, or a secretary who reads/writes aloud."""
        return self.separate_room or self.secretary


NO_ACCOMMODATION = Accommodation()


def personal_end(slot: ExamSlot, accommodation: Accommodation | None = None) -> datetime:
    """end = start + duration × (1 + extra) (UTC-2.05-accommodations)."""
    ratio = 1 + (accommodation.extra_time if accommodation else Fraction(0))
    return slot.start + scaled(slot.duration, ratio)


def extra_time(slot: ExamSlot, accommodation: Accommodation | None) -> timedelta:
    return personal_end(slot, accommodation) - slot.end


@dataclass(frozen=True)
class RequestDecision(Decision):
    deadline: date | None = None


def check_accommodation_request(
    rule_value: Any,
    *,
    requested_on: date,
    exams_start: date,
    calendar: WorkingCalendar,
    force_majeure: bool = False,
    authorised: bool | None = None,
    preset: str | None = None,
) -> RequestDecision:
    """Was the request made in time (and authorised where prior authorisation is required)?"""
    rule = validate_accommodation_deadline(rule_value)
    rule_id = pick(cited_rules(PARAM, rule_value, preset), 0)
    if rule is None:
        return RequestDecision(True, "exams.accommodation_no_deadline", "", _("Aucun délai de demande fixé."))
    if rule.get("prior_authorisation") and not authorised:
        return RequestDecision(False, "exams.accommodation_not_authorised", rule_id,
                               _("Les aménagements exigent l'autorisation préalable du service compétent."))
    if rule.get("value") is None:
        return RequestDecision(True, "exams.accommodation_no_deadline", rule_id, _("Aucun délai de demande fixé."))
    deadline = calendar.subtract(exams_start, rule["value"], rule["day_kind"])
    if requested_on <= deadline:
        return RequestDecision(True, "exams.accommodation_in_time", rule_id, _("Demande faite dans les délais."),
                               deadline=deadline)
    if force_majeure:
        return RequestDecision(True, "exams.accommodation_force_majeure", rule_id,
                               _("Demande tardive admise pour force majeure (accident, blessure, opération)."),
                               deadline=deadline)
    return RequestDecision(False, "exams.accommodation_late", rule_id,
                           _("Demande tardive : à faire au plus tard le %(d)s (règle %(r)s).")
                           % {"d": deadline.isoformat(), "r": rule_id}, deadline=deadline)
