"""iCalendar (RFC 5545) exports of exams: one VEVENT per exam, stable UIDs so calendar apps update
a moved exam instead of duplicating it (``SEQUENCE`` = the exam's change counter).

Written by hand rather than through the ``icalendar`` object model: publication builds one file per
convocation (24,000 for 3,000 students × 8 exams) and the object model costs milliseconds each. The
output is parsed back by ``icalendar`` in the tests. Times are written in UTC (``…Z``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Cursus//Examens//FR"


@dataclass(frozen=True)
class IcsItem:
    uid: str
    title: str
    start: datetime
    end: datetime
    location: str
    description: str
    sequence: int = 0


def _text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a UTF-8 sequence
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(parts)


def ics_calendar(items: Iterable[IcsItem], *, name: str = "Examens", stamp: datetime) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_text(name)}"]
    stamp_text = _utc(stamp)
    for item in items:
        lines += [
            "BEGIN:VEVENT", f"UID:{_text(item.uid)}", f"DTSTAMP:{stamp_text}", f"DTSTART:{_utc(item.start)}",
            f"DTEND:{_utc(item.end)}", f"SUMMARY:{_text(item.title)}", f"LOCATION:{_text(item.location)}",
            f"DESCRIPTION:{_text(item.description)}", f"SEQUENCE:{item.sequence}", "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
