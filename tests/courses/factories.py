"""Builders for courses tests: a component following a preset, and programme years built
through the real services (Zulip style: set data up by calling real actions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from core.models import Component, Role, User
from core.profiles.services import profile_assign, profile_create_from_preset
from courses.models import UE, Module, Programme, ProgrammeVersion, Semester
from courses.services import programme_head_add
from courses.services.calendar import academic_calendar_get_or_create, calendar_period_add
from courses.services.structure import (
    assessment_component_create,
    competence_create,
    module_create,
    programme_create,
    programme_version_create,
    semester_create,
    study_year_create,
    ue_create,
)
from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

YEAR = 2026


def component_with_preset(preset: str = "tours", **kwargs) -> Component:  # type: ignore[no-untyped-def]
    component = ComponentFactory(**kwargs)
    profile = profile_create_from_preset(actor=None, institution=component.institution, preset=preset,
                                         academic_year=YEAR)
    profile_assign(actor=None, component=component, academic_year=YEAR, profile=profile)
    return component


def programme_head(component: Component) -> User:
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=Role.PROGRAMME_HEAD, institution=component.institution,
                          component=component)
    return user


def with_calendar(component: Component) -> None:
    cal = academic_calendar_get_or_create(actor=None, component=component, academic_year=YEAR)
    calendar_period_add(actor=None, calendar=cal, kind="semester", start=date(2026, 9, 1), end=date(2027, 1, 31),
                        semester_number=1)
    calendar_period_add(actor=None, calendar=cal, kind="semester", start=date(2027, 2, 1), end=date(2027, 6, 30),
                        semester_number=2)
    calendar_period_add(actor=None, calendar=cal, kind="second_session", start=date(2027, 6, 14),
                        end=date(2027, 6, 30))
    calendar_period_add(actor=None, calendar=cal, kind="holiday", start=date(2026, 12, 19), end=date(2027, 1, 3),
                        label="Vacances de Noël")


@dataclass
class Built:
    programme: Programme
    version: ProgrammeVersion
    semesters: list[Semester] = field(default_factory=list)
    ues: dict[str, UE] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)


def add_component(module: Module, code: str, weight: str, *, when: date, session: str = "1",
                  continuous: bool = False, count: int = 1, type_: str = "written") -> None:
    assessment_component_create(
        actor=None, module=module, code=code, title=f"Épreuve {code}", type=type_, weight_percent=Decimal(weight),
        session=session, duration_minutes=120, is_continuous=continuous, evaluation_count=count,
        window_start=when, window_end=when, planned_date=when,
    )


def build_year(component: Component, *, code: str = "but-info", diploma: str = "BUT", actor: User | None = None,
               competences: int = 2) -> Built:
    """A valid one-year programme: S1 + S2, one UE per competence per semester (RCUEs), a
    ressource feeding every UE of its semester, each module with two written exams."""
    programme = programme_create(actor=actor, component=component, diploma_type=diploma, code=code,
                                 title="Informatique")
    version = programme_version_create(actor=actor, programme=programme, academic_year=YEAR)
    year = study_year_create(actor=actor, version=version, level=1, label=f"{diploma} 1")
    built = Built(programme, version)
    levels = []
    for i in range(1, competences + 1):
        comp = competence_create(actor=actor, version=version, number=i, code=f"c{i}", title=f"Compétence {i}",
                                 levels={1: year})
        levels.append(comp.levels.get())
    for number, (start, end) in ((1, (date(2026, 9, 1), date(2027, 1, 31))),
                                 (2, (date(2027, 2, 1), date(2027, 6, 30)))):
        sem = semester_create(actor=actor, study_year=year, number=number, start_date=start, end_date=end)
        built.semesters.append(sem)
        ects = Decimal(30) / competences
        for i, level in enumerate(levels, start=1):
            built.ues[f"UE{number}.{i}"] = ue_create(actor=actor, semester=sem, code=f"UE{number}.{i}",
                                                     title=f"UE {number}.{i}", ects=ects, competence_level=level)
        module = module_create(
            actor=actor, semester=sem, code=f"R{number}.01", title=f"Ressource {number}",
            coefficients={ue: Decimal(number + i) for i, ue in enumerate(
                [u for k, u in built.ues.items() if k.startswith(f"UE{number}.")])},
        )
        built.modules[module.code] = module
        exam_day = date(2026, 11, 16) if number == 1 else date(2027, 4, 12)
        add_component(module, "E1", "40", when=exam_day)
        add_component(module, "E2", "60", when=exam_day.replace(day=exam_day.day + 7))
    return built


def make_head(built: Built) -> User:
    user = UserFactory()
    programme_head_add(actor=None, programme=built.programme, user=user)
    return user
