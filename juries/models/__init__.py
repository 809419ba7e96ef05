"""Models of juries: grade entry (evaluations, marks, audit of changes, provisional publication,
copy consultation and contestation). The results engine (juries.engine) reads marks; it owns no
model here."""

from juries.models.entry import EntryBatch, Evaluation, Mark, MarkChange, MarkField, Publication
from juries.models.requests import (
    ConsultationState,
    ContestationState,
    CopyConsultationRequest,
    MarkContestation,
)

__all__ = [
    "ConsultationState",
    "ContestationState",
    "CopyConsultationRequest",
    "EntryBatch",
    "Evaluation",
    "Mark",
    "MarkChange",
    "MarkContestation",
    "MarkField",
    "Publication",
]
