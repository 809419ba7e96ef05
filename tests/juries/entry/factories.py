"""Builders for grade-entry tests: a module with an assessment component, its team and registered
students (validated administrative + pedagogical + module registrations)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from core.models import Role, RoleAssignment, User
from courses.models import AssessmentComponent, Module
from enrollment.models import ModuleRegistration, PedagogicalRegistration
from juries.models import Evaluation
from juries.services import evaluation_create
from tests.courses.factories import component_with_preset
from tests.enrollment.factories import ModuleFactory, RegistrationFactory
from tests.factories import UserFactory

EXAM_DAY = dt.date(2026, 11, 16)


def team_member(module: Module, role: str = Role.TEACHER, user: User | None = None) -> User:
    user = user or UserFactory()
    component = module.semester.study_year.programme_version.programme.component
    RoleAssignment.objects.create(user=user, role=role, institution=component.institution,
                                  scope_type=ContentType.objects.get_for_model(Module), scope_id=module.pk)
    return user


def register(module: Module, *, user: User | None = None, state: str = "validated") -> User:
    component = module.semester.study_year.programme_version.programme.component
    kwargs = {"student__user": user} if user else {}
    reg = RegistrationFactory(study_year=module.semester.study_year, state=state,
                              student__institution=component.institution, **kwargs)
    ped = PedagogicalRegistration.objects.create(administrative_registration=reg, semester=module.semester)
    ModuleRegistration.objects.create(pedagogical_registration=ped, module=module)
    return reg.student.user


@dataclass
class GradeWorld:
    module: Module
    component: AssessmentComponent
    evaluation: Evaluation
    head: User
    teacher: User
    students: list[User] = field(default_factory=list)
    outsider_teacher: User | None = None


def grade_world(*, preset: str = "iut-arl", students: int = 3, double: bool = False, scale: int = 20) -> GradeWorld:
    component = component_with_preset(preset)
    module = ModuleFactory(semester__study_year__programme_version__programme__component=component)
    ac = AssessmentComponent.objects.create(module=module, code="E1", title="Partiel", type="written",
                                            weight_percent=Decimal(100), double_marking=double,
                                            marking_scale=scale, planned_date=EXAM_DAY)
    head = team_member(module, Role.MODULE_HEAD)
    teacher = team_member(module, Role.TEACHER)
    evaluation = evaluation_create(actor=head, component=ac, date=EXAM_DAY, label="Partiel R1")
    world = GradeWorld(module=module, component=ac, evaluation=evaluation, head=head, teacher=teacher)
    world.students = [register(module) for _ in range(students)]
    other_module = ModuleFactory(semester=module.semester)
    world.outsider_teacher = team_member(other_module, Role.TEACHER)
    return world
