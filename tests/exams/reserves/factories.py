"""Builders for the absence-file tests: a published programme's final exam with its candidates
seated (through the real services), plus the module head and the department head."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from core.models import Role, RoleAssignment, User
from courses.models import Module
from exams.models import Convocation, ExamEvent
from exams.services import event_rooms_set, events_generate_from_m3c, seats_allocate
from tests.exams.office.factories import World, final_session, published_world
from tests.factories import RoleAssignmentFactory, UserFactory


@dataclass
class Exam:
    world: World
    event: ExamEvent
    convocations: list[Convocation]
    module_head: User
    department_head: User

    @property
    def office(self) -> User:
        return self.world.office


def module_head_of(module: Module) -> User:
    user = UserFactory()
    component = module.semester.study_year.programme_version.programme.component
    RoleAssignment.objects.create(user=user, role=Role.MODULE_HEAD, institution=component.institution,
                                  scope_type=ContentType.objects.get_for_model(Module), scope_id=module.pk)
    return user


def exam(preset: str = "utc", *, students: int = 3) -> Exam:
    world = published_world(preset, students=students)
    session = final_session(world)
    event = events_generate_from_m3c(actor=world.office, session=session)[0]
    event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"]])
    seats_allocate(actor=world.office, event=event)
    head = UserFactory()
    RoleAssignmentFactory(user=head, role=Role.PROGRAMME_HEAD, institution=world.component.institution,
                          component=world.component)
    convocations = list(Convocation.objects.filter(event=event).select_related("student__user").order_by("id"))
    return Exam(world, event, convocations, module_head_of(event.module), head)
