"""Builders for the oral schedule tests: a published session whose first exam is an oral of the M3C
(20 min, 30 min of preparation), seated, with rooms and invigilators."""

from __future__ import annotations

from dataclasses import dataclass

from courses.models import AssessmentComponent
from exams.models import EventRoom, ExamEvent, ExamSession, OralPanel, OralSchedule
from exams.services import event_rooms_set, events_generate_from_m3c, invigilator_assign, seats_allocate
from exams.services.orals import oral_panel_add, oral_schedule_set
from tests.exams.office.factories import World, at, final_session, published_world, tiers_temps
from tests.factories import UserFactory

__all__ = ["OralWorld", "at", "oral_world", "seat", "tiers_temps"]


@dataclass
class OralWorld:
    world: World
    session: ExamSession
    oral: ExamEvent
    written: ExamEvent
    schedule: OralSchedule | None = None
    panels: tuple[OralPanel, ...] = ()


def seat(world: World, event: ExamEvent, *, invigilators: bool = True) -> None:
    event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"], world.rooms["B12"]])
    seats_allocate(actor=world.office, event=event)
    if invigilators:
        for er in EventRoom.objects.filter(event=event):
            for i in range(2):
                invigilator_assign(actor=world.office, event_room=er, user=UserFactory(), is_head=i == 0)


def oral_world(preset: str = "strasbourg", *, students: int = 3, extra_time: int | None = None,
               panels: int = 1, schedule: bool = True, changeover: int = 0) -> OralWorld:
    """``extra_time``: index of a student given a tiers-temps (before seating)."""
    world = published_world(preset, students=students)
    if extra_time is not None:
        tiers_temps(world.students[extra_time])
    session = final_session(world)
    oral, written = events_generate_from_m3c(actor=world.office, session=session)
    AssessmentComponent.objects.filter(pk=oral.assessment_id).update(type="oral", duration_minutes=20)
    ExamEvent.objects.filter(pk=oral.pk).update(nature="oral", duration_minutes=20, prep_minutes=30)
    oral.refresh_from_db()
    for event in (oral, written):
        seat(world, event)
    out = OralWorld(world, session, oral, written)
    if schedule:
        out.schedule = oral_schedule_set(actor=world.office, event=oral, duration_minutes=20, prep_minutes=30,
                                         changeover_minutes=changeover)
        out.panels = tuple(oral_panel_add(actor=world.office, schedule=out.schedule, code=f"J{i + 1}",
                                          room=world.rooms["B12"] if i else world.rooms["A101"],
                                          examiners="Mme Curie\nM. Pasteur")
                           for i in range(panels))
    return out
