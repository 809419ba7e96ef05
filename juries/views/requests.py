"""Staff pages: students' consultation requests and contestations of an evaluation, and answers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.http import AuthenticatedHttpRequest
from juries import permissions as perms
from juries import selectors, services
from juries.forms import ConsultationAnswerForm, ContestationAnswerForm
from juries.views.common import page, show_error


@page
def requests_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = perms.get_evaluation_for(request.user, pk, requests=True)
    consultations, contestations = selectors.evaluation_requests(evaluation)
    return render(request, "juries/requests.html", {
        "evaluation": evaluation, "consultations": consultations, "contestations": contestations,
        "consultation_form": ConsultationAnswerForm(), "contestation_form": ContestationAnswerForm()})


@require_POST
@page
def consultation_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    obj = perms.get_consultation_for(request.user, pk)
    form = ConsultationAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.consultation_answer(actor=request.user, request=obj, state=form.cleaned_data["state"],
                                         answer=form.cleaned_data["answer"])
        except ApplicationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Réponse envoyée."))
    else:
        messages.error(request, _("Réponse incomplète."))
    return redirect("juries:requests", obj.evaluation_id)


@require_POST
@page
def contestation_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    obj = perms.get_contestation_for(request.user, pk)
    form = ContestationAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.contestation_answer(actor=request.user, contestation=obj, answer=form.cleaned_data["answer"],
                                         new_value=form.cleaned_data["new_value"] or None)
        except ApplicationError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Réponse envoyée."))
    else:
        messages.error(request, _("Réponse incomplète."))
    return redirect("juries:requests", obj.mark.evaluation_id)
