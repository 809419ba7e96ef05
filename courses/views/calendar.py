"""The academic calendar of a component and year (UTC-2.01-calendar-content, TOURS-I-calendar)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from courses import permissions as perms
from courses.forms import PeriodForm
from courses.models import CalendarPeriod
from courses.services.calendar import (
    academic_calendar_get_or_create,
    calendar_fix,
    calendar_period_add,
    calendar_period_delete,
)
from courses.views.common import AuthedRequest, page, show_error


@page
def calendar_index(request: AuthedRequest) -> HttpResponse:
    components = list(perms.components_managed_by(request.user))
    if not components:
        raise NotFound()
    return render(request, "courses/calendar_index.html", {"components": components, "years": [2025, 2026, 2027]})


@page
def calendar_detail(request: AuthedRequest, component_id: int, year: int) -> HttpResponse:
    component = perms.components_managed_by(request.user).filter(pk=component_id).first()
    if component is None:
        raise NotFound()
    calendar = academic_calendar_get_or_create(actor=request.user, component=component, academic_year=year)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            calendar_period_add(actor=request.user, calendar=calendar, **form.cleaned_data)
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Période ajoutée."))
            return redirect("courses:calendar_detail", component.pk, year)
    periods = calendar.periods.order_by("start", "kind")
    return render(request, "courses/calendar_detail.html",
                  {"component": component, "calendar": calendar, "periods": periods, "form": form, "year": year})


@require_POST
@page
def calendar_period_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(CalendarPeriod.objects.select_related("calendar__component"), pk=pk)
    calendar = period.calendar
    if not perms.can_manage_calendar(request.user, calendar.component):
        raise NotFound()
    try:
        calendar_period_delete(actor=request.user, period=period)
    except ApplicationError as exc:
        show_error(request, exc)
    return redirect("courses:calendar_detail", calendar.component_id, calendar.academic_year)


@require_POST
@page
def calendar_fix_view(request: AuthedRequest, component_id: int, year: int) -> HttpResponse:
    component = perms.components_managed_by(request.user).filter(pk=component_id).first()
    if component is None:
        raise NotFound()
    calendar = academic_calendar_get_or_create(actor=request.user, component=component, academic_year=year)
    try:
        calendar_fix(actor=request.user, calendar=calendar)
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Calendrier arrêté."))
    return redirect("courses:calendar_detail", component.pk, year)
