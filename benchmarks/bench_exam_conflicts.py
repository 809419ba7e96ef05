"""Benchmark: the conflict check of a final session of 3,000 students × 8 exams against another session
(2 exams of the same students on the same days, one overlapping), database included (issue 5, item 1
of the exam-office completion: cross-session candidate conflicts stay set-based).

Set-up (not timed): the publication bench's world, the 8 finals seated, an "other" session with two
exams seated for every student, one of them overlapping the first final. Timed: ``conflicts_check``
of the finals (expects one cross-session conflict per student).
"""

from __future__ import annotations

import importlib.util
from datetime import date, datetime
from pathlib import Path

YEAR = 2026


def _publication_bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_exam_publication",
                                                  Path(__file__).with_name("bench_exam_publication.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(report):  # type: ignore[no-untyped-def]
    from core.calendar.working import PARIS
    from exams.models import ExamEvent
    from exams.services import event_rooms_set, events_generate_from_m3c, seats_allocate, session_create
    from exams.services.conflicts import conflicts_check

    bench = _publication_bench()
    component, semester, office, rooms = bench._world()
    finals = session_create(actor=office, component=component, academic_year=YEAR, kind="final",
                            title="Finals bench", start_date=date(2027, 1, 11), end_date=date(2027, 1, 29),
                            semester=semester)
    events = events_generate_from_m3c(actor=office, session=finals)
    other = session_create(actor=office, component=component, academic_year=YEAR, kind="other",
                           title="Other bench", start_date=date(2027, 1, 11), end_date=date(2027, 1, 11),
                           semester=semester)
    first = min(events, key=lambda e: e.start)
    extras = [ExamEvent.objects.create(session=other, module=first.module, title="Extra", duration_minutes=60,
                                       start=datetime.combine(first.start.date(), datetime.min.time(), tzinfo=PARIS)
                                       .replace(hour=h)) for h in (10, 16)]
    for event in [*events, *extras]:
        event_rooms_set(actor=office, event=event, rooms=rooms)
        seats_allocate(actor=office, event=event)
    with report.measure(f"conflicts_check, {bench.STUDENTS} students × {bench.EXAMS} exams + another session",
                        ops=bench.STUDENTS * (bench.EXAMS + 2), note="cross-session candidate conflicts"):
        found = conflicts_check(finals)
    across = [c for c in found if c.kind == "candidate_overlap_sessions"]
    assert len(across) == bench.STUDENTS, len(across)
    report("cross-session conflicts found", len(across), "conflicts")
