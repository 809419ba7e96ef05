"""Two academic years of one programme in the DB: last year's final results, this year's
re-registrations (the history the results loader reads: juries.results.inputs)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from core.models import Component, Role, RoleAssignment, User
from core.profiles.services import profile_assign, profile_create_from_preset
from courses.models import Programme, ProgrammeVersion
from enrollment.models import (
    AdministrativeRegistration,
    ModuleRegistration,
    PedagogicalRegistration,
    RegistrationState,
    Student,
)
from juries.engine_types import StudentInput
from juries.models import Mark
from juries.results.seed import Seeded, _mark, seed_programme
from juries.results.services import results_compute, results_publish
from juries.scenario import load_scenario
from tests.courses.factories import YEAR, component_with_preset
from tests.factories import UserFactory
from tests.juries.results.factories import SCENARIOS, db_equivalent

LAST = YEAR - 1

#: BUT 1 marks of a student who validates UE1.1 only (13.33) and no RCUE: proposed RED.
#: UE1.1 = (2 R1.01 + SAE1.01) / 3, UE1.2 = (R1.01 + R1.02) / 2, UE1.3 = (2 R1.02 + SAE1.01) / 3.
FAILED_YEAR = {"R1.01-DS": 14, "R1.02-DS": 4, "SAE1.01-P": 12, "SAE1.01-O": 12,
               "R2.01-DS": 4, "R2.02-DS": 4, "SAE2.01-P": 4, "SAE2.01-O": 4}
ALL_EIGHT = dict.fromkeys(FAILED_YEAR, 8)


@dataclasses.dataclass
class TwoYears:
    component: Component
    programme: Programme
    last: Seeded  # last year's version, students and marks (results computed and published final)
    this: Seeded  # this year's version of the same programme (no students until ``reregister``)

    def sem_ids(self, seeded: Seeded | None = None) -> list[int]:
        return [s.pk for s in (seeded or self.this).semesters.values()]

    @property
    def study_year(self):  # type: ignore[no-untyped-def]
        return self.this.semesters["S1"].study_year


def _profile(component: Component, preset: str, year: int) -> None:
    profile = profile_create_from_preset(actor=None, institution=component.institution, preset=preset,
                                         academic_year=year)
    profile_assign(actor=None, component=component, academic_year=year, profile=profile)


def two_years(students: Iterable[StudentInput], *, preset: str = "iut-rsy", publish_final: bool = True,
              component: Component | None = None) -> TwoYears:
    """The BUT 1 scenario's programme taught last year (``students`` sat it; results published)
    and again this year (same UE and module codes, a new programme version)."""
    scenario = db_equivalent(load_scenario(SCENARIOS / "but1_progression.yaml"))
    component = component or component_with_preset(preset)
    _profile(component, preset, LAST)
    last = seed_programme(component, scenario.programme, list(students), academic_year=LAST,
                          pass_mark=scenario.params.thresholds.pass_mark)
    results_compute(semester_ids=[s.pk for s in last.semesters.values()])
    for semester in last.semesters.values():
        results_publish(actor=None, semester=semester, final=publish_final)
    this = seed_programme(component, scenario.programme, [], academic_year=YEAR,
                          pass_mark=scenario.params.thresholds.pass_mark, code="tmp-this-year")
    spare = this.version.programme
    ProgrammeVersion.objects.filter(pk=this.version.pk).update(programme=last.version.programme)
    this.version.refresh_from_db()
    spare.delete()
    return TwoYears(component, last.version.programme, last, this)


def reregister(ty: TwoYears, user: User, marks: Mapping[str, float], *, modules: Iterable[str] | None = None,
               academic_year: int = YEAR, seeded: Seeded | None = None) -> AdministrativeRegistration:
    """Register ``user`` (a student of last year) to this year's BUT 1 with these marks;
    ``modules``: the module codes of their pedagogical registration (None: no module rows, all count)."""
    seeded = seeded or ty.this
    student = Student.objects.get(user=user)
    study_year = seeded.semesters["S1"].study_year
    reg = AdministrativeRegistration.objects.create(student=student, study_year=study_year,
                                                    academic_year=academic_year, state=RegistrationState.VALIDATED,
                                                    is_reregistration=True)
    for semester in seeded.semesters.values():
        ped = PedagogicalRegistration.objects.create(administrative_registration=reg, semester=semester)
        if modules is not None:
            wanted = set(modules)
            ModuleRegistration.objects.bulk_create(
                ModuleRegistration(pedagogical_registration=ped, module=m)
                for m in semester.modules.all() if m.code in wanted)
    Mark.objects.bulk_create(_mark(seeded.evaluations[code], user, value) for code, value in marks.items())
    return reg


def staff_of(component: Component, role: str = Role.SECRETARIAT) -> User:
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=role, institution=component.institution, component=component)
    return user
