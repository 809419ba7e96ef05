"""Back-office actions on profiles: create from a preset, copy to another year, assign to a component.

Directors and administrators of the institution only (core.permissions.can_edit_profile); others get
a 404. Each action is one service call; refusals are shown next to the field they name.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.http import AuthenticatedHttpRequest
from core.models import Component, Institution
from core.profiles.forms import ProfileAssignForm, ProfileCopyForm, ProfileCreateForm
from core.profiles.permissions import can_edit, editable_institution_ids
from core.profiles.registry import PRESETS
from core.profiles.services import profile_assign, profile_copy_to_year, profile_create_from_preset
from core.views.profiles import get_profile_or_404


def _add_error(form, exc: ApplicationError) -> None:  # type: ignore[no-untyped-def]
    placed = False
    for key, msgs in exc.fields.items():
        if key in form.fields:
            form.add_error(key, [exc.message, *msgs] if exc.message not in msgs else msgs)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


@login_required
def profile_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = editable_institution_ids(request.user)
    qs = Institution.objects.order_by("name")
    institutions = list(qs if ids is None else qs.filter(pk__in=ids))
    if not institutions:
        raise Http404
    form = ProfileCreateForm(request.POST or None, institutions=institutions, presets=PRESETS)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        institution = next(i for i in institutions if i.pk == data["institution"])
        try:
            profile = profile_create_from_preset(
                actor=request.user, institution=institution, preset=data["preset"],
                academic_year=data["academic_year"], name=data["name"] or None,
            )
        except ApplicationError as exc:
            _add_error(form, exc)
        else:
            messages.success(request, _("Profil créé à partir du préréglage %(p)s.") % {"p": profile.preset})
            return HttpResponseRedirect(reverse("profile_detail", args=[profile.pk]))
    status = 400 if request.method == "POST" else 200
    return render(request, "core/profiles/create.html", {"form": form}, status=status)


@login_required
@require_POST
def profile_copy(request: AuthenticatedHttpRequest, profile_id: int) -> HttpResponse:
    profile = get_profile_or_404(request, profile_id)
    if not can_edit(request.user, profile):
        raise Http404
    form = ProfileCopyForm(request.POST)
    if form.is_valid():
        try:
            copy = profile_copy_to_year(actor=request.user, profile=profile,
                                        academic_year=form.cleaned_data["academic_year"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Profil copié vers %(y)s-%(n)s.") % {"y": copy.academic_year,
                                                                             "n": copy.academic_year + 1})
            return HttpResponseRedirect(reverse("profile_detail", args=[copy.pk]))
    else:
        messages.error(request, _("Année universitaire invalide."))
    return HttpResponseRedirect(reverse("profile_detail", args=[profile.pk]))


@login_required
@require_POST
def profile_assign_view(request: AuthenticatedHttpRequest, profile_id: int) -> HttpResponse:
    profile = get_profile_or_404(request, profile_id)
    if not can_edit(request.user, profile):
        raise Http404
    components = list(Component.objects.filter(institution_id=profile.institution_id).order_by("name"))
    form = ProfileAssignForm(request.POST, components=components)
    if form.is_valid():
        component = next(c for c in components if c.pk == form.cleaned_data["component"])
        try:
            profile_assign(actor=request.user, component=component, academic_year=profile.academic_year,
                           profile=profile)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("« %(c)s » suit ce profil en %(y)s-%(n)s.")
                             % {"c": component, "y": profile.academic_year, "n": profile.academic_year + 1})
    else:
        messages.error(request, _("Composante invalide."))
    return HttpResponseRedirect(reverse("profile_detail", args=[profile.pk]))
