"""Staff grid of a programme year's bonus inputs: sport sessions and engagement points per student
(RSY-A7.1-sport-bonus, RSY-A7.2C-cap). Plain form, works without JavaScript; permissions,
selectors and ``juries.services.bonuses`` do the work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from courses.models import StudyYear
from juries.models import BonusEntry, BonusKind
from juries.models.bonuses import engagement_label
from juries.results import permissions as perms
from juries.results import selectors
from juries.services.bonuses import BonusInput, bonus_limits, bonuses_save
from juries.views.common import AuthenticatedHttpRequest, page


def _columns(study_year: StudyYear) -> list[tuple[str, str, str]]:
    """(kind, engagement type, label) of the grid's columns, from the profile."""
    limits = bonus_limits(study_year)
    columns = []
    if limits.sport_max is not None:
        columns.append((BonusKind.SPORT.value, "", _("Séances de sport")))
    if limits.engagement_per_type_max is not None:
        columns += [(BonusKind.ENGAGEMENT.value, t, engagement_label(t)) for t in limits.engagement_types]
    return columns


def _fmt(entry: BonusEntry) -> str:
    return format(entry.value.normalize(), "f")


def _rows(study_year: StudyYear, columns: list[tuple[str, str, str]], posted: Any = None,
          errors: dict[str, list[str]] | None = None) -> list[dict[str, Any]]:
    errors = errors or {}
    rows = []
    for user, entries in selectors.bonus_grid_rows(study_year):
        cells = []
        for kind, etype, label in columns:
            cell = BonusInput(user.pk, kind, etype)
            name = f"value-{cell.field_prefix}"
            entry: BonusEntry | None = entries.get((kind, etype))
            value = posted.get(name, "") if posted is not None else ("" if entry is None else _fmt(entry))
            problems = [m for key in (name, f"kind-{cell.field_prefix}", f"engagement_type-{cell.field_prefix}")
                        for m in errors.get(key, [])]
            cells.append({"name": name, "label": label, "value": value, "errors": problems})
        evidence = posted.get(f"evidence-{user.pk}", "") if posted is not None else next(
            (e.evidence for e in entries.values() if e.evidence), "")
        rows.append({"user": user, "cells": cells, "evidence": evidence,
                     "errors": errors.get(f"student-{user.pk}", [])})
    return rows


@require_http_methods(["GET", "POST"])
@page
def bonus_grid(request: AuthenticatedHttpRequest, study_year_id: int) -> HttpResponse:
    study_year = perms.get_study_year_for_bonuses(request.user, study_year_id)
    columns = _columns(study_year)
    context: dict[str, Any] = {"study_year": study_year, "columns": columns,
                               "programme": study_year.programme_version.programme, "error": None}
    if request.method == "POST":
        entries = []
        for user, _entries in selectors.bonus_grid_rows(study_year):
            evidence = request.POST.get(f"evidence-{user.pk}", "")
            for kind, etype, _label in columns:
                cell = BonusInput(user.pk, kind, etype)
                raw = request.POST.get(f"value-{cell.field_prefix}")
                if raw is not None:
                    entries.append(BonusInput(user.pk, kind, etype, raw, evidence))
        try:
            count = bonuses_save(actor=request.user, study_year=study_year, entries=entries)
        except ApplicationError as exc:
            context.update(rows=_rows(study_year, columns, request.POST, exc.fields), error=exc)
            return render(request, "juries/results/bonuses.html", context, status=400)
        messages.success(request, _("%(n)d bonification(s) enregistrée(s) ; les résultats seront recalculés.")
                         % {"n": count})
        return redirect("juries:results:bonuses", study_year_id=study_year.pk)
    context["rows"] = _rows(study_year, columns)
    return render(request, "juries/results/bonuses.html", context)
