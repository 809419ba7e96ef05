"""Importing a marks sheet: all or nothing, every rejected row named with its line, field, reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.models import User
from juries.models import EntryBatch, Evaluation, Mark
from juries.models.entry import BatchSource
from juries.services.common import MarkError, canonical, decimals_for
from juries.services.entry import _check_can_enter, _registered_ids, _save
from juries.xlsx import SheetError, read_sheet

MAX_IMPORT_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str


@dataclass
class ImportReport:
    """What an import did: ``ok`` with the batch and the number of changes, or the errors (and
    then nothing was written)."""

    ok: bool
    errors: list[RowError] = field(default_factory=list)
    batch: EntryBatch | None = None
    changed: int = 0
    rows: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "rows": self.rows, "changed": self.changed,
                "batch": self.batch.pk if self.batch else None,
                "errors": [{"line": e.line, "field": e.field, "reason": e.reason} for e in self.errors]}


def marks_import(*, actor: User | None, evaluation: Evaluation, file: Any, reason: str = "") -> ImportReport:
    """Import a filled-in sheet (juries.xlsx). Empty cells leave marks unchanged."""
    _check_can_enter(actor, evaluation)
    data = file.read() if hasattr(file, "read") else bytes(file)
    name = getattr(file, "name", "") or ""
    if len(data) > MAX_IMPORT_BYTES:
        return ImportReport(ok=False, errors=[RowError(0, "file", _("fichier trop volumineux (2 Mo au plus)"))])
    try:
        rows = read_sheet(data, evaluation)
    except SheetError as exc:
        return ImportReport(ok=False, errors=[RowError(0, "file", str(exc))])
    emails = {r.email for r in rows if r.email}
    numbers = {r.student_number for r in rows if r.student_number and not r.email}
    by_email = {u.email.lower(): u.pk for u in User.objects.filter(email__in=emails)} if emails else {}
    by_number: dict[str, int] = {}
    if numbers:
        from enrollment.models import Student

        by_number = dict(Student.objects.filter(student_number__in=numbers).values_list("student_number", "user_id"))
    ids = set(by_email.values()) | set(by_number.values())
    allowed = _registered_ids(evaluation, ids) | set(
        Mark.objects.filter(evaluation=evaluation, student_id__in=ids).values_list("student_id", flat=True))
    decimals = decimals_for(evaluation)
    errors: list[RowError] = []
    entries: dict[tuple[int, str], str] = {}
    seen: dict[int, int] = {}
    for row in rows:
        student_id = by_email.get(row.email) if row.email else by_number.get(row.student_number)
        if student_id is None:
            errors.append(RowError(row.line, "Courriel", _("étudiant·e inconnu·e : %(who)s")
                                   % {"who": row.email or row.student_number or "?"}))
            continue
        if student_id not in allowed:
            errors.append(RowError(row.line, "Courriel", _("étudiant·e non inscrit·e au module : %(who)s")
                                   % {"who": row.email or row.student_number}))
            continue
        if student_id in seen:
            errors.append(RowError(row.line, "Courriel", _("étudiant·e déjà présent·e ligne %(l)s") % {"l": seen[student_id]}))
            continue
        seen[student_id] = row.line
        for fname, raw in row.values.items():
            if fname != "final" and not evaluation.component.double_marking:
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue  # empty cell: unchanged
            try:
                entries[(student_id, fname)] = canonical(raw, scale=evaluation.scale, decimals=decimals)
            except MarkError as exc:
                label = {"final": "Note", "first": "1re correction", "second": "2e correction"}[fname]
                errors.append(RowError(row.line, label, exc.reason))
    if errors:
        return ImportReport(ok=False, errors=errors, rows=len(rows))
    with transaction.atomic():
        batch, changed = _save(evaluation, entries, actor=actor, source=BatchSource.IMPORT, reason=reason,
                               filename=name)
    return ImportReport(ok=True, batch=batch, changed=changed, rows=len(rows))
