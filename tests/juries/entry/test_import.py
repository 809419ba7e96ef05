"""The pre-filled sheet: download, fill in, upload back; a bad file writes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from juries.models import EntryBatch, Mark
from juries.selectors import evaluation_grid
from juries.services import mark_set, marks_import
from juries.xlsx import evaluation_sheet

from .factories import grade_world

pytestmark = pytest.mark.django_db


def _filled(w, values: dict[int, object]) -> SimpleUploadedFile:  # row index -> value
    data = evaluation_sheet(w.evaluation, evaluation_grid(w.evaluation))
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    for index, value in values.items():
        ws.cell(row=2 + index, column=5, value=value)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("notes.xlsx", out.getvalue())


def test_sheet_is_prefilled_with_students_and_marks():
    w = grade_world()
    mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="14")
    ws = load_workbook(io.BytesIO(evaluation_sheet(w.evaluation, evaluation_grid(w.evaluation)))).active
    rows = list(ws.iter_rows(min_row=2, max_col=5, values_only=True))
    assert {r[3] for r in rows} == {s.email for s in w.students}
    assert {r[3]: r[4] for r in rows}[w.students[0].email] == "14.00"


def test_import_writes_one_batch():
    w = grade_world()
    grid = evaluation_grid(w.evaluation)
    report = marks_import(actor=w.teacher, evaluation=w.evaluation, file=_filled(w, {0: 12.5, 1: "ABJ", 2: "9,75"}))
    assert report.ok and report.changed == 3 and report.batch is not None
    assert report.batch.filename == "notes.xlsx"
    got = {m.student_id: m.raw() for m in Mark.objects.all()}
    assert got == {grid[0].student.pk: "12.50", grid[1].student.pk: "ABJ", grid[2].student.pk: "9.75"}


def test_bad_file_is_rejected_whole_with_line_field_reason():
    w = grade_world()
    report = marks_import(actor=w.teacher, evaluation=w.evaluation, file=_filled(w, {0: 12, 1: 25, 2: "ABX"}))
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(3, "Note"), (4, "Note")]
    assert "hors de l'intervalle" in report.errors[0].reason
    assert not Mark.objects.exists() and not EntryBatch.objects.exists()


def test_unknown_student_and_non_xlsx_rejected():
    w = grade_world()
    data = evaluation_sheet(w.evaluation, evaluation_grid(w.evaluation))
    wb = load_workbook(io.BytesIO(data))
    wb.active.append(["", "Intrus", "X", "intrus@example.fr", "10"])
    out = io.BytesIO()
    wb.save(out)
    report = marks_import(actor=w.teacher, evaluation=w.evaluation, file=SimpleUploadedFile("n.xlsx", out.getvalue()))
    assert not report.ok and report.errors[0].line == 5 and "inconnu" in report.errors[0].reason
    report = marks_import(actor=w.teacher, evaluation=w.evaluation,
                          file=SimpleUploadedFile("n.csv", b"a;b\n1;2\n"))
    assert not report.ok and report.errors[0].field == "file"
    assert not Mark.objects.exists()


def test_sheet_of_another_evaluation_is_refused():
    w = grade_world()
    other = grade_world()
    data = evaluation_sheet(other.evaluation, evaluation_grid(other.evaluation))
    report = marks_import(actor=w.teacher, evaluation=w.evaluation, file=SimpleUploadedFile("n.xlsx", data))
    assert not report.ok and "autre évaluation" in report.errors[0].reason
