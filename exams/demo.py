"""Demo data of the exam office (run by ``manage.py seed_demo`` after courses and enrollment).

For every demo institution: three rooms (one adapted and accessible). For one programme semester
with registered students (the first institution that has one, UTC first): a final session with its
events generated from the published M3C, spread over the days (no conflicts), rooms and seats,
two invigilators per room (head of room first), published. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.db.models import Count, Min
from django.utils import timezone

from core import demo as core_demo
from core.models import Role
from courses.models import AssessmentComponent, Semester
from exams.models import EventRoom, ExamSession, Room
from exams.services import (
    event_rooms_set,
    event_update,
    events_generate_from_m3c,
    invigilator_assign,
    seats_allocate,
    session_create,
    session_publish,
)
from exams.services.common import at_paris

ROOMS = (("AMPHI-A", "Amphithéâtre A", 150, True, False), ("S101", "Salle 101", 40, False, False),
         ("S-AM", "Salle aménagée (tiers-temps, secrétaire)", 6, True, True))
TITLE = "Examens finaux — semestre {n} (démo)"
PREFERRED = ("utc", "tours", "strasbourg", "iut-arl", "iut-rsy")


def _rooms(ctx: Any) -> None:
    for preset, institution in ctx.institutions.items():
        for code, name, capacity, accessible, adapted in ROOMS:
            Room.objects.get_or_create(institution=institution, code=code, defaults={
                "name": name, "capacity": capacity, "accessible": accessible, "adapted": adapted,
                "site": ctx.sites.get(preset)})


def _semester(ctx: Any, preset: str) -> Semester | None:
    return (
        Semester.objects.filter(
            study_year__programme_version__programme__component__institution=ctx.institutions[preset],
            study_year__programme_version__academic_year=ctx.academic_year,
            study_year__programme_version__state__in=("published", "frozen"),
            modules__registrations__pedagogical_registration__administrative_registration__state="validated",
        )
        .annotate(n=Count("modules__registrations")).order_by("-n", "id").first()
    )


def seed(ctx: Any) -> None:
    core_demo.refresh_statistics()
    _rooms(ctx)
    for preset in PREFERRED:
        if preset not in ctx.institutions:
            continue
        semester = _semester(ctx, preset)
        if semester is None:
            continue
        _session(ctx, preset, semester)
        return
    ctx.log("  aucune formation publiée avec des inscrits : pas de session d'examens de démonstration.")


def _session(ctx: Any, preset: str, semester: Semester) -> None:
    component = semester.study_year.programme_version.programme.component
    title = TITLE.format(n=semester.number)
    if ExamSession.objects.filter(component=component, academic_year=ctx.academic_year, title=title).exists():
        ctx.log(f"  session « {title} » déjà présente.")
        return
    office = ctx.user(preset, Role.EXAM_OFFICE)
    first = AssessmentComponent.objects.filter(module__semester=semester, is_continuous=False).aggregate(
        d=Min("planned_date"))["d"]
    start = first or timezone.localdate() + timedelta(days=40)
    if start < timezone.localdate() + timedelta(days=20):
        start = timezone.localdate() + timedelta(days=40)  # keep the demo publication within the lead times
    session = session_create(actor=office, component=component, academic_year=ctx.academic_year, kind="final",
                             title=title, start_date=start, end_date=start + timedelta(days=13), semester=semester)
    events = events_generate_from_m3c(actor=office, session=session)
    rooms = {r.code: r for r in Room.objects.filter(institution=component.institution)}
    day, slot = start, 0
    invigilators = [ctx.user(preset, Role.TEACHER), office]
    for event in events:
        while day.weekday() >= 5:
            day += timedelta(days=1)
        event = event_update(actor=office, event=event, start=at_paris(day, time(9 if slot == 0 else 14)))
        event_rooms_set(actor=office, event=event, rooms=[rooms["AMPHI-A"], rooms["S-AM"]])
        seats_allocate(actor=office, event=event)
        for er in EventRoom.objects.filter(event=event):
            for i, user in enumerate(invigilators):
                invigilator_assign(actor=office, event_room=er, user=user, is_head=i == 0)
        slot = 1 - slot
        if slot == 0:
            day += timedelta(days=1)
    session_publish(actor=office, session=session, now=timezone.now())
    ctx.log(f"  session « {title} » : {len(events)} épreuve(s), publiée ; salles créées pour chaque établissement.")
