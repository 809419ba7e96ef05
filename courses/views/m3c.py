"""M3C workflow pages: approve, back to draft, publish, exceptional amendment, printable PDF."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.documents.services import document_read_bytes
from core.errors import ApplicationError, NotFound
from core.models.documents import DocumentStatus
from courses import permissions as perms
from courses.forms import AmendmentForm, ApproveForm
from courses.models import SnapshotKind
from courses.services.amendment import m3c_amend
from courses.services.workflow import m3c_approve, m3c_publish, m3c_reopen, m3c_snapshot_issue
from courses.views.common import AuthedRequest, page, show_error


@page
def m3c_approve_view(request: AuthedRequest, pk: int) -> HttpResponse:
    version = perms.get_version_for(request.user, pk, manage=True)
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            m3c_approve(actor=request.user, version=version, **form.cleaned_data)
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Approbation des M3C enregistrée."))
            return redirect("courses:version_detail", version.pk)
    return render(request, "courses/form.html", {"form": form, "title": _("Approbation des M3C"), "back": version})


def _simple(request: AuthedRequest, pk: int, action, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    version = perms.get_version_for(request.user, pk, manage=True)
    try:
        action(actor=request.user, version=version)
    except ApplicationError as exc:
        show_error(request, exc)
    else:
        messages.success(request, done)
    return redirect("courses:version_detail", version.pk)


@require_POST
@page
def m3c_publish_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _simple(request, pk, m3c_publish, _("M3C publiées : elles ne peuvent plus être modifiées."))


@require_POST
@page
def m3c_reopen_view(request: AuthedRequest, pk: int) -> HttpResponse:
    return _simple(request, pk, m3c_reopen, _("M3C repassées en brouillon."))


@page
def m3c_amend_view(request: AuthedRequest, pk: int) -> HttpResponse:
    module = perms.get_module_for(request.user, pk, manage=True)
    version = module.semester.study_year.programme_version
    form = AmendmentForm(request.POST or None, module=module)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        change = {"type": d["type"], "is_continuous": d["is_continuous"]}
        if d["planned_date"]:
            change["planned_date"] = d["planned_date"]
        try:
            m3c_amend(actor=request.user, module=module, reason=d["reason"], council=d["council"],
                      council_date=d["council_date"], component_changes={d["component"].pk: change})
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Modification exceptionnelle enregistrée et notifiée aux étudiants."))
            return redirect("courses:version_detail", version.pk)
    return render(request, "courses/form.html", {
        "form": form, "title": _("Modification exceptionnelle des M3C de %(m)s") % {"m": module}, "back": version,
        "intro": _("Réservée aux circonstances exceptionnelles : la modification doit être approuvée par le conseil "
                   "compétent et portée à la connaissance des étudiants avant le délai prévu par le règlement."),
    })


@require_POST
@page
def m3c_print(request: AuthedRequest, pk: int) -> HttpResponse:
    """Issue a print of the current (draft) M3C, owned by the requester (see "Mes documents")."""
    version = perms.get_version_for(request.user, pk, manage=True)
    document = m3c_snapshot_issue(version, request.user, SnapshotKind.PUBLICATION, keep=False, owner=request.user)
    messages.success(request, _("Document en préparation."))
    return redirect("document_detail", document.pk)


@page
def m3c_pdf(request: AuthedRequest, pk: int, revision: int | None = None) -> HttpResponseBase:
    """The PDF of the published M3C (latest revision, or the one asked): every version stays readable."""
    version = perms.get_version_for_reader(request.user, pk)
    snapshots = version.snapshots.select_related("document").order_by("-revision")
    snapshot = snapshots.filter(revision=revision).first() if revision else snapshots.first()
    if snapshot is None or snapshot.document is None or snapshot.document.status != DocumentStatus.ISSUED:
        raise NotFound()
    data = document_read_bytes(snapshot.document)
    response = FileResponse(io.BytesIO(data), as_attachment=False, content_type="application/pdf",
                            filename=f"M3C-{version.programme.code}-{version.academic_year}-r{snapshot.revision}.pdf")
    response["X-Content-SHA256"] = snapshot.document.sha256
    return response
