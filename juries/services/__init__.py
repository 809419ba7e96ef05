"""Writes of grade entry (STYLE 4): every mark write goes through ``mark_set`` / ``marks_save`` /
``marks_import`` / ``entry_batch_undo`` and is logged in MarkChange and core.audit."""

from juries.services.bonuses import BonusInput, bonus_record, bonuses_save
from juries.services.entry import (
    entry_batch_undo,
    evaluation_create,
    evaluation_update,
    mark_set,
    marks_save,
)
from juries.services.holds import exam_evaluation, exam_mark_set, mark_hold_place, mark_hold_release
from juries.services.imports import ImportReport, RowError, marks_import
from juries.services.publication import evaluation_deadline_open, evaluation_publish
from juries.services.requests import (
    consultation_answer,
    consultation_request,
    contestation_answer,
    contestation_submit,
)

__all__ = [
    "BonusInput",
    "ImportReport",
    "RowError",
    "bonus_record",
    "bonuses_save",
    "consultation_answer",
    "consultation_request",
    "contestation_answer",
    "contestation_submit",
    "entry_batch_undo",
    "evaluation_create",
    "evaluation_deadline_open",
    "evaluation_publish",
    "evaluation_update",
    "exam_evaluation",
    "exam_mark_set",
    "mark_hold_place",
    "mark_hold_release",
    "mark_set",
    "marks_import",
    "marks_save",
]
