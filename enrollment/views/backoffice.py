"""Back-office of the scolarité: lists with filters and bulk actions, detail, student record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from core.http import AuthenticatedHttpRequest
from enrollment import permissions, selectors, services, workflows
from enrollment.forms import (
    AccommodationForm,
    BulkActionForm,
    DocumentReviewForm,
    ReasonForm,
    RegistrationFilterForm,
    StudentForm,
)
from enrollment.models import RegistrationDocument, Student

from .common import flash_error, not_found_as_404

PAGE_SIZE = 50


def _require_backoffice(request: AuthenticatedHttpRequest) -> None:
    if not permissions.can_access_backoffice(request.user):
        raise Http404


def _filter_choices(base):  # type: ignore[no-untyped-def]
    from courses.models import StudyYear

    study_year_ids = base.values("study_year_id")
    study_years = StudyYear.objects.filter(pk__in=study_year_ids).select_related("programme_version__programme")
    years = sorted(set(base.values_list("academic_year", flat=True)), reverse=True)
    return list(study_years), years


@login_required
def registration_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_backoffice(request)
    base = permissions.staff_registrations_visible_to(request.user)
    study_years, years = _filter_choices(base)
    form = RegistrationFilterForm(request.GET or None, study_years=study_years, years=years)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.registration_list(
        base,
        state=filters.get("state") or "",
        study_year_id=filters.get("study_year"),
        regime=filters.get("regime") or "",
        academic_year=filters.get("academic_year"),
        search=filters.get("q") or "",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "enrollment/backoffice/list.html", {
        "form": form, "page": page, "bulk_form": BulkActionForm(), "query": query.urlencode(),
        "can_import": permissions.can_import_students(request.user),
    })


@login_required
@require_POST
def registration_bulk(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_backoffice(request)
    visible = set(permissions.staff_registrations_visible_to(request.user).values_list("pk", flat=True))
    form = BulkActionForm(request.POST, ids=sorted(visible))
    if not form.is_valid():
        messages.error(request, _("Sélectionnez au moins un dossier et une action."))
        return redirect("enrollment:backoffice")
    ids = form.cleaned_data["selected"]
    if form.cleaned_data["action"] == "validate":
        done, refused = services.registrations_bulk_validate(actor=request.user, registration_ids=ids)
        messages.success(request, _("%(n)s inscription(s) validée(s).") % {"n": len(done)})
        for pk, reason in refused.items():
            messages.warning(request, _("Dossier %(pk)s non validé : %(r)s") % {"pk": pk, "r": reason})
    else:
        reminded = services.registrations_bulk_remind(actor=request.user, registration_ids=ids)
        messages.success(request, _("%(n)s relance(s) envoyée(s).") % {"n": len(reminded)})
    return redirect("enrollment:backoffice")


@login_required
@not_found_as_404
def registration_manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_backoffice(request)
    registration = permissions.get_registration_for(request.user, pk)
    types = selectors.required_document_types(registration)
    decision = selectors.documents_decision(registration, types)
    can_manage = permissions.can_manage_registration(request.user, registration)
    return render(request, "enrollment/backoffice/detail.html", {
        "registration": registration,
        "student": registration.student,
        "to_provide": selectors.missing_documents_context(registration, decision),
        "documents": list(registration.documents.all()),
        "transitions_log": list(registration.transitions.all()),
        "accommodations": list(registration.student.accommodations.all()),
        "pedagogical": list(registration.pedagogical_registrations.all()),
        "actions": [
            t.name for t in workflows.available(registration.state, workflows.SECRETARIAT)
            if can_manage and (t.name != "validate_remote" or registration.student.resides_outside_metropole)
        ],
        "can_manage": can_manage,
        "review_form": DocumentReviewForm(),
        "reason_form": ReasonForm(),
    })


@login_required
@require_POST
@not_found_as_404
def registration_manage_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    _require_backoffice(request)
    registration = permissions.get_registration_for(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        if action == "validate":
            services.registration_validate(actor=request.user, registration=registration)
        elif action == "validate_remote":
            services.registration_validate(actor=request.user, registration=registration, remote=True)
        elif action == "mark_incomplete":
            services.registration_request_documents(actor=request.user, registration=registration, reason=reason)
        elif action == "cancel":
            services.registration_cancel(actor=request.user, registration=registration, reason=reason)
        elif action == "originals":
            services.registration_originals_checked(actor=request.user, registration=registration)
        else:
            raise Http404
    except NotFound:
        raise
    except ApplicationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Action enregistrée."))
    return redirect("enrollment:manage", pk=pk)


@login_required
@require_POST
@not_found_as_404
def document_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_backoffice(request)
    document: RegistrationDocument = permissions.get_registration_document_for(request.user, pk)
    form = DocumentReviewForm(request.POST)
    if form.is_valid():
        try:
            services.document_review(actor=request.user, document=document,
                                     accept=form.cleaned_data["decision"] == "accept", reason=form.cleaned_data["reason"])
        except NotFound:
            raise
        except ApplicationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Pièce examinée."))
    return redirect("enrollment:manage", pk=document.registration_id)


@login_required
@not_found_as_404
def student_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The student record (scolarité edits) and accommodations (disability office adds)."""
    student = permissions.get_student_for(request.user, pk)
    can_edit = permissions.can_edit_student(request.user, student)
    can_accommodate = permissions.can_manage_accommodations(request.user, student)
    if not (can_edit or can_accommodate):
        raise NotFound()
    # The form validates a copy: ModelForm writes cleaned values into its instance, and the
    # service must compare against what is stored.
    form = StudentForm(request.POST or None, instance=Student.objects.get(pk=student.pk)) if can_edit else None
    status = 200
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                services.student_update(actor=request.user, student=student,
                                        data={k: form.cleaned_data[k] for k in form.changed_data})
            except ApplicationError as exc:
                flash_error(request, exc, form)
            else:
                messages.success(request, _("Fiche mise à jour."))
                return redirect("enrollment:student_edit", pk=pk)
        status = 400
    return render(request, "enrollment/backoffice/student_form.html", {
        "form": form, "student": student, "accommodations": list(student.accommodations.all()),
        "accommodation_form": AccommodationForm() if can_accommodate else None,
    }, status=status)


@login_required
@require_POST
@not_found_as_404
def accommodation_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    student = permissions.get_student_for(request.user, pk)
    if not permissions.can_manage_accommodations(request.user, student):
        raise NotFound()
    form = AccommodationForm(request.POST)
    if form.is_valid():
        try:
            services.accommodation_create(actor=request.user, student=student, **form.cleaned_data)
        except NotFound:
            raise
        except ApplicationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Aménagement enregistré."))
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''} : {' '.join(str(e) for e in errors)}")
    return redirect("enrollment:student_edit", pk=pk)
