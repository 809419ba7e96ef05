"""The pre-filled marks sheet (openpyxl): download, fill in a spreadsheet, upload back.

Columns: N° étudiant, Nom, Prénom, Courriel (the key), Note (+ 1re/2e correction when the
component is double-marked). Row 1 holds the headers; the evaluation id sits in a hidden cell
so a sheet uploaded to the wrong evaluation is refused.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from juries.models import Evaluation

HEADERS = ["N° étudiant", "Nom", "Prénom", "Courriel", "Note"]
DOUBLE_HEADERS = ["1re correction", "2e correction"]
FIELD_BY_HEADER = {"Note": "final", "1re correction": "first", "2e correction": "second"}
MARKER_CELL = "Z1"


@dataclass(frozen=True)
class SheetRow:
    line: int
    email: str
    student_number: str
    values: dict[str, Any]  # field -> raw cell value


class SheetError(ValueError):
    pass


def _cell(value: Any) -> Any:
    return "" if value is None else value


def evaluation_sheet(evaluation: Evaluation, rows: Iterable[Any]) -> bytes:
    """A workbook for ``rows`` (selectors.GridRow: student, student_number, mark)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Notes"
    double = evaluation.component.double_marking
    headers = HEADERS + (DOUBLE_HEADERS if double else [])
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        mark = row.mark
        values = [row.student_number, row.student.last_name, row.student.first_name, row.student.email,
                  mark.raw("final") if mark else ""]
        if double:
            values += [mark.raw("first") if mark else "", mark.raw("second") if mark else ""]
        ws.append([_cell(v) for v in values])
    ws[MARKER_CELL] = f"evaluation:{evaluation.pk}"
    ws.column_dimensions["Z"].hidden = True
    hint = DataValidation(type="custom", formula1="TRUE", allow_blank=True, showInputMessage=True,
                          promptTitle="Note", prompt=f"Note sur {evaluation.scale} ou ABI, ABJ, EXC, ATT, DEF")
    ws.add_data_validation(hint)
    hint.add(f"E2:{'G' if double else 'E'}{max(ws.max_row, 2)}")
    for col, width in zip("ABCDEFG", (14, 22, 18, 30, 10, 14, 14), strict=False):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_sheet(data: bytes, evaluation: Evaluation) -> list[SheetRow]:
    """Rows of an uploaded sheet; SheetError if the file is not a sheet of this evaluation."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception:  # any unreadable file is the same user error
        raise SheetError("fichier illisible : un classeur .xlsx est attendu") from None
    ws = wb.worksheets[0]
    marker = ws[MARKER_CELL].value
    if marker is not None and str(marker) != f"evaluation:{evaluation.pk}":
        raise SheetError("ce fichier a été téléchargé pour une autre évaluation")
    header = [str(c.value).strip() if c.value is not None else "" for c in ws[1]]
    if "Courriel" not in header and "N° étudiant" not in header:
        raise SheetError("en-têtes manquants : colonnes « Courriel » ou « N° étudiant » attendues (ligne 1)")
    fields = {i: FIELD_BY_HEADER[h] for i, h in enumerate(header) if h in FIELD_BY_HEADER}
    if not fields:
        raise SheetError("en-tête manquant : colonne « Note » attendue (ligne 1)")
    email_col = header.index("Courriel") if "Courriel" in header else None
    number_col = header.index("N° étudiant") if "N° étudiant" in header else None
    rows = []
    for line, cells in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        cells = list(cells)
        if not any(v not in (None, "") for i, v in enumerate(cells) if i < 26 - 1):
            continue
        email = str(cells[email_col] or "").strip().lower() if email_col is not None else ""
        number = str(cells[number_col] or "").strip() if number_col is not None else ""
        rows.append(SheetRow(line=line, email=email, student_number=number,
                             values={f: cells[i] if i < len(cells) else None for i, f in fields.items()}))
    return rows
