"""Writes of bonus inputs (sport sessions, engagement points): validated against the profile's
caps (``juries.rules.bonus_inputs``: RSY-A7.1-sport-bonus, RSY-A7.2A-activities, RSY-A7.2C-cap),
all-or-nothing for a grid, audited, and followed by one recompute of the study year's results
(``results_schedule_recompute``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, PermissionDenied
from core.models import User
from core.profiles.registry import get_param
from core.profiles.selectors import profile_value
from courses.models import StudyYear
from enrollment.models import AdministrativeRegistration, RegistrationState
from juries.models import BonusEntry, BonusKind
from juries.results import permissions as perms
from juries.results.services import results_schedule_recompute
from juries.rules.bonus_inputs import BonusLimits, bonus_problems, parse_value


@dataclass(frozen=True)
class BonusInput:
    """One cell of the grid: ``value`` empty removes the entry."""

    student_id: int
    kind: str
    engagement_type: str = ""
    value: str = ""
    evidence: str = ""

    @property
    def field_prefix(self) -> str:
        return f"{self.kind}-{self.engagement_type or 'sessions'}-{self.student_id}"


def _param(study_year: StudyYear, key: str) -> Any:
    version = study_year.programme_version
    try:
        return profile_value(version.programme.component, version.academic_year, key)
    except ApplicationError as exc:
        if exc.code != "profiles.no_profile":
            raise
        return get_param(key).default


def bonus_limits(study_year: StudyYear) -> BonusLimits:
    """The profile's bonus caps for the study year's component and academic year."""
    def dec(key: str) -> Decimal | None:
        value = _param(study_year, key)
        return None if value is None else Decimal(str(value))

    return BonusLimits(sport_max=dec("juries.sport_bonus_max"),
                       engagement_per_type_max=dec("juries.engagement_bonus_per_type_max"),
                       engagement_types=tuple(_param(study_year, "juries.engagement_bonus_types") or ()))


def bonuses_save(*, actor: User | None, study_year: StudyYear, entries: Sequence[BonusInput]) -> int:
    """Record (or remove, for an empty value) every entry, or none if one is invalid.

    Errors name the grid field (``value-<kind>-<type>-<student>``) and the rule. Returns the number
    of rows created, changed or removed. One recompute of the study year is queued on commit.
    """
    if actor is not None and not perms.can_manage_bonuses(actor, study_year):
        raise PermissionDenied(_("Seuls le secrétariat, la direction des études et la présidence du jury "
                                 "saisissent les bonifications."), code="juries.bonus_forbidden")
    limits = bonus_limits(study_year)
    registered = set(AdministrativeRegistration.objects.filter(
        study_year=study_year, state=RegistrationState.VALIDATED).values_list("student__user_id", flat=True))
    errors: dict[str, str] = {}
    rules: list[str] = []
    parsed: list[tuple[BonusInput, Decimal | None]] = []
    for entry in entries:
        if entry.student_id not in registered:
            errors[f"student-{entry.student_id}"] = _("Étudiant·e non inscrit·e à cette année de formation.")
            continue
        raw = str(entry.value).strip()
        value = parse_value(raw) if raw else None
        if raw:
            for problem in bonus_problems(entry.kind, entry.engagement_type, value, limits):
                errors[f"{problem.field}-{entry.field_prefix}"] = f"{problem.message} ({problem.rule})"
                rules.append(problem.rule)
        parsed.append((entry, value))
    if errors:
        raise ApplicationError("juries.bonus_invalid", _("Bonifications non enregistrées : corriger les champs signalés."),
                               fields=errors, rule_id=rules[0] if rules else "")
    return _write(actor, study_year, parsed)


def bonus_record(*, actor: User | None, study_year: StudyYear, student: User, kind: str,
                 engagement_type: str = "", value: str = "", evidence: str = "") -> BonusEntry | None:
    """One entry (see ``bonuses_save``); returns the row, or None when removed / empty."""
    bonuses_save(actor=actor, study_year=study_year, entries=[
        BonusInput(student.pk, kind, engagement_type if kind == BonusKind.ENGAGEMENT else "", value, evidence)])
    return BonusEntry.objects.filter(student=student, study_year=study_year, kind=kind,
                                     engagement_type=engagement_type if kind == BonusKind.ENGAGEMENT else "").first()


def _write(actor: User | None, study_year: StudyYear, parsed: list[tuple[BonusInput, Decimal | None]]) -> int:
    now = timezone.now()
    academic_year = study_year.programme_version.academic_year
    changed = 0
    with transaction.atomic():
        existing = {(b.student_id, b.kind, b.engagement_type): b for b in BonusEntry.objects.select_for_update(
            of=("self",)).filter(study_year=study_year, student_id__in={e.student_id for e, _v in parsed})}
        for entry, value in parsed:
            etype = entry.engagement_type if entry.kind == BonusKind.ENGAGEMENT else ""
            row = existing.get((entry.student_id, entry.kind, etype))
            before = None if row is None else {"value": str(row.value), "evidence": row.evidence}
            rule = "RSY-A7.1-sport-eligibility" if entry.kind == BonusKind.SPORT else "RSY-A7.2C-cap"
            if value is None:
                if row is not None:
                    audit_record(actor=actor, action="juries.bonus_removed", obj=row, before=before, rule_id=rule)
                    row.delete()
                    changed += 1
                continue
            evidence = entry.evidence.strip()[:300]
            if row is not None and row.value == value and row.evidence == evidence:
                continue
            if row is None:
                row = BonusEntry(student_id=entry.student_id, study_year=study_year, academic_year=academic_year,
                                 kind=entry.kind, engagement_type=etype)
            row.value, row.evidence, row.recorded_by, row.recorded_at = value, evidence, actor, now
            row.full_clean()
            row.save()
            audit_record(actor=actor, action="juries.bonus_recorded", obj=row, before=before,
                         after={"student": entry.student_id, "kind": entry.kind, "type": etype,
                                "value": str(value), "evidence": evidence}, rule_id=rule)
            changed += 1
        if changed:
            results_schedule_recompute(study_year.semesters.values_list("pk", flat=True))
    return changed
