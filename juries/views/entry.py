"""Teacher pages: my evaluations, the entry grid, the sheet download/import, history, publication."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from core.http import AuthenticatedHttpRequest
from courses.models import AssessmentComponent
from courses.permissions import get_module_for, is_in_module_team
from courses.selectors import MODULE_TEAM_ROLES, module_team, modules_of_teacher
from juries import permissions as perms
from juries import selectors, services
from juries.forms import EvaluationForm, ImportForm, PublishForm
from juries.models import EntryBatch, Mark, MarkField
from juries.services.publication import release_delay
from juries.views.common import page, show_error
from juries.xlsx import evaluation_sheet


def _fields(evaluation) -> list[str]:  # type: ignore[no-untyped-def]
    if evaluation.component.double_marking:
        return [MarkField.FIRST, MarkField.SECOND, MarkField.FINAL]
    return [MarkField.FINAL]


@page
def teacher_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    modules = list(modules_of_teacher(request.user))
    if not modules and Mark.objects.filter(student_id=request.user.pk).exists():
        return redirect("juries:my_marks")  # a student: their own marks
    evaluations = list(selectors.evaluations_of_modules([m.pk for m in modules]))
    by_module: dict[int, list] = {m.pk: [] for m in modules}
    for e in evaluations:
        by_module[e.component.module_id].append(e)
    return render(request, "juries/teacher_index.html",
                  {"modules": [(m, by_module[m.pk]) for m in modules]})


@page
def evaluation_create(request: AuthenticatedHttpRequest, module_id: int) -> HttpResponse:
    module = get_module_for(request.user, module_id)
    if not is_in_module_team(request.user, module):
        raise NotFound()
    team = module_team(module)
    team_ids = [u.pk for role in MODULE_TEAM_ROLES for u in team[role]]
    from core.models import User

    form = EvaluationForm(request.POST or None,
                          components=AssessmentComponent.objects.filter(module=module).order_by("position", "code"),
                          team=User.objects.filter(pk__in=team_ids).order_by("last_name", "first_name"))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            evaluation = services.evaluation_create(
                actor=request.user, component=d["component"], date=d["date"], label=d["label"],
                session=d["session"], number=d["number"], graders=d["graders"])
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Évaluation créée."))
            return redirect("juries:grid", evaluation.pk)
    return render(request, "juries/evaluation_form.html", {"module": module, "form": form})


@page
def grid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The entry grid: a plain form (one input per student and value), enhanced by grade-grid.js."""
    evaluation = perms.get_evaluation_for(request.user, pk)
    can_enter = perms.can_enter_marks(request.user, evaluation)
    fields = _fields(evaluation)
    errors: dict[str, str] = {}
    submitted: dict[str, str] = {}
    if request.method == "POST":
        if not can_enter:
            raise NotFound()
        entries, expected = {}, {}
        for key in request.POST:
            if not key.startswith("m-"):
                continue
            raw = request.POST.get(key, "")
            _m, sid, field = key.split("-", 2)
            submitted[key] = raw
            seen = request.POST.get(f"o-{sid}-{field}", "").strip()
            if raw.strip() != seen and sid.isdigit():
                entries[(int(sid), field)] = raw
                expected[(int(sid), field)] = seen
        try:
            _batch, n = services.marks_save(actor=request.user, evaluation=evaluation, entries=entries,
                                           reason=request.POST.get("reason", ""), expected=expected)
        except ApplicationError as exc:
            errors = {f"m-{k.replace(':', '-')}": v[0] for k, v in exc.fields.items()}
            show_error(request, exc)
        else:
            messages.success(request, _("%(n)s valeur(s) enregistrée(s).") % {"n": n} if n
                             else _("Aucune modification."))
            return redirect("juries:grid", evaluation.pk)
    rows = []
    for row in selectors.evaluation_grid(evaluation):
        cells = []
        for field in fields:
            name = f"m-{row.student.pk}-{field}"
            original = row.mark.raw(field) if row.mark else ""
            cells.append({"name": name, "field": field, "original": original,
                          "value": submitted.get(name, original), "error": errors.get(name, ""),
                          "label": MarkField(field).label})
        rows.append({"row": row, "cells": cells})
    stats = selectors.evaluations_statistics([evaluation])[evaluation.pk]
    return render(request, "juries/grid.html", {
        "evaluation": evaluation, "rows": rows, "fields": [MarkField(f) for f in fields], "can_enter": can_enter,
        "stats": stats, "published": evaluation.publications.exists(), "publish_form": PublishForm(),
        "provisional_only": (release_delay(evaluation) or {}).get("release_before_jury") is False,
        "deadline": selectors.publication_deadline(evaluation),
    })


@page
def sheet_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = perms.get_evaluation_for(request.user, pk, enter=True)
    content = evaluation_sheet(evaluation, selectors.evaluation_grid(evaluation))
    response = HttpResponse(content,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="notes-evaluation-{evaluation.pk}.xlsx"'
    return response


@page
def sheet_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = perms.get_evaluation_for(request.user, pk, enter=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.marks_import(actor=request.user, evaluation=evaluation,
                                           file=form.cleaned_data["file"], reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            if report.ok:
                messages.success(request, _("Import réussi : %(n)s valeur(s) modifiée(s).") % {"n": report.changed})
                return redirect("juries:grid", evaluation.pk)
            messages.error(request, _("Fichier refusé : aucune note n'a été enregistrée."))
    return render(request, "juries/import.html", {"evaluation": evaluation, "form": form, "report": report})


@page
def history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = perms.get_evaluation_for(request.user, pk)
    batches, changes = selectors.evaluation_history(evaluation)
    return render(request, "juries/history.html", {
        "evaluation": evaluation, "batches": batches, "changes": changes,
        "can_enter": perms.can_enter_marks(request.user, evaluation)})


@require_POST
@page
def batch_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = EntryBatch.objects.filter(pk=pk).first()
    if batch is None:
        raise NotFound()
    evaluation = perms.get_evaluation_for(request.user, batch.evaluation_id, enter=True)
    batch.evaluation = evaluation
    try:
        services.entry_batch_undo(actor=request.user, batch=batch, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Lot annulé."))
    return redirect("juries:history", evaluation.pk)


@require_POST
@page
def publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evaluation = perms.get_evaluation_for(request.user, pk)
    if not perms.can_manage_evaluations(request.user, evaluation):
        raise NotFound()
    form = PublishForm(request.POST)
    provisional = form.is_valid() and form.cleaned_data["provisional"]
    try:
        services.evaluation_publish(actor=request.user, evaluation=evaluation, provisional=provisional)
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Notes publiées aux étudiant·e·s."))
    return redirect("juries:grid", evaluation.pk)
