"""iCalendar (RFC 5545) exports of exams: one VEVENT per exam, stable UIDs so calendar apps update
a moved exam instead of duplicating it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event

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


def ics_calendar(items: Iterable[IcsItem], *, name: str = "Examens", stamp: datetime) -> str:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in items:
        ev = Event()
        ev.add("uid", item.uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", item.start)
        ev.add("dtend", item.end)
        ev.add("summary", item.title)
        ev.add("location", item.location)
        ev.add("description", item.description)
        ev.add("sequence", item.sequence)
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")
