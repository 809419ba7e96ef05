"""Building a programme: programme, yearly version, years, semesters, parcours, competences,
UEs, modules with their UE coefficients, assessment components, groups (M3C in draft only)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from core.errors import ApplicationError
from core.models import Component, User
from courses.models import (
    RCUE,
    UE,
    AssessmentComponent,
    Competence,
    CompetenceLevel,
    Module,
    ModuleUE,
    Parcours,
    Programme,
    ProgrammeVersion,
    Semester,
    StudyYear,
    TeachingGroup,
)
from courses.services.common import ensure_editable, version_of, version_param


def _save(obj: models.Model, *, actor: User | None, action: str, before: dict | None = None) -> None:
    """full_clean + save + audit; a validation error becomes an ApplicationError naming fields."""
    try:
        obj.full_clean()
        obj.save()
    except ValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise ApplicationError("courses.invalid", _("Données invalides."), fields=fields) from None
    except IntegrityError:
        raise ApplicationError("courses.duplicate", _("Cet élément existe déjà."),
                               fields={"code": _("Code déjà utilisé.")}) from None
    names = [f.name for f in obj._meta.concrete_fields if f.name not in ("id", "created_at", "updated_at")]
    audit_record(actor=actor, action=action, obj=obj, before=before, after=snapshot(obj, names))


def programme_create(*, actor: User | None, component: Component, diploma_type: str, code: str, title: str,
                     mention: str = "") -> Programme:
    with transaction.atomic():
        programme = Programme(component=component, diploma_type=diploma_type, code=code, title=title,
                              mention=mention)
        _save(programme, actor=actor, action="courses.programme_create")
    return programme


def programme_version_create(*, actor: User | None, programme: Programme, academic_year: int) -> ProgrammeVersion:
    """A new yearly version in draft; compensation/threshold defaults come from the profile
    (courses.compensation_defaults, courses.validation_threshold)."""
    from courses.services.workflow import m3c_deadline_sync

    with transaction.atomic():
        version = ProgrammeVersion(programme=programme, academic_year=academic_year)
        comp = version_param(version, "courses.compensation_defaults")
        version.compensation_within_ue = comp["within_ue"]
        version.compensation_between_ues = comp["between_ues"]
        version.compensation_between_semesters = comp["between_semesters"]
        version.ue_capitalisation = comp["ue_capitalisation"]
        version.validation_threshold = Decimal(str(version_param(version, "courses.validation_threshold")))
        _save(version, actor=actor, action="courses.version_create")
        m3c_deadline_sync(version=version)
    return version


VERSION_SETTINGS = ("compensation_within_ue", "compensation_between_ues", "compensation_between_semesters",
                    "ue_capitalisation", "validation_threshold")


def programme_version_update(*, actor: User | None, version: ProgrammeVersion, **changes: Any) -> ProgrammeVersion:
    return _update(version, version, changes, VERSION_SETTINGS, actor, "courses.version_update")


def _update(obj: models.Model, version: ProgrammeVersion, changes: Mapping[str, Any], allowed: Iterable[str],
            actor: User | None, action: str) -> Any:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ApplicationError("courses.unknown_fields", _("Champs non modifiables."),
                               fields={k: _("Champ non modifiable.") for k in unknown})
    with transaction.atomic():
        ensure_editable(version)
        before = snapshot(obj, list(changes))
        for k, v in changes.items():
            setattr(obj, k, v)
        _save(obj, actor=actor, action=action, before=before)
    return obj


def study_year_create(*, actor: User | None, version: ProgrammeVersion, level: int, label: str) -> StudyYear:
    with transaction.atomic():
        ensure_editable(version)
        year = StudyYear(programme_version=version, level=level, label=label)
        _save(year, actor=actor, action="courses.study_year_create")
    return year


def semester_create(*, actor: User | None, study_year: StudyYear, number: int,
                    start_date: date | None = None, end_date: date | None = None) -> Semester:
    from courses.services.workflow import m3c_deadline_sync

    version = study_year.programme_version
    with transaction.atomic():
        ensure_editable(version)
        semester = Semester(study_year=study_year, number=number, start_date=start_date, end_date=end_date)
        _save(semester, actor=actor, action="courses.semester_create")
        m3c_deadline_sync(version=version)
    return semester


def semester_update(*, actor: User | None, semester: Semester, **changes: Any) -> Semester:
    from courses.services.workflow import m3c_deadline_sync

    version = semester.study_year.programme_version
    with transaction.atomic():
        _update(semester, version, changes, ("start_date", "end_date"), actor, "courses.semester_update")
        m3c_deadline_sync(version=version)
    return semester


def parcours_create(*, actor: User | None, version: ProgrammeVersion, code: str, title: str) -> Parcours:
    with transaction.atomic():
        ensure_editable(version)
        parcours = Parcours(programme_version=version, code=code, title=title)
        _save(parcours, actor=actor, action="courses.parcours_create")
    return parcours


def competence_create(*, actor: User | None, version: ProgrammeVersion, number: int, code: str, title: str,
                      levels: Mapping[int, StudyYear | None] | None = None) -> Competence:
    """A competence and its levels ({level: study year where it is taught})."""
    with transaction.atomic():
        ensure_editable(version)
        competence = Competence(programme_version=version, number=number, code=code, title=title)
        _save(competence, actor=actor, action="courses.competence_create")
        for level, year in sorted((levels or {}).items()):
            _save(CompetenceLevel(competence=competence, level=level, study_year=year),
                  actor=actor, action="courses.competence_level_create")
    return competence


def competence_level_create(*, actor: User | None, competence: Competence, level: int,
                            study_year: StudyYear | None = None, title: str = "") -> CompetenceLevel:
    with transaction.atomic():
        ensure_editable(competence.programme_version)
        cl = CompetenceLevel(competence=competence, level=level, study_year=study_year, title=title)
        _save(cl, actor=actor, action="courses.competence_level_create")
    return cl


def ue_create(*, actor: User | None, semester: Semester, code: str, title: str, ects: Decimal,
              competence_level: CompetenceLevel | None = None, parcours: Iterable[Parcours] = ()) -> UE:
    version = semester.study_year.programme_version
    if competence_level is not None and competence_level.competence.programme_version_id != version.pk:
        raise ApplicationError("courses.other_version", _("Niveau de compétence d'une autre formation."),
                               fields={"competence_level": _("Choisir un niveau de cette formation.")})
    with transaction.atomic():
        ensure_editable(version)
        ue = UE(semester=semester, code=code, title=title, ects=ects, competence_level=competence_level)
        _save(ue, actor=actor, action="courses.ue_create")
        ue.parcours.set(list(parcours))
        rcue_sync(version=version)
    return ue


def rcue_sync(*, version: ProgrammeVersion) -> list[RCUE]:
    """Pair, for each competence level, its odd- and even-semester UEs of the same study year
    into an RCUE (RSY-A1-odd-semester: progression is decided on RCUE averages)."""
    ues = UE.objects.filter(semester__study_year__programme_version=version,
                            competence_level__isnull=False).select_related("semester")
    by_key: dict[tuple[int, int], dict[str, list[UE]]] = {}
    for ue in ues:
        assert ue.competence_level_id is not None  # filtered above
        slot = by_key.setdefault((ue.semester.study_year_id, ue.competence_level_id), {"odd": [], "even": []})
        slot["odd" if ue.semester.number % 2 else "even"].append(ue)
    wanted = {
        (year_id, level_id, odd.pk, even.pk)
        for (year_id, level_id), slot in by_key.items()
        for odd in slot["odd"] for even in slot["even"]
        if not odd.parcours.exists() or not even.parcours.exists()
        or set(odd.parcours.values_list("pk", flat=True)) & set(even.parcours.values_list("pk", flat=True))
    }
    existing = {(r.study_year_id, r.competence_level_id, r.ue_odd_id, r.ue_even_id): r
                for r in RCUE.objects.filter(study_year__programme_version=version)}
    for key, row in existing.items():
        if key not in wanted:
            row.delete()
    for key in wanted - set(existing):
        RCUE.objects.create(study_year_id=key[0], competence_level_id=key[1], ue_odd_id=key[2], ue_even_id=key[3])
    return list(RCUE.objects.filter(study_year__programme_version=version))


MODULE_FIELDS = ("code", "title", "kind", "hours", "ects", "is_optional", "validation_threshold",
                 "eliminatory_mark", "attendance_condition", "second_session_rule", "cc_carry_over",
                 "min_assessments_exception", "position")


def module_create(*, actor: User | None, semester: Semester, code: str, title: str,
                  coefficients: Mapping[UE, Decimal] | None = None, parcours: Iterable[Parcours] = (),
                  **fields: Any) -> Module:
    """A module of ``semester`` feeding the given UEs ({ue: coefficient}); second-session rule
    defaults to the profile's courses.second_session_default."""
    version = semester.study_year.programme_version
    unknown = set(fields) - set(MODULE_FIELDS)
    if unknown:
        raise ApplicationError("courses.unknown_fields", _("Champs inconnus."),
                               fields={k: _("Champ inconnu.") for k in unknown})
    fields.setdefault("second_session_rule", version_param(version, "courses.second_session_default"))
    with transaction.atomic():
        ensure_editable(version)
        module = Module(semester=semester, code=code, title=title, **fields)
        _save(module, actor=actor, action="courses.module_create")
        module.parcours.set(list(parcours))
        if coefficients:
            _set_coefficients(module, coefficients, actor)
    return module


def module_update(*, actor: User | None, module: Module, **changes: Any) -> Module:
    return _update(module, version_of(module), changes, MODULE_FIELDS, actor, "courses.module_update")


def module_coefficients_set(*, actor: User | None, module: Module, coefficients: Mapping[UE, Decimal | None]
                            ) -> list[ModuleUE]:
    """Replace the UEs a module feeds and their coefficients (None or 0: the module does not feed it)."""
    with transaction.atomic():
        ensure_editable(version_of(module))
        return _set_coefficients(module, coefficients, actor)


def _set_coefficients(module: Module, coefficients: Mapping[UE, Decimal | None], actor: User | None
                      ) -> list[ModuleUE]:
    wanted = {ue: Decimal(str(c)) for ue, c in coefficients.items() if c}
    for ue in wanted:
        if ue.semester_id != module.semester_id:
            raise ApplicationError(
                "courses.ue_other_semester",
                _("Le module %(m)s ne peut alimenter que des UE de son semestre (%(u)s).") % {"m": module.code,
                                                                                            "u": ue.code},
                fields={f"ue_{ue.pk}": _("UE d'un autre semestre.")},
            )
    before = {str(link.ue_id): str(link.coefficient) for link in module.ue_links.all()}
    module.ue_links.exclude(ue__in=list(wanted)).delete()
    for ue, coefficient in wanted.items():
        ModuleUE.objects.update_or_create(module=module, ue=ue, defaults={"coefficient": coefficient})
    after = {str(ue.pk): str(c) for ue, c in wanted.items()}
    if before != after:
        audit_record(actor=actor, action="courses.module_coefficients_set", obj=module, before=before, after=after)
    return list(module.ue_links.all())


COMPONENT_FIELDS = ("code", "title", "type", "weight_percent", "session", "duration_minutes", "prep_minutes",
                    "group_mode",
                    "anonymous", "double_marking", "language", "is_continuous", "evaluation_count",
                    "window_start", "window_end", "planned_date", "allowed_documents", "allowed_materials",
                    "marking_scale", "position")


def assessment_component_create(*, actor: User | None, module: Module, **fields: Any) -> AssessmentComponent:
    unknown = set(fields) - set(COMPONENT_FIELDS)
    if unknown:
        raise ApplicationError("courses.unknown_fields", _("Champs inconnus."),
                               fields={k: _("Champ inconnu.") for k in unknown})
    with transaction.atomic():
        ensure_editable(version_of(module))
        component = AssessmentComponent(module=module, **fields)
        _save(component, actor=actor, action="courses.component_create")
    return component


def assessment_component_update(*, actor: User | None, component: AssessmentComponent, **changes: Any
                                ) -> AssessmentComponent:
    return _update(component, version_of(component.module), changes, COMPONENT_FIELDS, actor,
                   "courses.component_update")


def structure_delete(*, actor: User | None, obj: models.Model, version: ProgrammeVersion) -> None:
    """Delete a draft element (UE, module, component, group…)."""
    with transaction.atomic():
        ensure_editable(version)
        audit_record(actor=actor, action=f"courses.{obj._meta.model_name}_delete", obj=obj,
                     before={"repr": str(obj)})
        obj.delete()
        rcue_sync(version=version)


def teaching_group_create(*, actor: User | None, semester: Semester, code: str, kind: str,
                          capacity: int | None = None) -> TeachingGroup:
    with transaction.atomic():
        group = TeachingGroup(semester=semester, code=code, kind=kind, capacity=capacity)
        _save(group, actor=actor, action="courses.group_create")
    return group
