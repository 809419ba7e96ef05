"""Exam subjects: required mentions, hand-in lead time, print count (``exams.subject_rules``).

UTC-2.03-subject-content, TOURS-VI-2-subject-content, STRAS-25 (mentions); TOURS-VI-2-subject-delivery,
STRAS-26 (handed in at least 8 days before the exam); UTC-2.03-archive-copies (two extra copies of
final subjects for the archives). A subject that does not state the allowed documents and materials
means none is allowed (UTC-2.03-default-no-docs, TOURS-VI-2-subject-content, STRAS-25): Cursus still
requires the mention to be explicit (an empty list) before accepting it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from core.calendar.working import WorkingCalendar
from core.profiles.validators import integer, list_of, struct, text

from .base import ExamSlot, Lead, LeadCheck, check_lead, cited_rules, pick_kind
from .content import ContentCheck, check_fields, codes

PARAM = "exams.subject_rules"
_fields = list_of(text(60))
_check = struct(
    {
        "lead_days": integer(0, 90, nullable=True),
        "required": _fields,
        "optional": _fields,
        "required_any_of": _fields,
        "extra_archive_copies_finals": integer(0, 20),
    },
    required=("required",),
)


def validate_subject_rules(value: Any) -> dict[str, Any] | None:
    return None if value is None else _check(value)


@dataclass(frozen=True)
class SubjectMetadata:
    module_title: str | None = None
    academic_year: int | str | None = None
    semester: str | None = None
    diploma: str | None = None
    year_in_diploma: str | None = None
    session: int | None = None
    exam_date: date | None = None
    duration: timedelta | None = None
    page_count: int | None = None
    allowed_materials: tuple[str, ...] | None = None  # () = explicitly nothing allowed
    marking_scale: str | None = None
    indicative_timing: str | None = None
    other: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SubjectCheck:
    accepted: bool
    content: ContentCheck
    lead: LeadCheck

    @property
    def fields(self) -> dict[str, str]:
        out = dict(self.content.fields)
        if self.lead.late:
            out["submitted_at"] = self.lead.message
        return out


def check_subject(
    rule_value: Any,
    *,
    subject: SubjectMetadata,
    slot: ExamSlot,
    submitted_at: datetime | None,
    calendar: WorkingCalendar,
    preset: str | None = None,
) -> SubjectCheck:
    """May the exam office accept this subject? Lists every missing mention with its rule and flags
    a subject handed in after the deadline (exam day − lead_days, calendar days)."""
    rule = validate_subject_rules(rule_value)
    ids = cited_rules(PARAM, rule_value, preset)
    content = check_fields(subject, required=codes(rule, "required"), any_of=codes(rule, "required_any_of"),
                           rule_id=pick_kind(ids, "content"))
    lead = Lead.parse({"value": rule.get("lead_days")} if rule else None)
    lead_check = check_lead(lead, event=slot.start, done_at=submitted_at, calendar=calendar,
                            rule_id=pick_kind(ids, "deadline"), what=_("Remise du sujet"))
    return SubjectCheck(content.complete and lead_check.allowed, content, lead_check)


@dataclass(frozen=True)
class PrintRun:
    copies: int
    archive_copies: int
    rule_id: str


def subject_print_run(rule_value: Any, *, slot: ExamSlot, candidates: int, spare: int = 0, preset: str | None = None) -> PrintRun:
    """How many subjects to reproduce: candidates + spares (+ archive copies for finals)."""
    rule = validate_subject_rules(rule_value) or {}
    archive = rule.get("extra_archive_copies_finals", 0) if slot.kind == "final" else 0
    rule_id = pick_kind(cited_rules(PARAM, rule_value, preset), "threshold") if archive else ""
    return PrintRun(candidates + spare + archive, archive, rule_id)
