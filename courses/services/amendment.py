"""Exceptional amendment of published M3C (TOURS-II-exceptional): approved by the competent
council, made known to the students concerned at least the profile's lead time before the first
exam it affects (courses.m3c_publication.exception_notice_days, calendar days)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from core.calendar.service import calendar_for_component
from core.errors import ApplicationError, PermissionDenied
from core.models import User
from courses import rules
from courses.models import AssessmentComponent, M3CAmendment, Module, ProgrammeVersion, SnapshotKind
from courses.permissions import can_manage_programme
from courses.services.common import version_of, version_param
from courses.services.structure import COMPONENT_FIELDS
from courses.services.workflow import m3c_snapshot_issue

AMENDABLE_MODULE_FIELDS = ("second_session_rule", "cc_carry_over", "attendance_condition", "eliminatory_mark",
                           "validation_threshold")
AMENDABLE_COMPONENT_FIELDS = tuple(f for f in COMPONENT_FIELDS if f != "code")


def _first_exam(components: list[AssessmentComponent]) -> date | None:
    days = [d for d in (c.planned_date or c.window_start for c in components) if d is not None]
    return min(days) if days else None


def m3c_amend(
    *,
    actor: User | None,
    module: Module,
    reason: str,
    council: str,
    council_date: date,
    component_changes: Mapping[int, Mapping[str, Any]] | None = None,
    module_changes: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> M3CAmendment:
    """Apply an exceptional amendment to one module of published M3C and notify its students.

    Refused (rule cited) when the profile allows no amendment, when the version is not
    published, or when today is later than first exam − lead time ('N days before E': latest
    action date = E − N days, computed by the calendar service).
    """
    at = at or timezone.now()
    today = timezone.localdate(at)
    version: ProgrammeVersion = version_of(module)
    params = version_param(version, "courses.m3c_publication")
    rule_id = params["rules"]["amendment"] or params["rules"]["freeze"]
    component_changes = {int(k): dict(v) for k, v in (component_changes or {}).items()}
    module_changes = dict(module_changes or {})
    if actor is not None and not can_manage_programme(actor, version.programme):
        raise PermissionDenied(code="courses.not_programme_manager")
    missing = {k: _("Obligatoire.") for k, v in (("reason", reason), ("council", council),
                                                  ("council_date", council_date)) if not v}
    if missing:
        raise ApplicationError("courses.amendment_incomplete",
                               _("Indiquer le motif, le conseil qui a approuvé la modification et sa date."),
                               fields=missing, rule_id=rule_id)
    bad = set(module_changes) - set(AMENDABLE_MODULE_FIELDS)
    bad |= {f for ch in component_changes.values() for f in ch if f not in AMENDABLE_COMPONENT_FIELDS}
    if bad or not (component_changes or module_changes):
        raise ApplicationError("courses.amendment_fields", _("Aucune modification valide."),
                               fields={f: _("Non modifiable.") for f in bad} or {"__all__": _("Rien à modifier.")})
    with transaction.atomic():
        version = ProgrammeVersion.objects.select_for_update(of=("self",)).select_related(
            "programme__component__institution").get(pk=version.pk)
        components = {c.pk: c for c in module.components.all()}
        unknown = set(component_changes) - set(components)
        if unknown:
            raise ApplicationError("courses.amendment_fields", _("Épreuve d'un autre module."),
                                   fields={"components": [str(x) for x in sorted(unknown)]})
        touched = [components[i] for i in component_changes] or list(components.values())
        before_first = _first_exam(touched)
        before = {str(i): snapshot(components[i], list(ch)) for i, ch in component_changes.items()}
        for i, ch in component_changes.items():
            for k, v in ch.items():
                setattr(components[i], k, v)
        first_exam = min(d for d in (before_first, _first_exam(touched)) if d is not None) \
            if (before_first or _first_exam(touched)) else None
        if first_exam is None:
            raise ApplicationError("courses.amendment_no_exam_date",
                                   _("Les épreuves concernées n'ont pas de date : impossible de vérifier le délai."),
                                   fields={"planned_date": _("Renseigner la date des épreuves.")}, rule_id=rule_id)
        lead = params["exception_notice_days"]
        latest = (calendar_for_component(version.programme.component).subtract(first_exam, lead, "calendar")
                  if lead is not None else None)
        decision = rules.amendment_decision(state=version.state, lead_days=lead, today=today, latest=latest,
                                            first_exam=first_exam, rule_id=rule_id)
        if not decision.allowed:
            raise ApplicationError(decision.code, decision.message, rule_id=decision.rule_id,
                                   fields={"__all__": decision.message})
        for c in components.values():
            c.full_clean()
            c.save()
        before_module = snapshot(module, list(module_changes))
        for k, v in module_changes.items():
            setattr(module, k, v)
        module.full_clean()
        module.save()
        spec = rules.ModuleSpec(code=module.code, components=tuple(
            rules.ComponentSpec(code=c.code, weight=c.weight_percent, session=c.session,
                                is_continuous=c.is_continuous, evaluation_count=c.evaluation_count)
            for c in components.values()), min_means_exception=module.min_assessments_exception)
        minimums = version_param(version, "courses.min_assessments")
        problems = rules.check_weights(spec) + rules.check_cc_not_single(
            spec, minimums["min_cc_evaluations"], minimums["rules"]["cc"])
        if problems:
            raise ApplicationError("courses.m3c_invalid", problems[0].message, rule_id=problems[0].rule_id,
                                   fields={"__all__": [p.message for p in problems]})
        version.revision += 1
        version.save(update_fields=["revision", "updated_at"])
        lines = [f"{components[i].code} : " + ", ".join(f"{k} → {v}" for k, v in ch.items())
                 for i, ch in component_changes.items()]
        lines += [f"{k} → {v}" for k, v in module_changes.items()]
        amendment = M3CAmendment.objects.create(
            programme_version=version, module=module, reason=reason, council=council, council_date=council_date,
            changes={"components": {str(i): {k: str(v) for k, v in ch.items()} for i, ch in component_changes.items()},
                     "module": {k: str(v) for k, v in module_changes.items()}, "lines": lines},
            first_affected_exam=first_exam, published_at=at, created_by=actor,
        )
        amendment.snapshot = m3c_snapshot_issue(version, actor, SnapshotKind.AMENDMENT)
        amendment.save(update_fields=["snapshot"])
        audit_record(actor=actor, action="courses.m3c_amend", obj=module,
                     before={"components": before, "module": before_module},
                     after=amendment.changes, reason=reason, rule_id=rule_id)
        _notify_students(amendment, module, version, lines, rule_id)
    return amendment


def _notify_students(amendment: M3CAmendment, module: Module, version: ProgrammeVersion, lines: list[str],
                     rule_id: str) -> int:
    from core.notices.services import notice_enqueue
    from enrollment.selectors import students_registered_to_modules

    count = 0
    url = reverse("courses:module_detail", args=[module.pk])
    for student in students_registered_to_modules([module.pk]):
        notice_enqueue(
            key=f"courses.m3c_amendment.{amendment.pk}.{student.pk}", kind="courses.m3c_amendment",
            recipient=student, rule_id=rule_id, subject=module,
            context={
                "student_name": student.get_full_name() or student.email, "module": str(module),
                "programme": str(version.programme), "academic_year": f"{version.academic_year}-{version.academic_year + 1}",
                "reason": amendment.reason, "council": amendment.council,
                "council_date": amendment.council_date.strftime("%d/%m/%Y"),
                "first_exam": amendment.first_affected_exam.strftime("%d/%m/%Y"), "changes": lines, "url": url,
            },
        )
        count += 1
    return count
