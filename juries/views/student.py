"""Student pages: my published marks, one mark with the group's statistics, requests."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from core.http import AuthenticatedHttpRequest
from juries import permissions as perms
from juries import selectors, services
from juries.forms import ConsultationForm, ContestationForm
from juries.services.common import stats_min_count
from juries.services.requests import consultation_closes_at, consultation_window, contestation_closes_at
from juries.views.common import page, show_error


@page
def my_marks(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = selectors.published_marks_for_student(request.user)
    return render(request, "juries/my_marks.html", {
        "items": [(item, item.show_stats) for item in items]})


@page
def my_mark(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = perms.get_published_evaluation_for_student(request.user, pk)
    mark = perms.get_own_mark_for(request.user, evaluation)
    consultations, contestations = selectors.student_requests(request.user, evaluation)
    return render(request, "juries/my_mark.html", {
        "evaluation": evaluation, "mark": mark, "hold": selectors.hold_on(request.user, evaluation),
        "publication": evaluation.publications.order_by("-published_at").first(),
        "stats": selectors.evaluations_statistics([evaluation])[evaluation.pk],
        "stats_min": stats_min_count(evaluation),
        "consultations": consultations, "contestations": contestations,
        "window": consultation_window(evaluation), "consultation_closes": consultation_closes_at(evaluation),
        "contestation_closes": contestation_closes_at(evaluation),
        "consultation_form": ConsultationForm(), "contestation_form": ContestationForm(),
    })


@require_POST
@page
def consultation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = perms.get_published_evaluation_for_student(request.user, pk)
    form = ConsultationForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.consultation_request(actor=request.user, evaluation=evaluation, message=message)
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Demande de consultation enregistrée."))
    return redirect("juries:my_mark", evaluation.pk)


@require_POST
@page
def contestation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = perms.get_published_evaluation_for_student(request.user, pk)
    mark = perms.get_own_mark_for(request.user, evaluation)
    if mark is None:
        raise NotFound()
    form = ContestationForm(request.POST)
    try:
        services.contestation_submit(actor=request.user, mark=mark,
                                     reasons=form.cleaned_data["reasons"] if form.is_valid() else "")
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Contestation déposée."))
    return redirect("juries:my_mark", evaluation.pk)
