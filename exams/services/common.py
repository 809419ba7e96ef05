"""Helpers shared by the exam services: the session's profile values, slots and times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Any

from core.calendar.working import PARIS
from core.profiles.selectors import param_value, profile_for
from exams.models import EventNature, ExamEvent, ExamSession
from exams.rules.accommodations import Accommodation
from exams.rules.base import ExamSlot

#: Which ``ExamSlot.kind`` a session kind maps to (UTC-2.01-median-schedule, UTC-2.01-final-schedule, UTC-2.01-other-schedule).
SLOT_KIND = {"median": "median", "final": "final", "second_session": "final", "other": "other"}


class SessionProfile:
    """The profile a session follows: ``values[key]`` and the ``preset`` rules cite (EX-01)."""

    def __init__(self, session: ExamSession) -> None:
        self.profile = profile_for(session.component, session.academic_year)
        self.preset = self.profile.preset
        self._cache: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._cache:
            self._cache[key] = param_value(self.profile, key)
        return self._cache[key]


def at_paris(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=PARIS)


def slot_of(event: ExamEvent, session: ExamSession | None = None) -> ExamSlot:
    session = session or event.session
    terminal = not (event.assessment is not None and event.assessment.is_continuous) if event.assessment_id else True
    return ExamSlot(
        start=event.start, duration=timedelta(minutes=event.duration_minutes), kind=SLOT_KIND[session.kind],
        session=event.session_number, written=event.nature == EventNature.WRITTEN, terminal=terminal,
    )


def rule_accommodation(rows: list[Any]) -> tuple[Accommodation, list[str]]:
    """enrollment.Accommodation rows → the rule's accommodation + the labels applied."""
    extra = Fraction(0)
    flags = {"separate_room": False, "large_print": False, "secretary": False}
    labels: list[str] = []
    for row in rows:
        if row.kind == "extra_time" and row.extra_time_percent:
            extra = max(extra, Fraction(row.extra_time_percent, 100))
        elif row.kind in flags:
            flags[row.kind] = True
        labels.append(str(row))
    return Accommodation(extra_time=extra, **flags), labels


def fmt_date(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%d/%m/%Y")


def fmt_time(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%H:%M")
