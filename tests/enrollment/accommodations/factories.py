"""Builders for the accommodation request tests: a published programme year of a preset, validated
students, a final exam session in January 2027 with rooms and seats, the disability office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.models import Component, Role, User
from exams.models import ExamEvent, ExamSession
from exams.services import event_rooms_set, event_update, events_generate_from_m3c, seats_allocate
from tests.exams.office.factories import World, at, final_session, published_world
from tests.factories import RoleAssignmentFactory, UserFactory

SESSION_START = date(2027, 1, 11)


def disability_office(component: Component) -> User:
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=Role.DISABILITY_OFFICE, institution=component.institution)
    return user


@dataclass
class Setup:
    world: World
    office: User  # disability office
    session: ExamSession | None = None
    events: list[ExamEvent] | None = None


def setup(preset: str = "tours", *, students: int = 3, session: bool = True, seated: bool = True) -> Setup:
    world = published_world(preset, students=students)
    out = Setup(world, disability_office(world.component))
    if session:
        out.session = final_session(world, title="Examens finaux S1 (janvier)", start_date=SESSION_START,
                                    end_date=date(2027, 1, 22))
        out.events = events_generate_from_m3c(actor=world.office, session=out.session)
        for i, event in enumerate(out.events[1:], start=1):  # one exam a week: no candidate conflict
            event_update(actor=world.office, event=event, start=at(2027, 1, 11 + 7 * i, 9))
        if seated:
            for event in out.events:
                event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"], world.rooms["B12"]])
                seats_allocate(actor=world.office, event=event)
    return out


__all__ = ["SESSION_START", "Setup", "at", "disability_office", "setup"]
