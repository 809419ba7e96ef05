"""Back-office pages of regulation profiles: list, detail, edit (with reason), history.

Staff only: anyone else, and any profile outside the user's institutions, gets a 404
(core.profiles.permissions). Editing is for directors and administrators of the institution.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import ApplicationError, NotFound
from core.http import AuthenticatedHttpRequest
from core.models import Component
from core.profiles.forms import DAY_KIND_LABELS, ProfileEditForm
from core.profiles.permissions import (
    can_edit,
    can_view_profiles,
    editable_institution_ids,
    get_profile_for,
    profiles_visible_to,
)
from core.profiles.registry import Kind, Param, all_params
from core.profiles.selectors import (
    is_inherited_from_preset,
    profile_assignments,
    profile_revisions,
    profile_values,
)
from core.profiles.services import profile_update


def show_value(param: Param | None, value: Any) -> str:
    """A parameter value as text: delays in words, structures as indented JSON."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if param is not None and param.kind is Kind.DELAY and isinstance(value, dict):
        unit = str(value.get("unit"))
        return f"{value.get('value')} {DAY_KIND_LABELS.get(unit, unit)}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return str(value)


@dataclass(frozen=True)
class ParamRow:
    param: Param
    value: str
    structured: bool
    from_preset: bool


def _app_label(app: str) -> str:
    try:
        return str(apps.get_app_config(app).verbose_name)
    except LookupError:
        return app


def grouped_rows(profile: Any) -> list[tuple[str, list[ParamRow]]]:
    values = profile_values(profile)
    groups: OrderedDict[str, list[ParamRow]] = OrderedDict()
    for p in all_params():
        value = values[p.key]
        groups.setdefault(p.app, []).append(
            ParamRow(p, show_value(p, value), isinstance(value, dict | list) and p.kind is not Kind.DELAY,
                     is_inherited_from_preset(profile, p.key))
        )
    return [(_app_label(app), rows) for app, rows in groups.items()]


def get_profile_or_404(request: AuthenticatedHttpRequest, profile_id: int) -> Any:
    try:
        return get_profile_for(request.user, profile_id)
    except NotFound:
        raise Http404 from None


@login_required
def profile_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_view_profiles(request.user):
        raise Http404
    year_raw = request.GET.get("annee", "")
    year = int(year_raw) if year_raw.isdigit() else None
    profiles = list(profiles_visible_to(request.user, academic_year=year).annotate(n_components=Count("assignments")))
    years = sorted({p.academic_year for p in profiles_visible_to(request.user)}, reverse=True)
    by_institution: OrderedDict[Any, list[Any]] = OrderedDict()
    for p in profiles:
        by_institution.setdefault(p.institution, []).append(p)
    return render(request, "core/profiles/list.html", {
        "groups": list(by_institution.items()), "years": years, "year": year,
        "can_create": editable_institution_ids(request.user) != set(),
    })


@login_required
def profile_detail(request: AuthenticatedHttpRequest, profile_id: int) -> HttpResponse:
    profile = get_profile_or_404(request, profile_id)
    editable = can_edit(request.user, profile)
    return render(request, "core/profiles/detail.html", {
        "profile": profile,
        "groups": grouped_rows(profile),
        "assignments": list(profile_assignments(profile)),
        "can_edit": editable,
        "components": list(Component.objects.filter(institution_id=profile.institution_id).order_by("name"))
        if editable else [],
        "next_year": profile.academic_year + 1,
    })


@login_required
def profile_edit(request: AuthenticatedHttpRequest, profile_id: int) -> HttpResponse:
    profile = get_profile_or_404(request, profile_id)
    if not can_edit(request.user, profile):
        raise Http404
    values = profile_values(profile)
    form = ProfileEditForm(request.POST or None, values=values)
    if request.method == "POST" and form.is_valid():
        if not form.changes:
            messages.info(request, _("Aucune valeur n'a changé : le profil n'a pas été modifié."))
            return HttpResponseRedirect(reverse("profile_detail", args=[profile.pk]))
        try:
            profile_update(actor=request.user, profile=profile, changes=form.changes,
                           reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Profil modifié (révision %(r)s).") % {"r": profile.revision})
            return HttpResponseRedirect(reverse("profile_detail", args=[profile.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "core/profiles/edit.html", {"profile": profile, "form": form}, status=status)


@login_required
def profile_history(request: AuthenticatedHttpRequest, profile_id: int) -> HttpResponse:
    profile = get_profile_or_404(request, profile_id)
    params = {p.key: p for p in all_params()}
    revisions = []
    for rev in profile_revisions(profile):
        changes = [
            {"key": key, "param": params.get(key), "before": show_value(params.get(key), change.get("before")),
             "after": show_value(params.get(key), change.get("after"))}
            for key, change in sorted(rev.changes.items())
        ]
        revisions.append({"revision": rev, "changes": changes})
    return render(request, "core/profiles/history.html", {"profile": profile, "revisions": revisions})
