"""The import page: upload a student list, see every bad row (line, field, reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.http import AuthenticatedHttpRequest
from core.models import Institution
from core.permissions import active_assignments
from enrollment import imports, permissions


def _institutions(user) -> list[Institution]:  # type: ignore[no-untyped-def]
    if user.is_superuser:
        return list(Institution.objects.order_by("name"))
    ids = active_assignments(user).filter(role__in=list(permissions.MANAGER_ROLES)).values("institution_id")
    return list(Institution.objects.filter(pk__in=ids).order_by("name"))


@login_required
def import_students(request: AuthenticatedHttpRequest) -> HttpResponse:
    institutions = _institutions(request.user)
    if not institutions:
        raise Http404
    from enrollment.forms import ImportForm

    form = ImportForm(request.POST or None, request.FILES or None, institutions=institutions)
    report = None
    if request.method == "POST" and form.is_valid():
        institution = next(i for i in institutions if i.pk == form.cleaned_data["institution"])
        upload = form.cleaned_data["file"]
        report = imports.students_import(
            actor=request.user, institution=institution, academic_year=form.cleaned_data["academic_year"],
            content=upload.read(), filename=upload.name, validated=form.cleaned_data["validated"],
        )
        if report.ok:
            messages.success(request, _("%(n)s étudiant·e·s importé·e·s.") % {"n": report.created})
        else:
            messages.error(request, _("Aucune ligne n'a été importée : corrigez les %(n)s erreur(s) ci-dessous.")
                           % {"n": len(report.errors)})
    return render(request, "enrollment/backoffice/import.html", {
        "form": form, "report": report, "columns": imports.COLUMNS, "required": imports.REQUIRED,
    }, status=400 if report is not None and not report.ok else 200)
