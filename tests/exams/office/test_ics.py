"""The hand-written ICS output parses back with icalendar (escaping, folding, UTC times)."""

from datetime import datetime, timedelta

from icalendar import Calendar

from core.calendar.working import PARIS
from exams.ics import IcsItem, ics_calendar


def test_ics_round_trip_with_escaping_and_folding():
    start = datetime(2027, 1, 11, 9, tzinfo=PARIS)
    item = IcsItem("exam-1-2@cursus", "Examen M1 « Analyse, algèbre; et géométrie » " + "é" * 60, start,
                   start + timedelta(minutes=160), "B12 — Salle aménagée, place 3", "Écrit\nFinals", 2)
    text = ics_calendar([item, item], name="Mes examens", stamp=start)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = Calendar.from_ical(text).walk("VEVENT")
    assert len(events) == 2
    ev = events[0]
    assert str(ev["SUMMARY"]) == item.title and str(ev["LOCATION"]) == item.location
    assert str(ev["DESCRIPTION"]) == "Écrit\nFinals" and ev.decoded("DTSTART") == start
    assert ev.decoded("DTEND") == item.end and int(ev["SEQUENCE"]) == 2
