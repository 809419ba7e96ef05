"""Builders for results tests: a scenario file (docs/scenario-format.md) written into the DB."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from core.models import Role, RoleAssignment, User
from juries.engine_types import StudentInput
from juries.results.seed import Seeded, seed_programme
from juries.scenario import Scenario, load_scenario
from tests.courses.factories import YEAR, component_with_preset
from tests.factories import UserFactory

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"

#: Student inputs the database does not hold yet (absences, bonuses, history, exchange status,
#: abandonment): left out.
_NOT_IN_DB = ("capitalised", "absences", "sport_sessions", "engagement", "repeats")


def db_equivalent(scenario: Scenario) -> Scenario:
    """The scenario without what the DB cannot express yet (carried CC marks, student extras)."""
    modules = {c: dataclasses.replace(m, carry_over=(), resit_weight=1.0) for c, m in scenario.programme.modules.items()}
    programme = dataclasses.replace(scenario.programme, modules=modules, required_groups=())  # no DB field yet
    students = tuple(dataclasses.replace(s, **{k: {} for k in _NOT_IN_DB}, first_year_ues_validated=None,
                                         exchange=False, abandoned=False)
                     for s in scenario.students)
    return dataclasses.replace(scenario, programme=programme, students=students)


def seeded_scenario(name: str) -> tuple[Scenario, Seeded]:
    scenario = db_equivalent(load_scenario(SCENARIOS / name))
    component = component_with_preset(scenario.preset)
    seeded = seed_programme(component, scenario.programme, scenario.students, academic_year=YEAR,
                            pass_mark=scenario.params.thresholds.pass_mark)
    return scenario, seeded


def with_students(scenario: Scenario, students: list[StudentInput]) -> Scenario:
    return dataclasses.replace(scenario, students=tuple(students))


def staff(seeded: Seeded, role: str = Role.JURY_PRESIDENT) -> User:
    user = UserFactory()
    component = seeded.version.programme.component
    RoleAssignment.objects.create(user=user, role=role, institution=component.institution, component=component)
    return user


def synthetic(count: int, *, seed: int = 7) -> tuple[Scenario, Seeded]:
    """The BUT 1 scenario's programme with ``count`` generated students (numeric marks only)."""
    import random

    base = db_equivalent(load_scenario(SCENARIOS / "but1_progression.yaml"))
    rng = random.Random(seed)
    codes = [e.code for m in base.programme.modules.values() for e in m.evaluations]
    students = [StudentInput(id=f"st{i}", name=f"Étudiant {i}",
                             marks={c: float(rng.randint(4, 18)) for c in codes}) for i in range(count)]
    scenario = with_students(base, students)
    component = component_with_preset(scenario.preset)
    return scenario, seed_programme(component, scenario.programme, scenario.students, academic_year=YEAR)
