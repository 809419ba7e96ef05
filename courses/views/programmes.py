"""Programme list, creation, detail, yearly versions and their settings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import ApplicationError, NotFound
from courses import permissions as perms
from courses.forms import ProgrammeForm, VersionForm, VersionSettingsForm
from courses.selectors import m3c_publication_deadline, version_with_structure
from courses.services.structure import programme_create, programme_version_create, programme_version_update
from courses.services.workflow import m3c_validate, m3c_warnings
from courses.views.common import AuthedRequest, page, show_error


@page
def programme_list(request: AuthedRequest) -> HttpResponse:
    programmes = list(perms.programmes_visible_to(request.user))
    can_create = perms.components_managed_by(request.user).exists()
    return render(request, "courses/programme_list.html", {"programmes": programmes, "can_create": can_create})


@page
def programme_new(request: AuthedRequest) -> HttpResponse:
    components = perms.components_managed_by(request.user)
    if not components.exists():
        raise NotFound()
    form = ProgrammeForm(request.POST or None, components=components)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Formation créée."))
            return redirect("courses:programme_detail", programme.pk)
    return render(request, "courses/form.html", {"form": form, "title": _("Nouvelle formation")})


@page
def programme_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    programme = perms.get_programme_for(request.user, pk)
    can_manage = perms.can_manage_programme(request.user, programme)
    form = VersionForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise NotFound()
        if form.is_valid():
            try:
                version = programme_version_create(actor=request.user, programme=programme,
                                                   academic_year=form.cleaned_data["academic_year"])
            except ApplicationError as exc:
                show_error(request, exc, form)
            else:
                return redirect("courses:version_detail", version.pk)
    versions = programme.versions.order_by("-academic_year")
    return render(request, "courses/programme_detail.html",
                  {"programme": programme, "versions": versions, "form": form, "can_manage": can_manage})


@page
def version_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    perms.get_version_for(request.user, pk)
    version = version_with_structure(pk)
    can_manage = perms.can_manage_programme(request.user, version.programme)
    deadline = m3c_publication_deadline(version) if can_manage else None
    return render(request, "courses/version_detail.html", {
        "version": version, "programme": version.programme, "can_manage": can_manage, "deadline": deadline,
        "editable": can_manage and version.state == "draft",
    })


@page
def version_settings(request: AuthedRequest, pk: int) -> HttpResponse:
    version = perms.get_version_for(request.user, pk, manage=True)
    form = VersionSettingsForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        try:
            programme_version_update(actor=request.user, version=version,
                                     **{k: form.cleaned_data[k] for k in form.Meta.fields})
        except ApplicationError as exc:
            version.refresh_from_db()
            show_error(request, exc, form)
        else:
            return redirect("courses:version_detail", version.pk)
    return render(request, "courses/form.html", {"form": form, "title": _("Compensation et capitalisation"),
                                                 "back": version})


@page
def m3c_check(request: AuthedRequest, pk: int) -> HttpResponse:
    version = perms.get_version_for(request.user, pk, manage=True)
    version = version_with_structure(version.pk)
    errors = m3c_validate(version)
    return render(request, "courses/m3c_check.html",
                  {"version": version, "errors": errors, "warnings": m3c_warnings(version)})
