"""Reads of the oral passage schedules (STRAS-80), with the joins their callers need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from exams.models import ExamEvent, OralPanel, OralPassage, OralSchedule, OralScheduleState


@dataclass(frozen=True)
class PassageInfo:
    """What a convocation shows of a candidate's personal passage."""

    preparation_start: datetime
    start: datetime
    end: datetime
    panel: str
    room: str
    version: int


def published_passages(event_ids: Iterable[int]) -> dict[tuple[int, int], PassageInfo]:
    """Published passages per (event id, student id): one query."""
    rows = (
        OralPassage.objects.filter(schedule__event_id__in=list(event_ids), schedule__state=OralScheduleState.PUBLISHED)
        .values_list("schedule__event_id", "student_id", "preparation_start", "start", "end", "panel__code",
                     "panel__room__code", "panel__room__name", "version")
        .order_by()
    )
    return {(e, s): PassageInfo(p, st, en, code, f"{rc} — {rn}" if rc else "", v)
            for e, s, p, st, en, code, rc, rn, v in rows}


def passages_of(schedule: OralSchedule) -> list[OralPassage]:
    """Every passage with its candidate and panel, in passage order."""
    return list(OralPassage.objects.filter(schedule=schedule)
                .select_related("student__user", "panel__room").order_by("start", "panel__position", "id"))


def oral_schedule_detail(event: ExamEvent) -> OralSchedule | None:
    """The event's schedule with its panels (and their rooms); passages are read with ``passages_of``."""
    return (OralSchedule.objects.filter(event=event)
            .prefetch_related(Prefetch("panels", OralPanel.objects.select_related("room").order_by("position", "id")))
            .first())


def panel_passages(panel: OralPanel) -> list[OralPassage]:
    return list(OralPassage.objects.filter(panel=panel).select_related("student__user").order_by("start", "id"))
