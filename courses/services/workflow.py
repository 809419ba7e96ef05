"""M3C validation, approval, publication, freeze, exceptional amendment and the publication
deadline row (TOURS-II-m3c-deadline, STRAS-1, UTC-1.01-arrete, ARL-ES17.1-assessment-rules)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.calendar.working import end_of_day
from core.errors import ApplicationError, PermissionDenied
from core.models import User
from courses import rules
from courses.models import M3CSnapshot, M3CState, ProgrammeVersion, SnapshotKind
from courses.models.calendar import PeriodKind
from courses.permissions import can_manage_programme
from courses.selectors import calendar_for, m3c_deadline_key, version_with_structure
from courses.services.common import version_param
from courses.services.snapshot import m3c_data
from courses.workflows import check_transition

M3C_DOCUMENT_TEMPLATE = "documents/courses/m3c.html"


def _deadline_key(version: ProgrammeVersion) -> str:
    return m3c_deadline_key(version.pk)


def _anchor(version: ProgrammeVersion) -> date | None:
    """Start of teaching for the version: its earliest semester start, else the calendar's."""
    starts = [s.start_date for y in version.study_years.all() for s in y.semesters.all() if s.start_date]
    if starts:
        return min(starts)
    calendar = calendar_for(version.programme.component_id, version.academic_year)
    if calendar is None:
        return None
    periods = [p.start for p in calendar.periods.all() if p.kind in (PeriodKind.SEMESTER, PeriodKind.TEACHING)]
    return min(periods) if periods else None


def m3c_deadline_sync(*, version: ProgrammeVersion) -> Any:
    """Open (or move) the M3C publication deadline row of a draft/approved version."""
    params = version_param(version, "courses.m3c_publication")
    if params["deadline"] is None or version.state not in (M3CState.DRAFT, M3CState.APPROVED):
        return None
    anchor = _anchor(version)
    if anchor is None:
        return None
    from core.deadlines.services import deadline_open

    due = rules.publication_deadline(anchor, params["deadline"]["convention"])
    component = version.programme.component
    return deadline_open(
        key=_deadline_key(version), kind="courses.m3c_publication", rule_id=params["rules"]["deadline"],
        title=str(_("Publier les M3C de %(v)s") % {"v": version}), institution=component.institution,
        component=component, subject=version, due_at=end_of_day(due), assignee_role="programme_head",
        reminder_days=params["reminder_days"] or None,
    )


def _period_bounds(version: ProgrammeVersion) -> dict[tuple[int, str], tuple[date, date] | None]:
    """{(semester id, session): allowed span} from semester dates and the calendar periods."""
    calendar = calendar_for(version.programme.component_id, version.academic_year)
    periods = list(calendar.periods.all()) if calendar else []
    out: dict[tuple[int, str], tuple[date, date] | None] = {}
    for year in version.study_years.all():
        for s in year.semesters.all():
            parity = 1 if s.number % 2 else 2
            own = [p for p in periods if p.semester_number in (None, parity)]
            sem = [p for p in own if p.kind == PeriodKind.SEMESTER]
            start = s.start_date or (min(p.start for p in sem) if sem else None)
            end = s.end_date or (max(p.end for p in sem) if sem else None)
            first = (start, end) if start and end else None
            second = [p for p in own if p.kind == PeriodKind.SECOND_SESSION]
            out[(s.pk, "1")] = first
            out[(s.pk, "2")] = (min(p.start for p in second), max(p.end for p in second)) if second else first
            second_span = out[(s.pk, "2")]
            out[(s.pk, "both")] = (first[0], second_span[1]) if first and second_span else first
    return out


def _structured(version: ProgrammeVersion) -> ProgrammeVersion:
    """The version with its structure prefetched (once: a version already loaded that way is kept)."""
    if "study_years" in getattr(version, "_prefetched_objects_cache", {}):
        return version
    return version_with_structure(version.pk)


def m3c_validate(version: ProgrammeVersion) -> list[rules.Violation]:
    """Every M3C error of a version, each with its rule (weights, minimum means, CC, windows)."""
    version = _structured(version)
    minimums = version_param(version, "courses.min_assessments")
    bounds = _period_bounds(version)
    out: list[rules.Violation] = []
    for year in version.study_years.all():
        for s in year.semesters.all():
            for m in s.modules.all():
                comps = tuple(rules.ComponentSpec(
                    code=c.code, weight=c.weight_percent, session=c.session, is_continuous=c.is_continuous,
                    evaluation_count=c.evaluation_count, window_start=c.window_start, window_end=c.window_end,
                    planned_date=c.planned_date) for c in m.components.all())
                spec = rules.ModuleSpec(code=m.code, components=comps,
                                        min_means_exception=m.min_assessments_exception,
                                        second_session=m.second_session_rule)
                out += rules.check_module(
                    spec, min_means=minimums["min_means"], min_cc=minimums["min_cc_evaluations"],
                    rules=minimums["rules"], bounds={c.code: bounds.get((s.pk, c.session)) for c in comps},
                )
                if not m.ue_links.all():
                    out.append(rules.Violation("courses.module_without_ue",
                                               _("Le module %(m)s n'alimente aucune UE.") % {"m": m.code},
                                               "", "coefficients", m.code))
    return out


def m3c_warnings(version: ProgrammeVersion) -> list[rules.Violation]:
    """Points to review that do not block approval: a semester (for each parcours when UEs differ
    by parcours) whose UEs do not total 30 ECTS (national framework, informative; decision C-ECTS)."""
    version = _structured(version)
    out: list[rules.Violation] = []
    for year in version.study_years.all():
        for s in year.semesters.all():
            ues = list(s.ues.all())
            if not ues:
                continue
            if not any(ue.parcours.all() for ue in ues):
                out += rules.ects_total_check(str(s), [ue.ects for ue in ues])
                continue
            for p in version.parcours.all():
                applicable = [ue.ects for ue in ues if not ue.parcours.all() or p in ue.parcours.all()]
                out += rules.ects_total_check(f"{s} — {p.code}", applicable)
    return out


def _move(version: ProgrammeVersion, name: str, actor: User | None, **fields: Any) -> ProgrammeVersion:
    transition = check_transition(name, version.state)
    if actor is not None and not can_manage_programme(actor, version.programme):
        raise PermissionDenied(code="courses.not_programme_manager")
    before = version.state
    version.state = transition.target
    for k, v in fields.items():
        setattr(version, k, v)
    version.save(update_fields=["state", "updated_at", *fields])
    audit_record(actor=actor, action=f"courses.m3c_{name}", obj=version, before={"state": before},
                 after={"state": version.state, **fields})
    return version


def _locked(version: ProgrammeVersion) -> ProgrammeVersion:
    return ProgrammeVersion.objects.select_for_update(of=("self",)).select_related(
        "programme__component__institution").get(pk=version.pk)


def m3c_approve(*, actor: User | None, version: ProgrammeVersion, council: str, council_date: date
                ) -> ProgrammeVersion:
    """Record the council's approval; refused while the M3C have errors (listed with their rule)."""
    if not (council or "").strip() or council_date is None:
        raise ApplicationError("courses.council_required", _("Indiquer le conseil et la date d'approbation."),
                               fields={"council": _("Obligatoire."), "council_date": _("Obligatoire.")})
    errors = m3c_validate(version)
    if errors:
        raise ApplicationError(
            "courses.m3c_invalid", _("Les M3C comportent %(n)s erreur(s).") % {"n": len(errors)},
            fields={"__all__": [f"{e.message} [{e.rule_id}]" if e.rule_id else e.message for e in errors]},
            rule_id=errors[0].rule_id,
        )
    with transaction.atomic():
        version = _move(_locked(version), "approve", actor, council=council.strip(), council_date=council_date)
    return version


def m3c_reopen(*, actor: User | None, version: ProgrammeVersion) -> ProgrammeVersion:
    with transaction.atomic():
        return _move(_locked(version), "reopen", actor, council="", council_date=None)


def m3c_snapshot_issue(version: ProgrammeVersion, actor: User | None, kind: str, *, keep: bool = True,
                       owner: User | None = None) -> Any:
    """Keep the M3C as published (JSON snapshot) and issue their printable PDF (core.documents).

    ``keep=False`` issues a draft print only (no snapshot) and returns the Document.
    """
    from core.documents.services import document_issue

    data = m3c_data(version.pk)
    component = version.programme.component
    label = _("révision %(r)s") % {"r": version.revision} if keep else _("projet")
    document = document_issue(
        actor=actor, kind="courses.m3c",
        title=str(_("M3C %(p)s %(y)s (%(l)s)") % {"p": version.programme, "y": data["academic_year_label"],
                                                   "l": label}),
        template=M3C_DOCUMENT_TEMPLATE, context={"m3c": data}, component=component, subject=version, owner=owner,
    )
    if not keep:
        return document
    return M3CSnapshot.objects.create(programme_version=version, revision=version.revision, kind=kind, data=data,
                                      document=document, created_by=actor)


def m3c_publish(*, actor: User | None, version: ProgrammeVersion, at: datetime | None = None) -> ProgrammeVersion:
    """Publish approved M3C: snapshot (JSON + PDF), deadline met; from now on they are frozen."""
    at = at or timezone.now()
    with transaction.atomic():
        version = _locked(version)
        version = _move(version, "publish", actor, published_at=at, revision=version.revision + 1)
        m3c_snapshot_issue(version, actor, SnapshotKind.PUBLICATION)
        params = version_param(version, "courses.m3c_publication")
        if params["deadline"] is not None:
            from core.deadlines.services import deadline_meet

            deadline_meet(key=_deadline_key(version), at=at, actor=actor)
    return version


def m3c_freeze(*, actor: User | None, version: ProgrammeVersion, at: datetime | None = None) -> ProgrammeVersion:
    with transaction.atomic():
        return _move(_locked(version), "freeze", actor, frozen_at=at or timezone.now())


def version_detail(version_id: int) -> ProgrammeVersion:
    return version_with_structure(version_id)


FREEZE_BATCH = 200


def m3c_freeze_ended(*, today: date, batch_size: int = FREEZE_BATCH) -> int:
    """Freeze published versions whose every semester has ended (end of the year the M3C were
    frozen for: TOURS-II-m3c-freeze, STRAS-6). Idempotent; processes one batch, returns its size."""
    from django.db.models import Max, Q

    candidates = (
        ProgrammeVersion.objects.filter(state=M3CState.PUBLISHED)
        .annotate(last_end=Max("study_years__semesters__end_date"))
        .filter(Q(last_end__lt=today))
        .order_by("pk")[:batch_size]
    )
    done = 0
    for version in candidates:
        with transaction.atomic():
            locked = _locked(version)
            if locked.state == M3CState.PUBLISHED:
                _move(locked, "freeze", None, frozen_at=timezone.now())
                done += 1
    return done
