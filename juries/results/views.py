"""Results pages: the student's own published results; the staff table of a semester with
recompute and publish actions. No business logic here: permissions, selectors, services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from juries.results import permissions as perms
from juries.results import selectors, services
from juries.views.common import page, show_error

_UE_KEYS = ("code", "mean", "decision", "ects", "ects_acquired", "raw_mean", "bonus", "malus", "reasons")


def display(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with every optional key present (templates never guess): a bonus or malus is
    shown only when the engine applied it (RSY-A7.2C-transcript)."""
    sem = payload.get("semester") or {}
    year = payload.get("year") or {}
    return {
        "semester": {
            "reasons": sem.get("reasons", []),
            "ues": [{k: ue.get(k, [] if k == "reasons" else "") for k in _UE_KEYS} for ue in sem.get("ues", [])],
            "modules": [{"code": m.get("code", ""), "mean": m.get("mean", ""),
                         "session1_mean": m.get("session1_mean", "")} for m in sem.get("modules", [])],
        },
        "year": {"label": year.get("label", ""), "decision": year.get("decision") or "",
                 "mean": year.get("mean") or "", "rcues": year.get("rcues", [])},
    }


@page
def my_results(request: HttpRequest) -> HttpResponse:
    results = selectors.student_published_results(request.user)
    return render(request, "juries/results/my_results.html",
                  {"results": [(r, display(r.payload)) for r in results]})


@page
def semester_table(request: HttpRequest, pk: int) -> HttpResponse:
    semester = perms.get_semester_for(request.user, pk)
    return render(request, "juries/results/semester.html", {
        "semester": semester, "programme": semester.study_year.programme_version.programme,
        "results": list(selectors.semester_results(semester)),
        "summary": selectors.semester_result_summary(semester),
        "can_manage": perms.can_manage_semester_results(request.user, semester),
    })


@page
def student_detail(request: HttpRequest, pk: int, student_id: int) -> HttpResponse:
    semester = perms.get_semester_for(request.user, pk)
    result = perms.get_student_result_for(request.user, semester, student_id)
    return render(request, "juries/results/detail.html", {
        "semester": semester, "result": result, "payload": display(result.payload),
        "history": list(selectors.result_history(result)),
    })


@require_POST
@page
def semester_compute(request: HttpRequest, pk: int) -> HttpResponse:
    semester = perms.get_semester_for(request.user, pk, manage=True)
    try:
        report = services.results_compute(actor=request.user, semester_ids=[semester.pk])
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Résultats recalculés : %(n)d nouvelle(s) version(s), %(s)d étudiant·e·s.")
                         % {"n": report.created, "s": report.students})
    return redirect("juries:results:semester", pk=semester.pk)


@require_POST
@page
def semester_publish(request: HttpRequest, pk: int) -> HttpResponse:
    semester = perms.get_semester_for(request.user, pk, manage=True)
    final = request.POST.get("final") == "1"
    try:
        count = services.results_publish(actor=request.user, semester=semester, final=final)
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("%(n)d résultat(s) publié(s).") % {"n": count})
    return redirect("juries:results:semester", pk=semester.pk)
