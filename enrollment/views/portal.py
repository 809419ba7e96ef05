"""The student's portal: my registrations, what is missing, uploads, options, certificate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from core.http import AuthenticatedHttpRequest
from enrollment import permissions, selectors, services, workflows
from enrollment.forms import DocumentUploadForm, PedagogicalForm, ReasonForm, RegistrationCreateForm
from enrollment.models import RegistrationState
from enrollment.services.certificates import certificate_for

from .common import flash_error, not_found_as_404, uploaded_file_response


def _own_registration(request: AuthenticatedHttpRequest, pk: int):  # type: ignore[no-untyped-def]
    registration = permissions.get_registration_for(request.user, pk)
    if not permissions.can_edit_registration_as_student(request.user, registration):
        raise NotFound()
    return registration


@login_required
def portal(request: AuthenticatedHttpRequest) -> HttpResponse:
    student = selectors.student_for_user(request.user)
    registrations = list(selectors.registrations_for_student(student)) if student else []
    study_years = selectors.open_study_years(student) if student else []
    return render(request, "enrollment/portal.html", {
        "student": student,
        "registrations": registrations,
        "create_form": RegistrationCreateForm(study_years=study_years) if study_years else None,
    })


@login_required
@require_POST
def registration_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    student = selectors.student_for_user(request.user)
    if student is None:
        raise Http404
    study_years = selectors.open_study_years(student)
    form = RegistrationCreateForm(request.POST, study_years=study_years)
    if not form.is_valid():
        messages.error(request, _("Choisissez une année de formation proposée."))
        return redirect("enrollment:portal")
    study_year = next(sy for sy in study_years if sy.pk == form.cleaned_data["study_year"])
    year = study_year.programme_version.academic_year
    previous = selectors.previous_registration(student, year)
    try:
        registration = services.registration_create(
            actor=request.user, student=student, study_year=study_year, is_reregistration=previous is not None,
            previous_decision_code=selectors.previous_decision_code(student, year) if previous else "",
            previous_level=previous.study_year.level if previous else None,
        )
    except ApplicationError as exc:
        flash_error(request, exc)
        return redirect("enrollment:portal")
    messages.success(request, _("Dossier créé : déposez les pièces demandées puis envoyez-le."))
    return redirect("enrollment:registration", pk=registration.pk)


def _detail_context(registration, upload_form=None, ped_forms=None):  # type: ignore[no-untyped-def]
    types = selectors.required_document_types(registration)
    decision = selectors.documents_decision(registration, types)
    context = {
        "registration": registration,
        "document_types": types,
        "to_provide": selectors.missing_documents_context(registration, decision),
        "documents": list(registration.documents.all()),
        "transitions": [t.name for t in workflows.available(registration.state, workflows.STUDENT)],
        "upload_form": upload_form or DocumentUploadForm(document_types=types),
        "can_upload": registration.state not in (RegistrationState.VALIDATED, RegistrationState.CANCELLED),
        "certificate": None,
        "offer": None,
        "accommodations": list(registration.student.accommodations.all()),
    }
    if registration.state == RegistrationState.VALIDATED:
        context["certificate"] = certificate_for(registration)
        offer = selectors.pedagogical_offer(registration)
        ped_forms = ped_forms or {}
        for row in offer["semesters"]:
            ped = row["pedagogical"]
            row["form"] = ped_forms.get(row["semester"].pk) or PedagogicalForm(
                prefix=f"s{row['semester'].pk}", parcours=offer["parcours"], options=row["options"],
                groups=row["groups"], counts=offer["counts"],
                initial={
                    "parcours": ped.parcours_id if ped else None,
                    "modules": [m.pk for m in row["registered_modules"] if m.is_optional],
                    "groups": [g.pk for g in row["memberships"]],
                },
            )
        context["offer"] = offer
    return context


@login_required
@not_found_as_404
def registration_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = _own_registration(request, pk)
    return render(request, "enrollment/registration_detail.html", _detail_context(registration))


@login_required
@require_POST
@not_found_as_404
def document_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = _own_registration(request, pk)
    types = selectors.required_document_types(registration)
    form = DocumentUploadForm(request.POST, request.FILES, document_types=types)
    if form.is_valid():
        doc_type = next(t for t in types if t.pk == form.cleaned_data["document_type"])
        try:
            services.document_upload(actor=request.user, registration=registration, document_type=doc_type,
                                     file=form.cleaned_data["file"])
        except ApplicationError as exc:
            flash_error(request, exc, form)
        else:
            messages.success(request, _("Pièce déposée : %(t)s.") % {"t": doc_type.label})
            return redirect("enrollment:registration", pk=pk)
    registration = _own_registration(request, pk)
    return render(request, "enrollment/registration_detail.html", _detail_context(registration, upload_form=form),
                  status=400)


@login_required
@require_POST
@not_found_as_404
def registration_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    registration = _own_registration(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        if action == "submit":
            registration = services.registration_submit(actor=request.user, registration=registration)
            if registration.state == RegistrationState.COMPLETE:
                messages.success(request, _("Dossier complet envoyé : la scolarité va le valider."))
            else:
                messages.warning(request, _("Dossier envoyé mais incomplet : voyez les pièces à fournir."))
        elif action == "withdraw":
            services.registration_cancel(actor=request.user, registration=registration, reason=reason)
            messages.success(request, _("Vous avez renoncé à cette inscription."))
        else:
            raise Http404
    except ApplicationError as exc:
        flash_error(request, exc)
    return redirect("enrollment:registration", pk=pk)


@login_required
@require_POST
@not_found_as_404
def pedagogical_choose(request: AuthenticatedHttpRequest, pk: int, semester_pk: int) -> HttpResponse:
    registration = _own_registration(request, pk)
    if registration.state != RegistrationState.VALIDATED:
        messages.error(request, _("L'inscription pédagogique suppose une inscription administrative validée."))
        return redirect("enrollment:registration", pk=pk)
    offer = selectors.pedagogical_offer(registration)
    row = next((r for r in offer["semesters"] if r["semester"].pk == semester_pk), None)
    if row is None:
        raise Http404
    options = [m for m in row["semester"].modules.all() if m.is_optional]  # the service checks the parcours
    form = PedagogicalForm(request.POST, prefix=f"s{semester_pk}", parcours=offer["parcours"], options=options,
                           groups=row["groups"], counts=offer["counts"])
    if form.is_valid():
        parcours_id = form.cleaned_data.get("parcours")
        parcours = next((p for p in offer["parcours"] if p.pk == parcours_id), None)
        try:
            services.pedagogical_register(
                actor=request.user, registration=registration, semester=row["semester"], parcours=parcours,
                optional_module_ids=form.cleaned_data["modules"], group_ids=form.cleaned_data["groups"],
            )
        except ApplicationError as exc:
            flash_error(request, exc, form)
        else:
            messages.success(request, _("Inscription pédagogique enregistrée pour le %(s)s.") % {"s": row["semester"]})
            return redirect("enrollment:registration", pk=pk)
    registration = _own_registration(request, pk)
    return render(request, "enrollment/registration_detail.html",
                  _detail_context(registration, ped_forms={semester_pk: form}), status=400)


@login_required
@require_POST
@not_found_as_404
def certificate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = permissions.get_registration_for(request.user, pk)
    try:
        document = services.certificate_issue(actor=request.user, registration=registration)
    except ApplicationError as exc:
        if isinstance(exc, NotFound):
            raise
        flash_error(request, exc)
        return redirect("enrollment:registration", pk=pk)
    return redirect("document_detail", pk=document.pk)


@login_required
@not_found_as_404
def uploaded_document(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Download an uploaded document (its student or staff who may see the registration)."""
    return uploaded_file_response(permissions.get_registration_document_for(request.user, pk))
