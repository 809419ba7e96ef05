"""Closure days and the year's public holidays (one page: list, add, delete). Thin view."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar.closures import (
    academic_year_span,
    closure_create,
    closure_delete,
    closures_visible_to,
    get_closure_for,
    year_overview,
)
from core.errors import ApplicationError, NotFound
from core.models import Component, Institution, Site, User
from core.profiles.permissions import editable_institution_ids, staff_institution_ids


class ClosureForm(forms.Form):
    institution = forms.ModelChoiceField(label=gettext_lazy("Établissement"), queryset=Institution.objects.none())
    start = forms.DateField(label=gettext_lazy("Du"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Au (inclus)"), widget=forms.DateInput(attrs={"type": "date"}))
    label = forms.CharField(label=gettext_lazy("Motif"), max_length=200)
    site = forms.ModelChoiceField(label=gettext_lazy("Site (vide : tous)"), queryset=Site.objects.none(),
                                  required=False)
    component = forms.ModelChoiceField(label=gettext_lazy("Composante (vide : toutes)"),
                                       queryset=Component.objects.none(), required=False)

    def __init__(self, *args: object, institution_ids: set[int] | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        inst = Institution.objects.order_by("name")
        if institution_ids is not None:
            inst = inst.filter(pk__in=institution_ids)
        field = cast(forms.ModelChoiceField, self.fields["institution"])
        field.queryset = inst
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = Site.objects.filter(
            institution__in=inst).select_related("institution").order_by("institution__name", "name")
        cast(forms.ModelChoiceField, self.fields["component"]).queryset = Component.objects.filter(
            institution__in=inst).select_related("institution").order_by("institution__name", "name")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    default = today.year if today.month >= 9 else today.year - 1
    try:
        return int(request.GET.get("annee", default))
    except ValueError:
        return default


@login_required
def closure_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    readable = staff_institution_ids(user)
    if readable is not None and not readable:
        raise Http404
    manageable = editable_institution_ids(user)
    form = ClosureForm(request.POST or None, institution_ids=manageable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            closure_create(actor=user, institution=data["institution"], start=data["start"], end=data["end"],
                           label=data["label"], site=data["site"], component=data["component"])
        except NotFound:
            raise Http404 from None
        except ApplicationError as exc:
            for field, message in exc.fields.items():
                form.add_error(field if field in form.fields else None, message)
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Fermeture enregistrée."))
            return redirect("closure_list")
    year = _year(request)
    first, last = academic_year_span(year)
    closures = list(closures_visible_to(user).filter(end__gte=first, start__lte=last))
    institutions = Institution.objects.order_by("name")
    if readable is not None:
        institutions = institutions.filter(pk__in=readable)
    sites: dict[int, list[Site]] = {}
    for site in Site.objects.filter(institution__in=institutions).order_by("-is_main", "name"):
        sites.setdefault(site.institution_id, []).append(site)
    overview = [(inst, year_overview(inst, year, closures, sites.get(inst.pk, []))) for inst in institutions]
    rows = [{"closure": c, "can_delete": manageable is None or c.institution_id in manageable} for c in closures]
    return render(request, "core/closures/closure_list.html", {
        "rows": rows, "form": form, "can_add": manageable is None or bool(manageable), "overview": overview,
        "year": year, "previous_year": year - 1, "next_year": year + 1,
    })


@login_required
def closure_delete_view(request: HttpRequest, closure_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("closure_list")
    user = _user(request)
    try:
        closure = get_closure_for(user, closure_id)
        closure_delete(actor=user, closure=closure)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Fermeture supprimée."))
    return redirect("closure_list")
