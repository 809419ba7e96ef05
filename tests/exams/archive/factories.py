"""Builders for the copy-archive tests: closed exam reports (one per room) of a published world,
definitive results publications and juries disputes on the exam's module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.calendar.working import PARIS
from exams.models import EventRoom, ExamEvent, ExamReport, ExamSession
from exams.services import event_rooms_set, events_generate_from_m3c
from juries.models import (
    ContestationState,
    CopyConsultationRequest,
    Evaluation,
    Mark,
    MarkContestation,
    SemesterResult,
)
from tests.exams.office.factories import World, final_session, published_world


@dataclass
class ArchiveWorld:
    world: World
    session: ExamSession
    event: ExamEvent
    reports: list[ExamReport]


def closed_reports(preset: str = "strasbourg", *, rooms: tuple[str, ...] = ("A101",), copies: int = 3
                   ) -> ArchiveWorld:
    """A session's first exam held in ``rooms``, each room's report closed with ``copies`` copies."""
    world = published_world(preset)
    session = final_session(world)
    event = events_generate_from_m3c(actor=world.office, session=session)[0]
    event_rooms_set(actor=world.office, event=event, rooms=[world.rooms[r] for r in rooms])
    reports = [ExamReport.objects.create(event_room=er, enrolled=copies, present=copies, signatures=copies,
                                         copies=copies, closed_at=datetime(2026, 11, 16, 12, tzinfo=PARIS))
               for er in EventRoom.objects.filter(event=event).order_by("room__code")]
    return ArchiveWorld(world, session, event, reports)


def publish_results(aw: ArchiveWorld, on: date, *, final: bool = True, session: int = 1) -> SemesterResult:
    """A definitive (or provisional) results publication of the exam's semester on ``on`` (noon, Paris)."""
    student = aw.world.students[0].user
    version = SemesterResult.objects.filter(student=student, semester=aw.event.module.semester).count() + 1
    SemesterResult.objects.filter(student=student, semester=aw.event.module.semester).update(is_current=False)
    return SemesterResult.objects.create(
        student=student, semester=aw.event.module.semester, academic_year=2026, version=version,
        computed_at=datetime(on.year, on.month, on.day, 11, tzinfo=PARIS), inputs_hash="h", payload={},
        proposed_code="ADM", state="published", published_at=datetime(on.year, on.month, on.day, 12, tzinfo=PARIS),
        published_final=final, session=session)


def _mark(aw: ArchiveWorld, index: int = 0) -> Mark:
    evaluation, _ = Evaluation.objects.get_or_create(component=aw.event.assessment, session="1", number=1,
                                                     defaults={"label": "Examen", "date": date(2026, 11, 16)})
    mark, _ = Mark.objects.get_or_create(evaluation=evaluation, student=aw.world.students[index].user,
                                         defaults={"value": "8"})
    return mark


def contest(aw: ArchiveWorld, *, answered_on: date | None = None, index: int = 0) -> MarkContestation:
    contestation = MarkContestation.objects.create(mark=_mark(aw, index), student=aw.world.students[index].user,
                                                   reasons="Erreur de report")
    if answered_on is not None:
        contestation.state = ContestationState.REJECTED
        contestation.answered_at = datetime(answered_on.year, answered_on.month, answered_on.day, 10, tzinfo=PARIS)
        contestation.save()
    return contestation


def consultation(aw: ArchiveWorld, index: int = 0) -> CopyConsultationRequest:
    return CopyConsultationRequest.objects.create(evaluation=_mark(aw, index).evaluation,
                                                  student=aw.world.students[index].user)
