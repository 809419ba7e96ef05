"""The exam report (PV de déroulement) of one room: figures, incidents, sign-off by the head of room
(TOURS-VI-3.2-count-check, STRAS-54). Usable on a phone: one column, plain forms, no JavaScript."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError, NotFound, PermissionDenied
from core.models import User
from exams import permissions as perms
from exams.models import EventRoom, ExamReport, ReportIncident
from exams.selectors_day import room_counts
from exams.services.incidents import MEASURE_LABELS, incident_decide
from exams.services.reports import exam_report_close, exam_report_record, incident_add
from exams.views.common import AuthedRequest, page, show_error


class FiguresForm(forms.Form):
    enrolled = forms.IntegerField(label=gettext_lazy("Inscrits"), min_value=0)
    present = forms.IntegerField(label=gettext_lazy("Présents"), min_value=0)
    signatures = forms.IntegerField(label=gettext_lazy("Émargements"), min_value=0)
    copies = forms.IntegerField(label=gettext_lazy("Copies ramassées"), min_value=0)
    observations = forms.CharField(label=gettext_lazy("Observations"), required=False, widget=forms.Textarea)


class IncidentForm(forms.Form):
    kind = forms.CharField(label=gettext_lazy("Nature de l'incident"), max_length=60)
    description = forms.CharField(label=gettext_lazy("Description"), widget=forms.Textarea)
    explains_count_gap = forms.BooleanField(label=gettext_lazy("Explique l'écart copies / émargements"),
                                            required=False)


class DecisionForm(forms.Form):
    incident = forms.IntegerField(widget=forms.HiddenInput)
    measure = forms.ChoiceField(label=gettext_lazy("Mesure décidée"), choices=list(MEASURE_LABELS.items()))
    delay_minutes = forms.IntegerField(label=gettext_lazy("Retard accordé (min)"), min_value=0, max_value=240,
                                       required=False, initial=0)
    note = forms.CharField(label=gettext_lazy("Motif"), max_length=300, required=False)


def _event_room_for(user: User, pk: int) -> EventRoom:
    er = EventRoom.objects.select_related("event__session__component", "event__module", "room").filter(pk=pk).first()
    if er is None:
        raise NotFound()
    if not (perms.can_invigilate_room(user, er) or perms.can_decide_incident(user, er.event)):
        raise NotFound()
    return er


@page
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    er = _event_room_for(request.user, pk)
    report = ExamReport.objects.filter(event_room=er).prefetch_related(
        Prefetch("incidents", queryset=ReportIncident.objects.select_related("decided_by"))).first()
    counts = room_counts(er)
    if report is None or not (report.present or report.signatures or report.copies):
        # prefilled from the digital sign-in (enrolled = candidates seated in the room); paper rooms: headcount
        initial: dict[str, object] = {"enrolled": counts.enrolled or er.planned_headcount, "present": counts.present,
                                      "signatures": counts.signatures,
                                      "observations": report.observations if report else ""}
    else:
        initial = {f: getattr(report, f) for f in ("enrolled", "present", "signatures", "copies", "observations")}
    figures = FiguresForm(request.POST if request.POST.get("action") == "figures" else None, initial=initial)
    incident = IncidentForm(request.POST if request.POST.get("action") == "incident" else None)
    decision = DecisionForm(request.POST if request.POST.get("action") == "decide" else None)
    try:
        if request.method == "POST" and request.POST.get("action") == "decide" and decision.is_valid() and report:
            data = decision.cleaned_data
            target = report.incidents.filter(pk=data["incident"]).first()
            if target is None:
                raise NotFound()
            incident_decide(actor=request.user, incident=target, measure=data["measure"],
                            delay_minutes=data["delay_minutes"] or 0, note=data["note"], now=timezone.now())
            messages.success(request, _("Mesure enregistrée."))
            return redirect("exams:report_detail", er.pk)
        if request.method == "POST" and request.POST.get("action") == "figures" and figures.is_valid():
            exam_report_record(actor=request.user, event_room=er, **figures.cleaned_data)
            messages.success(request, _("Chiffres enregistrés."))
            return redirect("exams:report_detail", er.pk)
        if request.method == "POST" and request.POST.get("action") == "incident" and incident.is_valid():
            if report is None:
                report = exam_report_record(actor=request.user, event_room=er, enrolled=er.planned_headcount,
                                            present=0, signatures=0, copies=0)
            incident_add(actor=request.user, report=report, at=timezone.now(), **incident.cleaned_data)
            messages.success(request, _("Incident consigné."))
            return redirect("exams:report_detail", er.pk)
        if request.method == "POST" and request.POST.get("action") == "close" and report is not None:
            exam_report_close(actor=request.user, report=report, now=timezone.now())
            messages.success(request, _("Procès-verbal clos."))
            return redirect("exams:report_detail", er.pk)
    except PermissionDenied as exc:
        raise NotFound() from exc
    except ApplicationError as exc:
        show_error(request, exc, figures)
    can_decide = perms.can_decide_incident(request.user, er.event)
    incidents = [{"i": i, "measure": MEASURE_LABELS.get(i.measure, i.measure)}
                 for i in (report.incidents.all() if report else [])]
    return render(request, "exams/report_detail.html",
                  {"er": er, "report": report, "figures": figures, "incident": incident, "counts": counts,
                   "incidents": incidents, "can_decide": can_decide, "decision": decision})
