"""Convocations: lead time, channel, individual convocations, required content.

* ``exams.convocation_lead_time`` — UTC-2.02-convocation-final (individual e-mail ≥ 15 days before
  the start of finals), UTC-2.02-convocation-nonfinal (≥ 2 days before the exam),
  TOURS-VI-1-convocation / STRAS-27 (≥ 15 days before the start of the exams, display),
  TOURS-VI-1-individual / STRAS-29 (individual convocation for students exempt from attendance).
  The ARL value concerns admission auditions (``object: audition``), not exams: no exam lead time.
* ``exams.convocation_required_fields`` — UTC-2.02-convocation-content, TOURS-VI-1-convocation-content,
  STRAS-28.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from core.calendar.working import WorkingCalendar
from core.profiles.validators import choice, integer, list_of, struct, text

from .base import ExamSlot, Lead, LeadCheck, check_lead, cited_rules, pick
from .content import ContentCheck, check_fields, codes

LEAD_PARAM = "exams.convocation_lead_time"
CONTENT_PARAM = "exams.convocation_required_fields"
_DAY_KINDS = ("calendar", "weeks", "months", "ouvres", "ouvrables")
_channel = text(60)
_sub = struct({"channel": _channel, "day_kind": choice(_DAY_KINDS), "value": integer(0, 120)},
              required=("day_kind", "value"))
_lead_check = struct(
    {
        "value": integer(0, 120),
        "day_kind": choice(_DAY_KINDS),
        "object": text(40),
        "channel": list_of(_channel),
        "individual_channel": _channel,
        "individual_for": text(60),
        "finals": _sub,
        "other": _sub,
    }
)


def validate_convocation_lead(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    cleaned = _lead_check(value)
    if "value" not in cleaned and "finals" not in cleaned:
        raise ValueError(_("indiquer « value » + « day_kind », ou « finals » / « other »."))
    return cleaned


_fields = list_of(text(60))
_content_check = struct({"required": _fields, "recommended": _fields, "conditional": _fields},
                        required=("required",))


def validate_convocation_fields(value: Any) -> dict[str, Any] | None:
    return None if value is None else _content_check(value)


@dataclass(frozen=True)
class ConvocationPolicy:
    """The lead time and channel that apply to one exam (``None`` lead: no regulatory lead)."""

    lead: Lead | None
    channel: tuple[str, ...]
    anchor: str  # "period_start" (start of the exams / finals) or "exam_start"
    rule_id: str
    individual_for: str = ""
    individual_channel: str = ""
    individual_rule_id: str = ""


def convocation_policy(rule_value: Any, *, slot: ExamSlot, preset: str | None = None) -> ConvocationPolicy:
    rule = validate_convocation_lead(rule_value)
    ids = cited_rules(LEAD_PARAM, rule_value, preset)
    if rule is None or rule.get("object", "exam") != "exam":
        return ConvocationPolicy(None, (), "exam_start", "")
    if "finals" in rule or "other" in rule:
        if slot.kind == "final" and "finals" in rule:
            sub = rule["finals"]
            individual = sub.get("channel", "").endswith("individuel")
            return ConvocationPolicy(Lead(sub["value"], sub["day_kind"]), (sub.get("channel", ""),), "period_start",
                                     pick(ids, 0), individual_for="all" if individual else "",
                                     individual_channel=sub.get("channel", "") if individual else "",
                                     individual_rule_id=pick(ids, 0) if individual else "")
        sub = rule.get("other")
        if sub is None:
            return ConvocationPolicy(None, (), "exam_start", "")
        return ConvocationPolicy(Lead(sub["value"], sub["day_kind"]), (sub.get("channel", ""),), "exam_start",
                                 pick(ids, 1))
    if not slot.terminal:  # TOURS-II-2-no-convocation: continuous assessment has no convocation
        return ConvocationPolicy(None, (), "exam_start", "")
    return ConvocationPolicy(
        Lead(rule["value"], rule["day_kind"]), tuple(rule.get("channel", ())), "period_start", pick(ids, 0),
        individual_for=rule.get("individual_for", ""), individual_channel=rule.get("individual_channel", ""),
        individual_rule_id=pick(ids, 1),
    )


def check_convocation_sending(
    rule_value: Any,
    *,
    slot: ExamSlot,
    sent_at: datetime | None,
    calendar: WorkingCalendar,
    period_start: datetime | None = None,
    preset: str | None = None,
) -> LeadCheck:
    """Were (are) the convocations sent in time? ``period_start``: first exam of the period (finals
    week, session); defaults to the exam itself. Late sending is flagged with the rule id."""
    policy = convocation_policy(rule_value, slot=slot, preset=preset)
    event = (period_start or slot.start) if policy.anchor == "period_start" else slot.start
    return check_lead(policy.lead, event=event, done_at=sent_at, calendar=calendar, rule_id=policy.rule_id,
                      what=_("Envoi des convocations"))


@dataclass(frozen=True)
class IndividualConvocation:
    required: bool
    channel: str
    rule_id: str


def individual_convocation(rule_value: Any, *, slot: ExamSlot, exempt_from_attendance: bool, preset: str | None = None) -> IndividualConvocation:
    """Must this student get a convocation of their own (TOURS-VI-1-individual, STRAS-29, UTC finals)?"""
    policy = convocation_policy(rule_value, slot=slot, preset=preset)
    if policy.individual_for == "all" or (
        policy.individual_for == "dispenses_assiduite" and exempt_from_attendance
    ):
        return IndividualConvocation(True, policy.individual_channel, policy.individual_rule_id)
    return IndividualConvocation(False, "", "")


@dataclass(frozen=True)
class Convocation:
    """What a convocation shows (allowed_* ``()`` = "nothing allowed", ``None`` = not stated)."""

    module_title: str | None = None
    nature: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    duration: timedelta | None = None
    room: str | None = None
    seat: str | None = None
    allowed_documents: tuple[str, ...] | None = None
    allowed_materials: tuple[str, ...] | None = None
    seats_assigned: bool = False
    other: dict[str, str] = field(default_factory=dict)


def check_convocation_content(rule_value: Any, convocation: Convocation, *, preset: str | None = None) -> ContentCheck:
    """Required mentions (+ ``conditional`` ones such as the seat when seats are assigned)."""
    rule = validate_convocation_fields(rule_value)
    rule_id = pick(cited_rules(CONTENT_PARAM, rule_value, preset), 0)
    required = codes(rule, "required")
    if convocation.seats_assigned:
        required += codes(rule, "conditional")
    return check_fields(convocation, required=required, recommended=codes(rule, "recommended"), rule_id=rule_id)
