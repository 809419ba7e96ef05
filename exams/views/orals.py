"""Oral schedule page (STRAS-80): timing, panels, passages (generate, move, swap), publication, door lists."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.calendar.working import PARIS
from core.errors import ApplicationError
from exams import permissions as perms
from exams import selectors
from exams.forms_orals import MoveForm, PanelForm, ScheduleForm, SwapForm
from exams.models import ExamEvent, OralPanel, OralPassage, OralSchedule
from exams.selectors_orals import oral_schedule_detail, passages_of
from exams.services.common import SessionProfile
from exams.services.orals import (
    door_list_issue,
    m3c_timing,
    oral_panel_add,
    oral_panel_remove,
    oral_passage_move,
    oral_passages_generate,
    oral_passages_swap,
    oral_schedule_publish,
    oral_schedule_set,
    schedule_issues,
)
from exams.views.common import AuthedRequest, page, perform, show_error


def _passages_qs(schedule: OralSchedule | None):  # type: ignore[no-untyped-def]
    if schedule is None:
        return OralPassage.objects.none()
    return (OralPassage.objects.filter(schedule=schedule).select_related("student__user", "panel")
            .order_by("student__user__last_name", "student__user__first_name", "id"))


def _panels_qs(schedule: OralSchedule | None):  # type: ignore[no-untyped-def]
    if schedule is None:
        return OralPanel.objects.none()
    return OralPanel.objects.filter(schedule=schedule).order_by("position", "id")


def _initial(event: ExamEvent, schedule: OralSchedule | None) -> dict[str, object]:
    if schedule is None:
        timing = m3c_timing(event)
        return {"duration_minutes": int(timing.duration.total_seconds() // 60),
                "prep_minutes": int(timing.preparation.total_seconds() // 60), "changeover_minutes": 0}
    return {"duration_minutes": schedule.duration_minutes, "prep_minutes": schedule.prep_minutes,
            "changeover_minutes": schedule.changeover_minutes, "break_start": schedule.break_start,
            "break_end": schedule.break_end, "prep_during_break": schedule.prep_during_break}


@page
def oral_schedule(request: AuthedRequest, pk: int) -> HttpResponse:
    """The page (GET) and the timing form (POST)."""
    event = perms.get_oral_event_for(request.user, pk)
    schedule = oral_schedule_detail(event)
    form = ScheduleForm(request.POST or None, initial=_initial(event, schedule))
    if request.method == "POST" and form.is_valid() and perform(
            request, lambda: oral_schedule_set(actor=request.user, event=event, **form.cleaned_data),
            _("Durées du planning enregistrées."), form=form):
        return redirect("exams:oral_schedule", event.pk)
    passages = passages_of(schedule) if schedule else []
    issues = schedule_issues([event.pk], SessionProfile(event.session)).get(event.pk, []) if schedule else []
    timing = m3c_timing(event)
    rooms = selectors.rooms_for([event.session.component.institution_id])
    return render(request, "exams/orals/schedule.html", {
        "event": event, "session": event.session, "schedule": schedule, "form": form,
        "panels": list(schedule.panels.all()) if schedule else [], "passages": passages, "issues": issues,
        "m3c_duration": int(timing.duration.total_seconds() // 60),
        "m3c_prep": int(timing.preparation.total_seconds() // 60),
        "panel_form": PanelForm(rooms=rooms, prefix="panel"),
        "move_form": MoveForm(passages=_passages_qs(schedule), panels=_panels_qs(schedule), prefix="move"),
        "swap_form": SwapForm(passages=_passages_qs(schedule), prefix="swap"),
    })


def _back(event_id: int) -> HttpResponse:
    return redirect("exams:oral_schedule", event_id)


def _schedule_or_error(request: AuthedRequest, event: ExamEvent) -> OralSchedule | None:
    schedule = OralSchedule.objects.filter(event=event).first()
    if schedule is None:
        messages.error(request, _("Définir d'abord la durée et la préparation."))
    return schedule


def _at(event: ExamEvent, moment) -> datetime:  # type: ignore[no-untyped-def]
    return datetime.combine(event.start.astimezone(PARIS).date(), moment, tzinfo=PARIS)


@require_POST
@page
def oral_panel_create(request: AuthedRequest, pk: int) -> HttpResponse:
    event = perms.get_oral_event_for(request.user, pk)
    schedule = _schedule_or_error(request, event)
    if schedule is None:
        return _back(event.pk)
    rooms = selectors.rooms_for([event.session.component.institution_id])
    form = PanelForm(request.POST, rooms=rooms, prefix="panel")
    if not form.is_valid():
        messages.error(request, _("Jury : %(e)s") % {"e": form.errors.as_text()})
        return _back(event.pk)
    data = form.cleaned_data
    starts_at = _at(event, data["starts_at"]) if data["starts_at"] else None
    perform(request, lambda: oral_panel_add(actor=request.user, schedule=schedule, code=data["code"], room=data["room"],
                                            examiners=data["examiners"], starts_at=starts_at),
            _("Jury ajouté."))
    return _back(event.pk)


@require_POST
@page
def oral_panel_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    panel = perms.get_oral_panel_for(request.user, pk)
    perform(request, lambda: oral_panel_remove(actor=request.user, panel=panel), _("Jury retiré."))
    return _back(panel.schedule.event_id)


@require_POST
@page
def oral_generate(request: AuthedRequest, pk: int) -> HttpResponse:
    event = perms.get_oral_event_for(request.user, pk)
    try:
        passages = oral_passages_generate(actor=request.user, event=event, now=timezone.now())
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("%(n)d passage(s) calculé(s).") % {"n": len(passages)})
    return _back(event.pk)


@require_POST
@page
def oral_move(request: AuthedRequest, pk: int) -> HttpResponse:
    event = perms.get_oral_event_for(request.user, pk)
    schedule = _schedule_or_error(request, event)
    if schedule is None:
        return _back(event.pk)
    form = MoveForm(request.POST, passages=_passages_qs(schedule), panels=_panels_qs(schedule), prefix="move")
    if not form.is_valid():
        messages.error(request, _("Déplacement : %(e)s") % {"e": form.errors.as_text()})
        return _back(event.pk)
    data = form.cleaned_data
    perform(request, lambda: oral_passage_move(actor=request.user, passage=data["passage"], panel=data["panel"],
                                               start=_at(event, data["start"]), now=timezone.now()),
            _("Passage déplacé."))
    return _back(event.pk)


@require_POST
@page
def oral_swap(request: AuthedRequest, pk: int) -> HttpResponse:
    event = perms.get_oral_event_for(request.user, pk)
    schedule = _schedule_or_error(request, event)
    if schedule is None:
        return _back(event.pk)
    form = SwapForm(request.POST, passages=_passages_qs(schedule), prefix="swap")
    if not form.is_valid():
        messages.error(request, _("Échange : %(e)s") % {"e": form.errors.as_text()})
        return _back(event.pk)
    first, second = form.cleaned_data["first"], form.cleaned_data["second"]
    perform(request, lambda: oral_passages_swap(actor=request.user, first=first, second=second, now=timezone.now()),
            _("Passages échangés."))
    return _back(event.pk)


@require_POST
@page
def oral_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    event = perms.get_oral_event_for(request.user, pk)
    perform(request, lambda: oral_schedule_publish(actor=request.user, event=event, now=timezone.now()),
            _("Planning publié : chaque convocation indique l'heure de passage du candidat."))
    return _back(event.pk)


@require_POST
@page
def oral_door_list(request: AuthedRequest, pk: int) -> HttpResponse:
    panel = perms.get_oral_panel_for(request.user, pk)
    document = door_list_issue(actor=request.user, panel=panel)
    messages.success(request, _("Liste de passage demandée : %(r)s.") % {"r": document.reference})
    return redirect("document_detail", document.pk)
