"""Models of courses: programmes, their yearly versions, structure (years, semesters, UEs,
competences, modules), assessment rules (M3C/MCC), academic calendar and M3C publication."""

from courses.models.calendar import AcademicCalendar, CalendarPeriod, PeriodKind
from courses.models.m3c import M3CAmendment, M3CSnapshot, M3CState, SnapshotKind
from courses.models.modules import (
    AssessmentComponent,
    AssessmentType,
    GroupMode,
    Module,
    ModuleKind,
    ModuleUE,
    SecondSessionRule,
    Session,
    TeachingGroup,
    TeachingGroupKind,
)
from courses.models.programmes import (
    RCUE,
    UE,
    Competence,
    CompetenceLevel,
    DiplomaType,
    Parcours,
    Programme,
    ProgrammeVersion,
    Semester,
    StudyYear,
)

__all__ = [
    "RCUE",
    "UE",
    "AcademicCalendar",
    "AssessmentComponent",
    "AssessmentType",
    "CalendarPeriod",
    "Competence",
    "CompetenceLevel",
    "DiplomaType",
    "GroupMode",
    "M3CAmendment",
    "M3CSnapshot",
    "M3CState",
    "Module",
    "ModuleKind",
    "ModuleUE",
    "Parcours",
    "PeriodKind",
    "Programme",
    "ProgrammeVersion",
    "SecondSessionRule",
    "Semester",
    "Session",
    "SnapshotKind",
    "StudyYear",
    "TeachingGroup",
    "TeachingGroupKind",
]
