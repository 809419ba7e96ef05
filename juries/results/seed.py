"""Write engine inputs (a programme and its students, e.g. a scenario file) into the database.

Used by the results benchmark and the tests to build a faculty quickly (``bulk_create``, no
per-row services: this bypasses the M3C workflow, audit and notices on purpose, so it is never
called by the application itself). The mapping is the inverse of ``juries.results.loader``:

* one assessment component per engine evaluation (weight as ``weight_percent``), with one
  session-1 sitting (``juries.Evaluation``); a second-session component and sitting for every
  module that may be re-sat;
* UE ECTS as given (the loader uses the ECTS as coefficient in the semester mean);
* one validated administrative registration per student, a pedagogical registration per
  semester; no module registration (every module of the semester counts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from core.models import Component, User
from courses.models import (
    UE,
    AssessmentComponent,
    Competence,
    CompetenceLevel,
    Module,
    ModuleUE,
    Programme,
    ProgrammeVersion,
    Semester,
    StudyYear,
)
from enrollment.models import AdministrativeRegistration, PedagogicalRegistration, Regime, Student
from juries.engine_types import Programme as EngineProgramme
from juries.engine_types import ProgrammeKind, StudentInput
from juries.models import Evaluation, Mark
from juries.rules.averages import ResitMode
from juries.rules.values import Special

DIPLOMA_BY_KIND = {ProgrammeKind.BUT: "BUT", ProgrammeKind.LICENCE: "LICENCE", ProgrammeKind.LP: "LP",
                   ProgrammeKind.MASTER: "MASTER"}


@dataclass
class Seeded:
    version: ProgrammeVersion
    semesters: dict[str, Semester] = field(default_factory=dict)  # engine code -> row
    users: dict[str, User] = field(default_factory=dict)  # engine student id -> user
    evaluations: dict[str, Evaluation] = field(default_factory=dict)  # engine evaluation code -> sitting
    resit_evaluations: dict[str, Evaluation] = field(default_factory=dict)  # module code -> session-2 sitting


def _d(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


def seed_programme(component: Component, programme: EngineProgramme, students: Sequence[StudentInput], *,
                   academic_year: int, pass_mark: float = 10.0, code: str = "") -> Seeded:
    """Create the programme year(s) of ``programme`` and its students' marks; returns the rows."""
    prog = Programme.objects.create(component=component, diploma_type=DIPLOMA_BY_KIND[programme.kind],
                                    code=code or programme.code or "prog", title=programme.code or "Formation")
    comp = programme.compensation
    version = ProgrammeVersion.objects.create(
        programme=prog, academic_year=academic_year, state="published",
        compensation_within_ue=comp.within_ue, compensation_between_ues=comp.between_ues,
        compensation_between_semesters=comp.between_semesters, validation_threshold=_d(pass_mark),
    )
    seeded = Seeded(version)
    years: dict[int, StudyYear] = {}
    for sem in sorted(programme.semesters, key=lambda s: s.index):
        if sem.year not in years:
            years[sem.year] = StudyYear.objects.create(programme_version=version, level=sem.year,
                                                       label=programme.year_label(sem.year))
        seeded.semesters[sem.code] = Semester.objects.create(study_year=years[sem.year], number=sem.index)
    levels: dict[str, CompetenceLevel] = {}
    for n, name in enumerate(sorted({u.competence for u in programme.ues.values() if u.competence}), start=1):
        competence = Competence.objects.create(programme_version=version, number=n, code=name[:40] or f"c{n}",
                                               title=name)
        levels[name] = CompetenceLevel.objects.create(competence=competence, level=1)
    ue_rows = {code: UE(semester=seeded.semesters[ue.semester], code=code, title=code, ects=_d(ue.ects),
                        competence_level=levels.get(ue.competence)) for code, ue in programme.ues.items()}
    UE.objects.bulk_create(ue_rows.values())
    ue_sem = {code: ue.semester for code, ue in programme.ues.items()}
    modules: dict[str, Module] = {}
    for m in programme.modules.values():
        sem_code = ue_sem[next(iter(m.ue_coefficients))]
        modules[m.code] = Module(semester=seeded.semesters[sem_code], code=m.code, title=m.code,
                                 second_session_rule=m.resit.value,
                                 eliminatory_mark=None if m.floor is None else _d(m.floor))
    Module.objects.bulk_create(modules.values())
    ModuleUE.objects.bulk_create(ModuleUE(module=modules[m.code], ue=ue_rows[u], coefficient=_d(c))
                                 for m in programme.modules.values() for u, c in m.ue_coefficients.items())
    components: dict[str, AssessmentComponent] = {}
    resit_components: dict[str, AssessmentComponent] = {}
    for m in programme.modules.values():
        for pos, e in enumerate(m.evaluations):
            components[e.code] = AssessmentComponent(module=modules[m.code], code=e.code[:40], title=e.code,
                                                     type="written", weight_percent=_d(e.weight), session="1",
                                                     marking_scale=e.scale, position=pos)
        if programme.second_session and m.resit is not ResitMode.NONE:
            resit_components[m.code] = AssessmentComponent(module=modules[m.code], code="RAT", title="Rattrapage",
                                                           type="written", weight_percent=Decimal(100),
                                                           session="2", position=99)
    AssessmentComponent.objects.bulk_create([*components.values(), *resit_components.values()])
    day = dt.date(academic_year, 12, 1)
    seeded.evaluations = {code: Evaluation(component=c, session="1", number=1, label=code, date=day,
                                           scale=c.marking_scale) for code, c in components.items()}
    seeded.resit_evaluations = {code: Evaluation(component=c, session="2", number=1, label=f"{code} RAT",
                                                 date=day, scale=20) for code, c in resit_components.items()}
    Evaluation.objects.bulk_create([*seeded.evaluations.values(), *seeded.resit_evaluations.values()])
    _seed_students(component, seeded, years, students, academic_year)
    return seeded


def _seed_students(component: Component, seeded: Seeded, years: dict[int, StudyYear],
                   students: Sequence[StudentInput], academic_year: int) -> None:
    tag = f"{component.pk}-{seeded.version.pk}"
    users = [User(email=f"s{i}-{tag}@seed.invalid", first_name=s.name or s.id, last_name=f"{i:05d}",
                  password=UNUSABLE_PASSWORD_PREFIX) for i, s in enumerate(students)]
    User.objects.bulk_create(users, batch_size=2000)
    if not users or users[0].pk is None:  # backends that do not return ids (not PG, not SQLite >= 3.35)
        by_email = dict(User.objects.filter(email__endswith=f"-{tag}@seed.invalid").values_list("email", "pk"))
        for u in users:
            u.pk = by_email[u.email]
    seeded.users = {s.id: u for s, u in zip(students, users, strict=True)}
    records = [Student(user=u, institution=component.institution, student_number=f"{tag}-{i}",
                       regime=Regime.APPRENTICE if s.apprentice else Regime.INITIAL)
               for i, (s, u) in enumerate(zip(students, users, strict=True))]
    Student.objects.bulk_create(records, batch_size=2000)
    admin = [AdministrativeRegistration(student=r, study_year=year, academic_year=academic_year, state="validated")
             for r in records for year in years.values()]
    AdministrativeRegistration.objects.bulk_create(admin, batch_size=2000)
    by_year = {y.pk: [s for s in seeded.semesters.values() if s.study_year_id == y.pk] for y in years.values()}
    PedagogicalRegistration.objects.bulk_create(
        [PedagogicalRegistration(administrative_registration=a, semester=s)
         for a in admin for s in by_year[a.study_year_id]], batch_size=2000)
    marks: list[Mark] = []
    for s in students:
        user = seeded.users[s.id]
        for code, value in s.marks.items():
            marks.append(_mark(seeded.evaluations[code], user, value))
        for module_code, value in s.resits.items():
            marks.append(_mark(seeded.resit_evaluations[module_code], user, value))
    Mark.objects.bulk_create(marks, batch_size=5000)


def _mark(evaluation: Evaluation, user: User, value: float | Special) -> Mark:
    if isinstance(value, Special):
        return Mark(evaluation=evaluation, student=user, special=value.value, agreed=True)
    return Mark(evaluation=evaluation, student=user, value=_d(value * evaluation.scale / 20), agreed=True)
