"""Invigilators per room and the invigilation calendar.

* ``exams.min_invigilators`` — TOURS-VI-3.2-min-invigilators (2 per exam location whatever the
  headcount), STRAS-46 (a head of room in every room; at least 2 invigilators from 100 candidates),
  UTC-2.04-roles-finals / UTC-2.04-roles-medians (no number: the module head forms the team).
* ``exams.invigilation_calendar_lead_time`` — STRAS-47 (calendar reaches the teachers at least
  15 days before the session, or the isolated exam).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.calendar.working import WorkingCalendar
from core.profiles.validators import delay, integer, struct

from .base import Decision, Lead, LeadCheck, check_lead, cited_rules, pick

PARAM = "exams.min_invigilators"
CALENDAR_PARAM = "exams.invigilation_calendar_lead_time"

_check = struct(
    {
        "per_room": integer(0, 20, nullable=True),
        "headcount_threshold": integer(1, 10000, nullable=True),
        "above_threshold": integer(0, 50),
    }
)


def validate_min_invigilators(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    cleaned = _check(value)
    if cleaned.get("headcount_threshold") is not None and "above_threshold" not in cleaned:
        raise ValueError(_("« above_threshold » est requis avec « headcount_threshold »."))
    return cleaned


@dataclass(frozen=True)
class InvigilationRequirement:
    minimum: int
    head_of_room: bool  # one of them is designated head of room (responsable de salle)
    rule_id: str


def required_invigilators(rule_value: Any, *, candidates: int, preset: str | None = None) -> InvigilationRequirement:
    """How many invigilators a room with ``candidates`` candidates needs (0 = no regulatory minimum)."""
    rule = validate_min_invigilators(rule_value) or {}
    rule_id = pick(cited_rules(PARAM, rule_value, preset), 0)
    minimum = rule.get("per_room") or 0
    threshold = rule.get("headcount_threshold")
    if threshold is not None and candidates >= threshold:
        minimum = max(minimum, rule["above_threshold"])
    return InvigilationRequirement(minimum, minimum > 0, rule_id)


@dataclass(frozen=True)
class Invigilator:
    id: str
    is_head: bool = False


def check_room_invigilation(
    rule_value: Any, *, candidates: int, invigilators: Sequence[Invigilator], preset: str | None = None
) -> Decision:
    """Is the team of a room enough? Names the shortfall and a missing head of room."""
    need = required_invigilators(rule_value, candidates=candidates, preset=preset)
    distinct = {i.id for i in invigilators}
    if len(distinct) < need.minimum:
        return Decision(False, "exams.invigilators_missing", need.rule_id,
                        ngettext("Il faut au moins %(n)d surveillant pour cette salle (%(c)d candidats).",
                                 "Il faut au moins %(n)d surveillants pour cette salle (%(c)d candidats).",
                                 need.minimum) % {"n": need.minimum, "c": candidates})
    heads = sum(1 for i in invigilators if i.is_head)
    if need.head_of_room and heads != 1:
        return Decision(False, "exams.head_of_room_missing" if heads == 0 else "exams.head_of_room_duplicate",
                        need.rule_id, _("Désigner un et un seul responsable de salle."))
    return Decision(True, "exams.invigilation_ok", need.rule_id, _("Surveillance suffisante."))


def validate_calendar_lead(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    cleaned = delay(max_value=120)(value)
    Lead.parse(cleaned)
    return cleaned


def check_invigilation_calendar(
    rule_value: Any, *, session_start: datetime, sent_at: datetime | None, calendar: WorkingCalendar, preset: str | None = None) -> LeadCheck:
    """Was the invigilation calendar sent in time (STRAS-47)? ``session_start``: the session's
    first exam, or the exam itself when it is held in isolation."""
    lead = Lead.parse(validate_calendar_lead(rule_value))
    rule_id = pick(cited_rules(CALENDAR_PARAM, rule_value, preset), 0)
    return check_lead(lead, event=session_start, done_at=sent_at, calendar=calendar, rule_id=rule_id,
                      what=_("Envoi du calendrier des surveillances"))
