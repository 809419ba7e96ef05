"""Fast insert of many SemesterResult rows: PostgreSQL ``COPY ... FROM STDIN`` (one statement),
``bulk_create`` elsewhere. The rows are plain dicts of column values for new versions (no ids
needed afterwards); every column in ``_COLUMNS`` must be present."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection

from juries.models import SemesterResult

_COLUMNS = ("student_id", "semester_id", "academic_year", "version", "is_current", "computed_at", "inputs_hash",
            "session", "payload", "mean", "mean_label", "ects_acquired", "proposed_code", "state",
            "published_final")


# The encoder json.dumps(value, ensure_ascii=False, separators=(",", ":")) builds on every call,
# built once (same output).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _text(value: object) -> str:
    """One value in COPY's text format (tab-separated, backslash escapes, \\N for NULL)."""
    cls = value.__class__
    if cls is int:  # fast path (ids, years, versions): no escaping needed
        return str(value)
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        text = value
    elif isinstance(value, dict | list):
        text = _JSON(value)
    elif hasattr(value, "isoformat"):
        text = value.isoformat()  # type: ignore[union-attr]
    else:
        text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def insert_results(rows: Sequence[Mapping[str, Any]]) -> None:
    if not rows:
        return
    if connection.vendor != "postgresql":  # SQLite: bulk INSERTs split by its parameter limit
        SemesterResult.objects.bulk_create([SemesterResult(**r) for r in rows])
        return
    buffer = io.StringIO()
    for r in rows:
        buffer.write("\t".join(_text(r[c]) for c in _COLUMNS))
        buffer.write("\n")
    buffer.seek(0)
    table = SemesterResult._meta.db_table
    sql = f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor:
        if hasattr(cursor, "copy_expert"):  # psycopg2
            cursor.copy_expert(sql, buffer)
        else:  # psycopg 3
            with cursor.copy(sql) as copy:
                copy.write(buffer.getvalue())
