"""Exam-office pages: sessions, session detail (events, rooms, seats, invigilators, publication)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.calendar.working import PARIS
from core.errors import ApplicationError, NotFound
from core.models import Component, Document
from courses.models import Semester
from exams import permissions as perms
from exams import selectors
from exams.forms import EventForm, EventRoomsForm, InvigilatorForm, ReplaceForm, SessionForm
from exams.models import EventRoom, InvigilatorAssignment, Room
from exams.services import (
    conflicts_check,
    event_rooms_set,
    event_update,
    events_generate_from_m3c,
    invigilation_check,
    invigilator_assign,
    invigilator_replace,
    seats_allocate,
    session_create,
    session_publish,
)
from exams.services.common import SessionProfile
from exams.services.publication import lead_checks
from exams.services.subjects import adapted_subjects_check
from exams.views.common import AuthedRequest, page, perform, show_error


def _semesters(user) -> tuple[list[Component], object]:  # type: ignore[no-untyped-def]
    scope = perms.office_scope(user)
    components = Component.objects.select_related("institution").order_by("institution_id", "name")
    if scope is not None:
        components = components.filter(Q(institution_id__in=scope[0]) | Q(pk__in=scope[1]))
    comps = list(components)
    semesters = Semester.objects.filter(
        study_year__programme_version__programme__component__in=comps,
        study_year__programme_version__state__in=("published", "frozen"),
    ).select_related("study_year__programme_version__programme").order_by("-study_year__programme_version__academic_year",
                                                                         "study_year__programme_version__programme__code",
                                                                         "number")
    return comps, semesters


@page
def session_list(request: AuthedRequest) -> HttpResponse:
    comps, semesters = _semesters(request.user)
    if not comps:
        raise NotFound()
    form = SessionForm(request.POST or None, semesters=semesters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        semester = data["semester"]
        version = semester.study_year.programme_version
        try:
            session = session_create(
                actor=request.user, component=version.programme.component, academic_year=version.academic_year,
                kind=data["kind"], title=data["title"], start_date=data["start_date"], end_date=data["end_date"],
                semester=semester, seat_order=data["seat_order"])
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Session créée."))
            return redirect("exams:session_detail", session.pk)
    scope = perms.office_scope(request.user)
    sessions = selectors.session_list(component_ids=None if scope is None else scope[1],
                                      institution_ids=None if scope is None else scope[0])[:200]
    return render(request, "exams/session_list.html", {"sessions": sessions, "form": form})


def _lead_status(session, events, profile):  # type: ignore[no-untyped-def]
    if session.state == "published":
        return session.timetable_check, session.convocation_check
    if not events:
        return None, None
    timetable, convocation = lead_checks(session, events, at=None, profile=profile)
    now = timezone.now()
    out = []
    for check in (timetable, convocation):
        late = check.deadline is not None and check.deadline < now
        out.append({"late": late, "rule_id": check.rule_id, "message": check.message,
                    "deadline": check.deadline.isoformat() if check.deadline else None})
    return out[0], out[1]


@page
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    session = perms.get_session_for(request.user, pk)
    session = selectors.session_detail(session.pk)
    events = list(session.events.all())
    profile = SessionProfile(session)
    conflicts = conflicts_check(session, profile=profile)
    in_conflict = {int(i) for c in conflicts for i in c.exam_ids}
    room_checks = {c.event_room.pk: c.decision for c in invigilation_check(session, profile=profile)}
    timetable, convocation = _lead_status(session, events, profile)
    adapted = [m for check in adapted_subjects_check(events) for m in check.messages]
    rooms = selectors.rooms_for([session.component.institution_id])
    rows = []
    for event in events:
        event_rooms = list(event.event_rooms.all())
        rows.append({
            "event": event, "conflict": event.pk in in_conflict, "rooms": event_rooms,
            "room_checks": [{"er": er, "check": room_checks.get(er.pk)} for er in event_rooms],
            "rooms_form": EventRoomsForm(rooms=rooms, initial={"rooms": [er.room_id for er in event_rooms]},
                                         prefix=f"e{event.pk}"),
            "event_form": EventForm(initial={"date": event.start.astimezone(PARIS).date(),
                                             "time": event.start.astimezone(PARIS).time(),
                                             "duration_minutes": event.duration_minutes}, prefix=f"ev{event.pk}"),
        })
    return render(request, "exams/session_detail.html", {
        "session": session, "rows": rows, "conflicts": conflicts, "timetable": timetable,
        "convocation": convocation, "invigilator_form": InvigilatorForm(), "replace_form": ReplaceForm(),
        "adapted_missing": adapted,
    })


def _back(session_id: int) -> HttpResponse:
    return redirect("exams:session_detail", session_id)


@require_POST
@page
def session_generate(request: AuthedRequest, pk: int) -> HttpResponse:
    session = perms.get_session_for(request.user, pk)
    try:
        created = events_generate_from_m3c(actor=request.user, session=session)
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("%(n)d épreuve(s) créée(s) depuis les M3C publiées.") % {"n": len(created)})
    return _back(session.pk)


@require_POST
@page
def session_publish_view(request: AuthedRequest, pk: int) -> HttpResponse:
    session = perms.get_session_for(request.user, pk)
    try:
        session = session_publish(actor=request.user, session=session, now=timezone.now())
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        if session.timetable_late or session.convocation_late:
            messages.warning(request, _("Session publiée hors délai : voir les règles citées."))
        else:
            messages.success(request, _("Session publiée ; les convocations sont envoyées."))
    return _back(session.pk)


@require_POST
@page
def event_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    event = perms.get_event_for(request.user, pk)
    form = EventForm(request.POST, prefix=f"ev{event.pk}")
    if not form.is_valid():
        messages.error(request, _("Date, heure ou durée invalide : %(e)s") % {"e": form.errors.as_text()})
        return _back(event.session_id)
    start = datetime.combine(form.cleaned_data["date"], form.cleaned_data["time"], tzinfo=PARIS)
    minutes = form.cleaned_data["duration_minutes"]
    perform(request, lambda: event_update(actor=request.user, event=event, start=start, duration_minutes=minutes),
            _("Épreuve modifiée."))
    return _back(event.session_id)


@require_POST
@page
def event_rooms(request: AuthedRequest, pk: int) -> HttpResponse:
    event = perms.get_event_for(request.user, pk)
    rooms = Room.objects.filter(institution_id=event.session.component.institution_id)
    form = EventRoomsForm(request.POST, rooms=rooms, prefix=f"e{event.pk}")
    if not form.is_valid():
        messages.error(request, _("Choisir au moins une salle."))
        return _back(event.session_id)
    try:
        event_rooms_set(actor=request.user, event=event, rooms=list(form.cleaned_data["rooms"]))
        seats_allocate(actor=request.user, event=event)
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Salles enregistrées et places attribuées."))
    return _back(event.session_id)


@require_POST
@page
def event_seats(request: AuthedRequest, pk: int) -> HttpResponse:
    event = perms.get_event_for(request.user, pk)
    perform(request, lambda: seats_allocate(actor=request.user, event=event), _("Places attribuées."))
    return _back(event.session_id)


@require_POST
@page
def invigilator_add(request: AuthedRequest, pk: int) -> HttpResponse:
    event_room = EventRoom.objects.select_related("event__session__component").filter(pk=pk).first()
    if event_room is None or not perms.can_manage_session(request.user, event_room.event.session):
        raise NotFound()
    form = InvigilatorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Surveillant : %(e)s") % {"e": form.errors.as_text()})
    else:
        data = form.cleaned_data
        perform(request, lambda: invigilator_assign(actor=request.user, event_room=event_room, user=data["email"],
                                                    is_head=data["is_head"]),
                _("Surveillant ajouté."))
    return _back(event_room.event.session_id)


@require_POST
@page
def invigilator_replace_view(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = InvigilatorAssignment.objects.select_related("event_room__event__session__component").filter(
        pk=pk).first()
    if assignment is None or not perms.can_manage_session(request.user, assignment.event_room.event.session):
        raise NotFound()
    form = ReplaceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Remplacement : %(e)s") % {"e": form.errors.as_text()})
    else:
        data = form.cleaned_data
        perform(request, lambda: invigilator_replace(actor=request.user, assignment=assignment, user=data["email"],
                                                     reason=data["reason"]),
                _("Remplacement enregistré."))
    return _back(assignment.event_room.event.session_id)


def _room_document(request: AuthedRequest, pk: int, issue: Callable[..., Document], done: str) -> HttpResponse:
    """Issue one printable document of a room (sign-in sheet, seating plan) and open it."""
    event_room = EventRoom.objects.select_related("event__session__component", "event__module", "room").filter(
        pk=pk).first()
    if event_room is None or not perms.can_manage_session(request.user, event_room.event.session):
        raise NotFound()
    document = issue(actor=request.user, event_room=event_room)
    messages.success(request, done % {"r": document.reference})
    return redirect("document_detail", document.pk)


@require_POST
@page
def signin_sheet(request: AuthedRequest, pk: int) -> HttpResponse:
    from exams.services.reports import signin_sheet_issue

    return _room_document(request, pk, signin_sheet_issue, _("Feuille d'émargement demandée : %(r)s."))


@require_POST
@page
def seating_plan(request: AuthedRequest, pk: int) -> HttpResponse:
    from exams.services.seating_plan import seating_plan_issue

    return _room_document(request, pk, seating_plan_issue, _("Plan de salle demandé : %(r)s."))


@require_POST
@page
def invigilation_calendar(request: AuthedRequest, pk: int) -> HttpResponse:
    from exams.services.invigilation_calendar import invigilation_calendar_send

    session = perms.get_session_for(request.user, pk)
    try:
        count = invigilation_calendar_send(actor=request.user, session=session, now=timezone.now())
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        level = messages.warning if session.invigilation_check.get("late") else messages.success
        level(request, _("Calendrier envoyé à %(n)d surveillant(s). %(m)s")
              % {"n": count, "m": session.invigilation_check.get("message", "")})
    return _back(session.pk)
