"""Builders for the exam-office tests: a published programme year (through the courses services),
validated students registered to its modules, rooms, and the exam-office user."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from core.calendar.working import PARIS
from core.models import Component, Role, User
from courses.models import Module, Semester
from courses.services.workflow import m3c_approve, m3c_publish
from enrollment.models import ModuleRegistration, PedagogicalRegistration, Student
from exams.models import ExamSession, Room
from exams.services import room_create, session_create
from tests.courses.factories import Built, build_year, component_with_preset, with_calendar
from tests.enrollment.factories import AccommodationFactory, RegistrationFactory, StudentFactory
from tests.factories import RoleAssignmentFactory, UserFactory

YEAR = 2026


def at(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=PARIS)


@dataclass
class World:
    component: Component
    built: Built
    semester: Semester
    module: Module
    office: User
    students: list[Student] = field(default_factory=list)
    rooms: dict[str, Room] = field(default_factory=dict)


def exam_office_user(component: Component) -> User:
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=Role.EXAM_OFFICE, institution=component.institution, component=component)
    return user


def register(world: World, *, last: str, first: str, **student_kwargs) -> Student:  # type: ignore[no-untyped-def]
    student = StudentFactory(institution=world.component.institution, user__last_name=last, user__first_name=first,
                             **student_kwargs)
    reg = RegistrationFactory(student=student, study_year=world.semester.study_year, state="validated")
    ped = PedagogicalRegistration.objects.create(administrative_registration=reg, semester=world.semester)
    ModuleRegistration.objects.create(pedagogical_registration=ped, module=world.module)
    world.students.append(student)
    return student


def tiers_temps(student: Student) -> None:
    AccommodationFactory(student=student, tiers_temps=True)


def published_world(preset: str = "utc", *, students: int = 3) -> World:
    component = component_with_preset(preset)
    with_calendar(component)
    built = build_year(component)
    m3c_approve(actor=None, version=built.version, council="CFVU", council_date=date(2026, 9, 10))
    m3c_publish(actor=None, version=built.version, at=datetime(2026, 9, 20, 10, tzinfo=PARIS))
    semester = built.semesters[0]
    world = World(component, built, semester, built.modules["R1.01"], exam_office_user(component))
    names = [("Zola", "Émile"), ("Ândré", "Anne"), ("Martin", "Léa"), ("Bernard", "Hugo"), ("Petit", "Inès")]
    for i in range(students):
        last, first = names[i % len(names)]
        register(world, last=f"{last}{'' if i < len(names) else i}", first=first)
    inst = component.institution
    world.rooms["A101"] = room_create(actor=None, institution=inst, code="A101", name="Amphi A", capacity=40)
    world.rooms["B12"] = room_create(actor=None, institution=inst, code="B12", name="Salle aménagée B12",
                                     capacity=4, adapted=True, accessible=True)
    return world


def final_session(world: World, **kwargs) -> ExamSession:  # type: ignore[no-untyped-def]
    values = {"kind": "final", "title": "Examens finaux S1", "start_date": date(2026, 11, 16),
              "end_date": date(2026, 11, 27), **kwargs}
    return session_create(actor=world.office, component=world.component, academic_year=YEAR,
                          semester=world.semester, **values)
