"""Models of the exam office: sessions, rooms, exam events, seats/convocations, invigilators."""

from exams.models.archive import CopyLot, CopyLotState  # noqa: F401
from exams.models.attendance import Attendance, AttendanceStatus, RoomLog, TemporaryExit  # noqa: F401
from exams.models.events import (
    CalendarFeed,
    Convocation,
    EventNature,
    EventRoom,
    ExamEvent,
    InvigilatorAssignment,
)
from exams.models.orals import OralPanel, OralPassage, OralSchedule, OralScheduleState  # noqa: F401
from exams.models.reports import ExamReport, ReportIncident, ReserveFile
from exams.models.reserves import ReserveProof  # noqa: F401
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
