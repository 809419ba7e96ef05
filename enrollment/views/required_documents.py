"""Scolarité: the list of documents students must provide (one page: list, add; one edit page; delete)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from core.http import AuthenticatedHttpRequest
from core.models import Institution
from courses.models import Programme
from enrollment import permissions
from enrollment.models import RequiredDocumentType
from enrollment.services.required_documents import FORMATS, required_document_delete, required_document_save

from .common import flash_error, not_found_as_404


class RequiredDocumentForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Libellé"), max_length=200)
    help_text = forms.CharField(label=gettext_lazy("Aide affichée à l'étudiant"), max_length=300, required=False)
    mandatory = forms.BooleanField(label=gettext_lazy("Obligatoire"), required=False, initial=True)
    first_registration_only = forms.BooleanField(label=gettext_lazy("Première inscription seulement"),
                                                 required=False)
    accepted_types = forms.MultipleChoiceField(label=gettext_lazy("Formats acceptés"),
                                               choices=[(f, f.upper()) for f in FORMATS],
                                               widget=forms.CheckboxSelectMultiple, initial=["pdf"])
    max_size_kb = forms.IntegerField(label=gettext_lazy("Taille maximale (Ko)"), min_value=1, max_value=51200,
                                     initial=5120)
    position = forms.IntegerField(label=gettext_lazy("Ordre d'affichage"), min_value=0, initial=0)


class NewRequiredDocumentForm(RequiredDocumentForm):
    institution = forms.ModelChoiceField(label=gettext_lazy("Établissement"), queryset=Institution.objects.none())
    programme = forms.ModelChoiceField(label=gettext_lazy("Formation (vide : toutes les formations)"),
                                       queryset=Programme.objects.none(), required=False)

    def __init__(self, *args: Any, institution_ids: set[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        inst = Institution.objects.order_by("name")
        progs = Programme.objects.select_related("component__institution").order_by("code")
        if institution_ids is not None:
            inst = inst.filter(pk__in=institution_ids)
            progs = progs.filter(component__institution_id__in=institution_ids)
        self.fields["institution"].queryset = inst  # type: ignore[attr-defined]
        self.fields["programme"].queryset = progs  # type: ignore[attr-defined]
        self.order_fields(["institution", "programme"])


def _values(form: forms.Form) -> dict[str, Any]:
    data = form.cleaned_data
    return {k: data[k] for k in ("label", "help_text", "mandatory", "first_registration_only", "accepted_types",
                                 "max_size_kb", "position")}


@login_required
@not_found_as_404
def required_document_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    ids = permissions.document_config_institution_ids(request.user)
    if ids is not None and not ids:
        raise Http404
    form = NewRequiredDocumentForm(request.POST or None, institution_ids=ids)
    if request.method == "POST" and form.is_valid():
        try:
            required_document_save(actor=request.user, institution=form.cleaned_data["institution"],
                                   programme=form.cleaned_data["programme"], values=_values(form))
        except ApplicationError as exc:
            flash_error(request, exc, form)
        else:
            messages.success(request, _("Pièce ajoutée à la liste."))
            return redirect("enrollment:required_documents")
    types = RequiredDocumentType.objects.select_related("institution", "programme").order_by(
        "institution__name", "programme__code", "position", "label")
    if ids is not None:
        types = types.filter(institution_id__in=ids)
    can_edit = permissions.configurable_documents(request.user)
    rows = [{"type": t, "can_edit": can_edit(t)} for t in types]
    return render(request, "enrollment/required_documents/list.html", {"rows": rows, "form": form})


@login_required
@not_found_as_404
def required_document_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    doc = RequiredDocumentType.objects.select_related("institution", "programme__component").filter(pk=pk).first()
    if doc is None or not permissions.can_configure_documents(request.user, doc.institution, doc.programme):
        raise NotFound()
    initial = {f: getattr(doc, f) for f in ("label", "help_text", "mandatory", "first_registration_only",
                                            "accepted_types", "max_size_kb", "position")}
    form = RequiredDocumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            required_document_save(actor=request.user, institution=doc.institution, document_type=doc,
                                   values=_values(form))
        except ApplicationError as exc:
            flash_error(request, exc, form)
        else:
            messages.success(request, _("Pièce modifiée."))
            return redirect("enrollment:required_documents")
    return render(request, "enrollment/required_documents/edit.html", {"doc": doc, "form": form})


@login_required
@require_POST
@not_found_as_404
def required_document_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    doc = RequiredDocumentType.objects.select_related("institution", "programme__component").filter(pk=pk).first()
    if doc is None:
        raise NotFound()
    try:
        required_document_delete(actor=request.user, document_type=doc)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pièce retirée de la liste."))
    return redirect("enrollment:required_documents")
