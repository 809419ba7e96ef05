"""Benchmark: publishing a final-exam timetable for 3,000 students × 8 exams (convocation rows and
notices queued, not sent) — budget ≤ 60 s; and the seat-allocation service for a 1,000-seat exam
(database included) — budget ≤ 5 s (issue 5).

Set-up (not timed) bulk-inserts a published programme semester with 8 modules (one written final
each, on 8 different days), 3,000 validated students registered to every module (30 with a
tiers-temps), an amphitheatre and an adapted room. Timed: the 8 seat allocations, then
``session_publish`` (conflict and invigilation checks, lead-time verdicts and deadline rows, 24,000
convocation notices with their ICS file bulk-inserted, the collective posting document queued).
Sending the e-mails and rendering the posting PDF are the workers' job: during the measure, the
on-commit queueing is recorded instead of run (Celery is eager under the bench settings).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock

STUDENTS = 3000
EXAMS = 8
ACCOMMODATED = 30
YEAR = 2026


def _world():  # type: ignore[no-untyped-def]
    from django.contrib.auth.hashers import make_password

    from core.calendar.working import PARIS
    from core.models import User
    from courses.models import AssessmentComponent, Module, Programme, ProgrammeVersion, Semester, StudyYear
    from enrollment.models import (
        Accommodation,
        AdministrativeRegistration,
        ModuleRegistration,
        PedagogicalRegistration,
        Student,
    )
    from exams.models import Room
    from tests.courses.factories import component_with_preset
    from tests.exams.office.factories import exam_office_user

    component = component_with_preset("utc")
    institution = component.institution
    programme = Programme.objects.create(component=component, diploma_type="LICENCE", code="bench", title="Bench")
    version = ProgrammeVersion.objects.create(programme=programme, academic_year=YEAR, state="published",
                                              published_at=datetime(2026, 9, 20, tzinfo=PARIS))
    study_year = StudyYear.objects.create(programme_version=version, level=1, label="L1")
    semester = Semester.objects.create(study_year=study_year, number=1, start_date=date(2026, 9, 1),
                                       end_date=date(2027, 1, 31))
    first = date(2027, 1, 11)
    modules = []
    for i in range(EXAMS):
        module = Module.objects.create(semester=semester, code=f"M{i}", title=f"Module {i}")
        AssessmentComponent.objects.create(module=module, code="FIN", title="Final", type="written",
                                           weight_percent=Decimal(100), session="1", duration_minutes=120,
                                           planned_date=first + timedelta(days=i + 2 * (i // 5)))
        modules.append(module)
    unusable = make_password(None)
    users = User.objects.bulk_create([User(email=f"bench{i}@etu.example", first_name=f"P{i}", last_name=f"Nom{i:05d}",
                                           password=unusable) for i in range(STUDENTS)], batch_size=1000)
    students = Student.objects.bulk_create([Student(user=u, institution=institution, student_number=f"B{i:06d}")
                                            for i, u in enumerate(users)], batch_size=1000)
    regs = AdministrativeRegistration.objects.bulk_create(
        [AdministrativeRegistration(student=s, study_year=study_year, academic_year=YEAR, state="validated")
         for s in students], batch_size=1000)
    peds = PedagogicalRegistration.objects.bulk_create(
        [PedagogicalRegistration(administrative_registration=r, semester=semester) for r in regs], batch_size=1000)
    ModuleRegistration.objects.bulk_create([ModuleRegistration(pedagogical_registration=p, module=m)
                                            for p in peds for m in modules], batch_size=2000)
    Accommodation.objects.bulk_create([Accommodation(student=s, kind="extra_time", extra_time_percent=33,
                                                     valid_from=date(2026, 9, 1)) for s in students[:ACCOMMODATED]])
    amphi = Room.objects.create(institution=institution, code="AMPHI", name="Grand amphi", capacity=STUDENTS)
    adapted = Room.objects.create(institution=institution, code="AM", name="Salle aménagée", capacity=ACCOMMODATED,
                                  adapted=True, accessible=True)
    return component, semester, exam_office_user(component), [amphi, adapted]


def run(report):  # type: ignore[no-untyped-def]
    from core.calendar.working import PARIS
    from exams.models import Convocation
    from exams.services import event_rooms_set, events_generate_from_m3c, seats_allocate, session_create
    from exams.services.publication import session_publish

    component, semester, office, rooms = _world()
    session = session_create(actor=office, component=component, academic_year=YEAR, kind="final",
                             title="Finals bench", start_date=date(2027, 1, 11), end_date=date(2027, 1, 29),
                             semester=semester)
    events = events_generate_from_m3c(actor=office, session=session)
    for event in events:
        event_rooms_set(actor=office, event=event, rooms=rooms)
    with report.measure(f"seats_allocate, {STUDENTS} candidates × {EXAMS} exams", ops=EXAMS,
                        note="budget 1,000-seat session ≤ 5 s"):
        for event in events:
            seats_allocate(actor=office, event=event)
    queued: list[int] = []
    with mock.patch("exams.services.convocations._queue_sends", side_effect=lambda ids: queued.extend(ids)), \
            mock.patch("core.documents.services._queue_render"), \
            report.measure(f"session_publish, {STUDENTS} students × {EXAMS} exams", ops=STUDENTS * EXAMS,
                           note="budget ≤ 60 s; notices queued, not sent"):
        session_publish(actor=office, session=session, now=datetime(2026, 12, 1, 10, tzinfo=PARIS))
    assert len(queued) == STUDENTS * EXAMS, len(queued)
    assert Convocation.objects.filter(event__session=session).count() == STUDENTS * EXAMS
    report("convocation notices queued", len(queued), "notices")
