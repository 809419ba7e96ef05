"""Sessions and their events: creation, generation from the published M3C, changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from core.errors import ApplicationError
from core.models import Component, User
from courses.models import AssessmentComponent, M3CState, Module, Semester, StudyYear
from exams.models import EventNature, EventRoom, ExamEvent, ExamSession, Room, SessionKind
from exams.services.common import at_paris

#: M3C assessment types that are sat in a room at a given time → the event nature.
NATURE_OF_TYPE = {
    "written": EventNature.WRITTEN,
    "oral": EventNature.ORAL,
    "defence": EventNature.ORAL,
    "computer": EventNature.CONSOLE,
    "tp_report": EventNature.PRACTICAL,
}
PUBLISHED_M3C = (M3CState.PUBLISHED, M3CState.FROZEN)
DEFAULT_DURATION = 120  # minutes, when the M3C state no duration (decision EO-03)


def session_create(
    *, actor: User | None, component: Component, academic_year: int, kind: str, title: str,
    start_date: date, end_date: date, semester: Semester | None = None, study_year: StudyYear | None = None,
    seat_order: str = "",
) -> ExamSession:
    if semester is None and study_year is None:
        raise ApplicationError("exams.session_scope_missing", _("Indiquer un semestre ou une année d'études."),
                               fields={"semester": _("Obligatoire (ou l'année d'études).")})
    session = ExamSession(component=component, academic_year=academic_year, kind=kind, title=title,
                          start_date=start_date, end_date=end_date, semester=semester, study_year=study_year,
                          seat_order=seat_order)
    session.full_clean()
    with transaction.atomic():
        session.save()
        audit_record(actor=actor, action="exams.session_created", obj=session,
                     after=snapshot(session, ("kind", "title", "start_date", "end_date", "academic_year")))
    return session


def session_modules(session: ExamSession) -> list[Module]:
    qs = Module.objects.select_related("semester__study_year__programme_version")
    if session.semester_id is not None:
        qs = qs.filter(semester_id=session.semester_id)
    else:
        qs = qs.filter(semester__study_year_id=session.study_year_id)
    return list(qs.order_by("semester_id", "position", "code"))


def events_generate_from_m3c(*, actor: User | None, session: ExamSession) -> list[ExamEvent]:
    """Create an event for each terminal, sat assessment of the session's modules in the published
    M3C (UTC-2.01-final-schedule: the timetable follows the M3C); idempotent (existing ones are kept).

    Date: the M3C planned date when it falls in the session, else the session's first day, at the
    session's default start time (the office moves them afterwards).
    """
    modules = session_modules(session)
    unpublished = sorted({m.semester.study_year.programme_version.programme_id for m in modules
                          if m.semester.study_year.programme_version.state not in PUBLISHED_M3C})
    if not modules or unpublished:
        raise ApplicationError(
            "exams.m3c_not_published", _("Les M3C de ces modules ne sont pas publiées : rien à planifier."),
            fields={"semester": _("Publier d'abord les M3C de la formation.")},
        )
    number = 2 if session.kind == SessionKind.SECOND_SESSION else 1
    components = (
        AssessmentComponent.objects.filter(module__in=modules, is_continuous=False, type__in=list(NATURE_OF_TYPE),
                                           session__in=[str(number), "both"])
        .select_related("module").order_by("module_id", "position", "code")
    )
    with transaction.atomic():
        locked = ExamSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
        existing = set(locked.events.filter(assessment__isnull=False).values_list("assessment_id", flat=True))
        new: list[ExamEvent] = []
        for c in components:
            if c.pk in existing:
                continue
            day = c.planned_date if c.planned_date and locked.start_date <= c.planned_date <= locked.end_date \
                else locked.start_date
            new.append(ExamEvent(
                session=locked, assessment=c, module=c.module, title=f"{c.module.code} — {c.module.title}",
                start=at_paris(day, locked.default_start_time), nature=NATURE_OF_TYPE[c.type],
                duration_minutes=c.duration_minutes or DEFAULT_DURATION,
                prep_minutes=c.prep_minutes or 0, allowed_documents=c.allowed_documents, allowed_materials=c.allowed_materials,
                session_number=number, anonymous=c.anonymous,
            ))
        ExamEvent.objects.bulk_create(new)
        # Each exam's subject is due some days before it (exams.subject_rules): open those deadline rows.
        from exams.services.subjects import subjects_open_deadlines_for_session

        subjects_open_deadlines_for_session(session=locked)
        audit_record(actor=actor, action="exams.events_generated", obj=locked, after={"created": len(new)})
    return new


def event_update(
    *, actor: User | None, event: ExamEvent, start: datetime | None = None, duration_minutes: int | None = None,
    prep_minutes: int | None = None, now: datetime | None = None,
) -> ExamEvent:
    """Move or resize an exam. Once the session is published, the students concerned get a new
    convocation (a new notice key carrying the change counter)."""
    from exams.services.convocations import convocations_notify

    changes: dict[str, Any] = {k: v for k, v in (("start", start), ("duration_minutes", duration_minutes),
                                                   ("prep_minutes", prep_minutes)) if v is not None}
    with transaction.atomic():
        locked = ExamEvent.objects.select_for_update(of=("self",)).select_related("session").get(pk=event.pk)
        before = snapshot(locked, tuple(changes))
        changed = [k for k, v in changes.items() if getattr(locked, k) != v]
        if not changed:
            return locked
        for key in changed:
            setattr(locked, key, changes[key])
        locked.full_clean()
        if "start" in changed or "duration_minutes" in changed:
            _shift_personal_ends(locked, before)
        published = locked.session.state == "published"
        if published:
            locked.change_count += 1
        locked.save()
        audit_record(actor=actor, action="exams.event_updated", obj=locked, before=before,
                     after=snapshot(locked, tuple(changed)))
        if published:
            convocations_notify(session=locked.session, events=[locked], now=now)
    return locked


def _shift_personal_ends(event: ExamEvent, before: dict[str, Any]) -> None:
    """Keep each candidate's extra time when the exam moves (end = start + duration + extra)."""
    from exams.models import Convocation

    rows = list(Convocation.objects.filter(event=event))
    base = event.start + timedelta(minutes=event.duration_minutes)
    for row in rows:
        row.end = base + timedelta(minutes=row.extra_minutes)
    Convocation.objects.bulk_update(rows, ["end"], batch_size=1000)


def event_rooms_set(*, actor: User | None, event: ExamEvent, rooms: list[Room]) -> list[EventRoom]:
    """The rooms an exam uses (seats are then allocated with seats_allocate). Rooms that keep
    invigilators or seated candidates are kept."""
    with transaction.atomic():
        current = {er.room_id: er for er in EventRoom.objects.filter(event=event)}
        wanted = {r.pk for r in rooms}
        removable = [er for rid, er in current.items() if rid not in wanted]
        for er in removable:
            if er.invigilators.exists():
                raise ApplicationError("exams.room_has_invigilators",
                                       _("La salle %(r)s a des surveillants : les retirer d'abord.") % {"r": er.room.code},
                                       fields={"rooms": _("Salle encore surveillée.")})
        EventRoom.objects.filter(pk__in=[er.pk for er in removable]).delete()
        EventRoom.objects.bulk_create([EventRoom(event=event, room=r) for r in rooms if r.pk not in current])
        audit_record(actor=actor, action="exams.event_rooms_set", obj=event,
                     before={"rooms": sorted(current)}, after={"rooms": sorted(wanted)})
    return list(EventRoom.objects.filter(event=event).select_related("room"))


def room_create(*, actor: User | None, institution: Any, code: str, name: str, capacity: int,
                accessible: bool = False, adapted: bool = False, site: Any = None) -> Room:
    room = Room(institution=institution, code=code, name=name, capacity=capacity, accessible=accessible,
                adapted=adapted, site=site)
    try:
        room.full_clean()
    except ValidationError as exc:
        raise ApplicationError("exams.room_invalid", _("Salle invalide."),
                               fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from exc
    with transaction.atomic():
        room.save()
        audit_record(actor=actor, action="exams.room_created", obj=room,
                     after=snapshot(room, ("code", "name", "capacity", "accessible", "adapted")))
    return room
