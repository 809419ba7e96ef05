"""Building the structure of a draft programme version through the web pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from core.models import User
from courses import permissions as perms
from courses.forms import (
    CompetenceForm,
    ComponentForm,
    ModuleForm,
    ParcoursForm,
    SemesterForm,
    StudyYearForm,
    TeamForm,
    UEForm,
    coefficient_formset,
)
from courses.models import UE, AssessmentComponent, Module, Semester, StudyYear
from courses.selectors import module_team
from courses.services import module_team_set
from courses.services.structure import (
    assessment_component_create,
    assessment_component_update,
    competence_create,
    module_coefficients_set,
    module_create,
    module_update,
    parcours_create,
    semester_create,
    structure_delete,
    study_year_create,
    ue_create,
)
from courses.views.common import AuthedRequest, page, show_error


def _form_page(request: AuthedRequest, form: Any, title: str, back: Any, save: Any, **extra: Any) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            return redirect("courses:version_detail", back.pk)
    return render(request, "courses/form.html", {"form": form, "title": title, "back": back, **extra})


@page
def study_year_add(request: AuthedRequest, pk: int) -> HttpResponse:
    version = perms.get_version_for(request.user, pk, manage=True)
    return _form_page(request, StudyYearForm(request.POST or None), _("Ajouter une année d'études"), version,
                      lambda d: study_year_create(actor=request.user, version=version, **d))


@page
def parcours_add(request: AuthedRequest, pk: int) -> HttpResponse:
    version = perms.get_version_for(request.user, pk, manage=True)
    return _form_page(request, ParcoursForm(request.POST or None), _("Ajouter un parcours"), version,
                      lambda d: parcours_create(actor=request.user, version=version, **d))


@page
def semester_add(request: AuthedRequest, pk: int) -> HttpResponse:
    year = get_object_or_404(StudyYear.objects.select_related("programme_version"), pk=pk)
    version = perms.get_version_for(request.user, year.programme_version_id, manage=True)
    return _form_page(request, SemesterForm(request.POST or None), _("Ajouter un semestre à %(y)s") % {"y": year},
                      version, lambda d: semester_create(actor=request.user, study_year=year, **d))


@page
def competence_add(request: AuthedRequest, pk: int) -> HttpResponse:
    version = perms.get_version_for(request.user, pk, manage=True)
    form = CompetenceForm(request.POST or None, version=version)

    def save(d: dict) -> None:
        competence_create(actor=request.user, version=version, number=d["number"], code=d["code"],
                          title=d["title"], levels={d["level"]: d["study_year"]})

    return _form_page(request, form, _("Ajouter une compétence"), version, save)


def _semester_for(user: User, pk: int) -> Semester:
    semester = get_object_or_404(Semester.objects.select_related("study_year__programme_version"), pk=pk)
    perms.get_version_for(user, semester.study_year.programme_version_id, manage=True)
    return semester


@page
def ue_add(request: AuthedRequest, pk: int) -> HttpResponse:
    semester = _semester_for(request.user, pk)
    version = semester.study_year.programme_version
    form = UEForm(request.POST or None, version=version)
    return _form_page(request, form, _("Ajouter une UE au semestre %(s)s") % {"s": semester.number}, version,
                      lambda d: ue_create(actor=request.user, semester=semester, **d))


def _module_page(request: AuthedRequest, semester: Semester, module: Any = None) -> HttpResponse:
    version = semester.study_year.programme_version
    form = ModuleForm(request.POST or None, instance=module)
    formset = coefficient_formset(semester, module, data=request.POST or None)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        coefficients = {f.cleaned_data["ue"]: f.cleaned_data.get("coefficient") for f in formset.forms
                        if f.cleaned_data.get("ue")}
        fields = {k: form.cleaned_data[k] for k in ModuleForm.Meta.fields}
        try:
            with transaction.atomic():
                if module is None:
                    module = module_create(actor=request.user, semester=semester, coefficients=coefficients,
                                           **{k: v for k, v in fields.items() if k not in ("code", "title")},
                                           code=fields["code"], title=fields["title"])
                else:
                    module_update(actor=request.user, module=module, **fields)
                    module_coefficients_set(actor=request.user, module=module, coefficients=coefficients)
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            return redirect("courses:version_detail", version.pk)
    title = _("Module du semestre %(s)s") % {"s": semester.number}
    return render(request, "courses/module_form.html",
                  {"form": form, "formset": formset, "title": title, "back": version, "semester": semester})


@page
def module_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _module_page(request, _semester_for(request.user, pk))


@page
def module_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    module = perms.get_module_for(request.user, pk, manage=True)
    return _module_page(request, module.semester, module)


@page
def component_add(request: AuthedRequest, pk: int) -> HttpResponse:
    module = perms.get_module_for(request.user, pk, manage=True)
    version = module.semester.study_year.programme_version
    return _form_page(request, ComponentForm(request.POST or None),
                      _("Ajouter une épreuve à %(m)s") % {"m": module}, version,
                      lambda d: assessment_component_create(actor=request.user, module=module, **d))


@page
def component_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    component = perms.get_component_for(request.user, pk)
    version = component.module.semester.study_year.programme_version
    form = ComponentForm(request.POST or None, instance=component)

    def save(d: dict) -> None:
        component.refresh_from_db()
        assessment_component_update(actor=request.user, component=component, **d)

    return _form_page(request, form, _("Modifier l'épreuve %(c)s") % {"c": component.code}, version, save)


def _users(emails: str, field: str) -> list[User]:
    out = []
    for email in [e.strip().lower() for e in emails.replace(",", "\n").splitlines() if e.strip()]:
        user = User.objects.filter(email=email).first()
        if user is None:
            raise ApplicationError("courses.unknown_user", _("Personne inconnue : %(e)s") % {"e": email},
                                   fields={field: _("Aucun compte avec l'adresse %(e)s.") % {"e": email}})
        out.append(user)
    return out


@page
def team_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    module = perms.get_module_for(request.user, pk, manage=True)
    version = module.semester.study_year.programme_version
    team = module_team(module)
    initial = {"head": team["module_head"][0].email if team["module_head"] else "",
               "teachers": "\n".join(u.email for u in team["teacher"]),
               "vacataires": "\n".join(u.email for u in team["vacataire"])}
    form = TeamForm(request.POST or None, initial=initial)

    def save(d: dict) -> None:
        heads = _users(d["head"] or "", "head")
        module_team_set(actor=request.user, module=module, head=heads[0] if heads else None,
                        teachers=_users(d["teachers"], "teachers"), vacataires=_users(d["vacataires"], "vacataires"))

    if version is None:
        raise NotFound()
    return _form_page(request, form, _("Équipe pédagogique de %(m)s") % {"m": module}, version, save)


@require_POST
@page
def element_delete(request: AuthedRequest, kind: str, pk: int) -> HttpResponse:
    """Delete a UE, module or assessment component of a draft version (refused once approved)."""
    models_by_kind: dict[str, Any] = {"ue": UE, "module": Module, "component": AssessmentComponent}
    model = models_by_kind.get(kind)
    if model is None:
        raise NotFound()
    obj = get_object_or_404(model, pk=pk)
    semester = obj.module.semester if kind == "component" else obj.semester
    version = perms.get_version_for(request.user, semester.study_year.programme_version_id, manage=True)
    try:
        structure_delete(actor=request.user, obj=obj, version=version)
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Élément supprimé."))
    return redirect("courses:version_detail", version.pk)
