"""A room on exam day: a published world of a preset, one exam event in room A101 with its candidates
seated, a head of room and a second invigilator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.models import User
from exams.models import Convocation, EventRoom, ExamEvent
from exams.services import (
    event_rooms_set,
    event_update,
    events_generate_from_m3c,
    invigilator_assign,
    seats_allocate,
)
from tests.exams.office.factories import World, final_session, published_world
from tests.factories import UserFactory


@dataclass
class Day:
    world: World
    event: ExamEvent
    er: EventRoom
    head: User
    second: User

    @property
    def start(self) -> datetime:
        return self.event.start

    def at(self, minutes: int) -> datetime:
        return self.event.start + timedelta(minutes=minutes)

    def convocations(self) -> list[Convocation]:
        return list(Convocation.objects.filter(event=self.event).select_related("student__user")
                    .order_by("seat_number", "id"))


def exam_day(preset: str = "utc", *, students: int = 3, duration: int = 120) -> Day:
    world = published_world(preset, students=students)
    session = final_session(world)
    event = events_generate_from_m3c(actor=world.office, session=session)[0]
    if event.duration_minutes != duration:
        event = event_update(actor=world.office, event=event, start=event.start, duration_minutes=duration)
    event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"]])
    seats_allocate(actor=world.office, event=event)
    er = EventRoom.objects.get(event=event)
    head, second = UserFactory(), UserFactory()
    invigilator_assign(actor=world.office, event_room=er, user=head, is_head=True)
    invigilator_assign(actor=world.office, event_room=er, user=second)
    event.refresh_from_db()
    return Day(world, event, er, head, second)
