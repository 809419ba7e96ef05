"""Results pages: the student's own published results; the staff table of a semester with
recompute and publish actions. No business logic here: permissions, selectors, services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from juries.models import HoldKind, MarkHold
from juries.results import permissions as perms
from juries.results import selectors, services
from juries.views.common import AuthenticatedHttpRequest, page, show_error

_UE_KEYS = ("code", "mean", "decision", "ects", "ects_acquired", "raw_mean", "bonus", "malus", "reasons")


def display(payload: dict[str, Any], holds: dict[str, MarkHold] | None = None) -> dict[str, Any]:
    """The payload with every optional key present (templates never guess): a bonus or malus is
    shown only when the engine applied it (RSY-A7.2C-transcript). ``holds`` ({module code: hold})
    replace a module's mean by the hold's label (UTC-3.01e-reserve-hold « réservée », STRAS-35);
    ``reserved``: a réserve suspends the semester's result too."""
    sem = payload.get("semester") or {}
    year = payload.get("year") or {}
    holds = holds or {}
    history = payload.get("history") or {}
    return {
        "history": {"capitalised": history.get("capitalised", []), "repeats": sorted(history.get("repeats", {}).items()),
                    "earlier_years": history.get("earlier_years", []),
                    "exempted_open_modules": history.get("exempted_open_modules", [])},
        "reserved": any(h.kind == HoldKind.RESERVE for h in holds.values()),
        "semester": {
            "reasons": sem.get("reasons", []),
            "ues": [{k: ue.get(k, [] if k == "reasons" else "") for k in _UE_KEYS} for ue in sem.get("ues", [])],
            "modules": [{"code": m.get("code", ""), "mean": m.get("mean", ""),
                         "session1_mean": m.get("session1_mean", ""),
                         "hold": holds[m["code"]].label if m.get("code") in holds else ""}
                        for m in sem.get("modules", [])],
        },
        "year": {"label": year.get("label", ""), "decision": year.get("decision") or "",
                 "mean": year.get("mean") or "", "rcues": year.get("rcues", [])},
    }


@page
def my_results(request: AuthenticatedHttpRequest) -> HttpResponse:
    results = selectors.student_published_results(request.user)
    holds = selectors.student_module_holds(request.user, [r.semester_id for r in results])
    return render(request, "juries/results/my_results.html",
                  {"results": [(r, display(r.payload, holds.get(r.semester_id))) for r in results],
                   "bonus_entries": selectors.student_bonus_entries(request.user)})


@page
def semester_table(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    semester = perms.get_semester_for(request.user, pk)
    holds = selectors.semester_held_students(semester)
    return render(request, "juries/results/semester.html", {
        "semester": semester, "programme": semester.study_year.programme_version.programme,
        "results": [(r, holds.get(r.student_id, [])) for r in selectors.semester_results(semester)],
        "summary": selectors.semester_result_summary(semester),
        "can_manage": perms.can_manage_semester_results(request.user, semester),
        "can_manage_bonuses": perms.can_manage_bonuses(request.user, semester.study_year),
    })


@page
def student_detail(request: AuthenticatedHttpRequest, pk: int, student_id: int) -> HttpResponse:
    semester = perms.get_semester_for(request.user, pk)
    result = perms.get_student_result_for(request.user, semester, student_id)
    return render(request, "juries/results/detail.html", {
        "semester": semester, "result": result,
        "payload": display(result.payload, selectors.student_module_holds(result.student, [semester.pk]).get(semester.pk)),
        "staff": True,
        "history": list(selectors.result_history(result)),
    })


@require_POST
@page
def semester_compute(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def semester_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    semester = perms.get_semester_for(request.user, pk, manage=True)
    final = request.POST.get("final") == "1"
    try:
        count = services.results_publish(actor=request.user, semester=semester, final=final)
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("%(n)d résultat(s) publié(s).") % {"n": count})
    return redirect("juries:results:semester", pk=semester.pk)
