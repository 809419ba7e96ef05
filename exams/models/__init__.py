"""Models of the exam office: sessions, rooms, exam events, seats/convocations, invigilators."""

from exams.models.events import (
    CalendarFeed,
    Convocation,
    EventNature,
    EventRoom,
    ExamEvent,
    InvigilatorAssignment,
)
from exams.models.reports import ExamReport, ReportIncident, ReserveFile
from exams.models.sessions import ExamSession, Room, SessionKind, SessionState
from exams.models.subjects import ExamSubject, SubjectState  # noqa: F401

__all__ = [
    "CalendarFeed",
    "Convocation",
    "EventNature",
    "EventRoom",
    "ExamEvent",
    "ExamReport",
    "ExamSession",
    "InvigilatorAssignment",
    "ReportIncident",
    "ReserveFile",
    "Room",
    "SessionKind",
    "SessionState",
]
