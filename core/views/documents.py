"""Web pages of issued documents: my documents, one document (versions), download, role attestation."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.documents.attestations import role_attestation_issue
from core.documents.permissions import ATTESTING_ROLES, can_issue_role_attestation
from core.documents.selectors import document_versions, documents_owned_by, get_document_for
from core.documents.services import document_read_bytes
from core.errors import ApplicationError, NotFound
from core.http import AuthenticatedHttpRequest
from core.models import RoleAssignment, User
from core.models.documents import DocumentStatus
from core.permissions import active_assignments


def _document_or_404(user: User, pk: int):  # type: ignore[no-untyped-def]
    try:
        return get_document_for(user, pk)
    except NotFound as exc:
        raise Http404 from exc


@login_required
def document_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    documents = documents_owned_by(request.user, limit=200)
    return render(request, "core/document_list.html", {"documents": documents})


@login_required
def document_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    document = _document_or_404(request.user, pk)
    return render(
        request,
        "core/document_detail.html",
        {"document": document, "versions": document_versions(document)},
    )


@login_required
def document_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse | FileResponse:
    document = _document_or_404(request.user, pk)
    if document.status != DocumentStatus.ISSUED:
        raise Http404
    try:
        data = document_read_bytes(document)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("document_detail", pk=document.pk)
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=f"{document.reference}.pdf", content_type="application/pdf"
    )
    response["X-Content-SHA256"] = document.sha256
    response["Cache-Control"] = "private, no-store"
    return response


class PersonLookupForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Adresse e-mail de la personne"))


def _attesting_institutions(user: User) -> list[int]:
    if user.is_superuser:
        return []
    return list(
        active_assignments(user)
        .filter(role__in=list(ATTESTING_ROLES), component__isnull=True, scope_type__isnull=True)
        .values_list("institution_id", flat=True)
    )


@login_required
@require_http_methods(["GET"])
def role_attestation_form(request: AuthenticatedHttpRequest) -> HttpResponse:
    institutions = _attesting_institutions(request.user)
    if not institutions and not request.user.is_superuser:
        raise Http404
    form = PersonLookupForm(request.GET or None)
    assignments: list[RoleAssignment] = []
    searched = False
    if form.is_valid():
        searched = True
        qs = RoleAssignment.objects.filter(user__email__iexact=form.cleaned_data["email"]).select_related(
            "user", "institution", "component"
        )
        if not request.user.is_superuser:
            qs = qs.filter(institution_id__in=institutions)
        assignments = list(qs.order_by("institution__name", "role")[:50])
    return render(
        request,
        "core/role_attestation_form.html",
        {"form": form, "assignments": assignments, "searched": searched},
    )


@login_required
@require_POST
def role_attestation_issue_view(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = (
        RoleAssignment.objects.select_related("user", "institution", "component").filter(pk=assignment_id).first()
    )
    if assignment is None or not can_issue_role_attestation(request.user, assignment):
        raise Http404
    try:
        document = role_attestation_issue(actor=request.user, assignment=assignment)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("role_attestation_form")
    messages.success(
        request,
        _("L'attestation %(ref)s est en préparation ; elle sera téléchargeable dans un instant.")
        % {"ref": document.reference},
    )
    return redirect("document_detail", pk=document.pk)
