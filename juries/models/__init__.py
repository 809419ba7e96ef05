"""Models of juries: grade entry (evaluations, marks, audit of changes, provisional publication,
copy consultation and contestation) and the results engine's stored results (``results``)."""

from juries.models.bonuses import BonusEntry, BonusKind
from juries.models.entry import EntryBatch, Evaluation, Mark, MarkChange, MarkField, Publication
from juries.models.holds import HoldKind, HoldOutcome, MarkHold
from juries.models.requests import (
    ConsultationState,
    ContestationState,
    CopyConsultationRequest,
    MarkContestation,
)
from juries.models.results import ResultState, SemesterResult

__all__ = [
    "BonusEntry",
    "BonusKind",
    "ConsultationState",
    "ContestationState",
    "CopyConsultationRequest",
    "EntryBatch",
    "Evaluation",
    "HoldKind",
    "HoldOutcome",
    "Mark",
    "MarkChange",
    "MarkContestation",
    "MarkField",
    "MarkHold",
    "Publication",
    "ResultState",
    "SemesterResult",
]
