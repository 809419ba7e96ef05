"""Accommodation request pages: the student's « Mes aménagements » and request form, the request
page (student and disability office), the disability office's queue, private document downloads
(TOURS-VI-3.2-accommodation-request, STRAS-11). Every object comes through enrollment.permissions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, NotFound
from core.http import AuthenticatedHttpRequest
from enrollment import permissions, selectors
from enrollment import selectors_accommodations as acc_selectors
from enrollment.models import (
    AccommodationKind,
    AccommodationRequest,
    AdministrativeRegistration,
    RegistrationState,
)
from enrollment.models import Student as StudentModel
from enrollment.services import accommodation_requests as svc

from .accommodation_forms import AccommodationRequestForm, DecisionForm, DocumentsForm, WithdrawForm
from .common import flash_error, not_found_as_404, uploaded_file_response


def _choices(student: StudentModel) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    registrations = list(
        AdministrativeRegistration.objects.filter(student=student).exclude(state=RegistrationState.CANCELLED)
        .select_related("study_year__programme_version__programme").prefetch_related("study_year__semesters")
        .order_by("-academic_year", "-id"))
    years = [(r.academic_year, f"{r.academic_year_label} — {r.study_year.programme_version.programme}")
             for r in registrations]
    semesters = [(s.pk, f"{r.academic_year_label} — S{s.number}") for r in registrations
                 for s in sorted(r.study_year.semesters.all(), key=lambda s: s.number)]
    return years, semesters


def _request_form_page(request: AuthenticatedHttpRequest, student: StudentModel, *, on_behalf: bool) -> HttpResponse:
    if not permissions.can_file_accommodation_request(request.user, student):
        raise NotFound()
    years, semesters = _choices(student)
    if not years:
        messages.error(request, _("Une demande se rattache à une inscription : aucune inscription trouvée."))
        return redirect("enrollment:my_accommodations" if not on_behalf else "enrollment:accommodation_queue")
    form = AccommodationRequestForm(request.POST or None, request.FILES or None, years=years, semesters=semesters)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            semester = None
            if data["semester"]:
                from courses.models import Semester

                semester = Semester.objects.filter(pk=data["semester"]).first()
            try:
                created = svc.accommodation_request_file(
                    actor=request.user, student=student, academic_year=data["academic_year"], scope=data["scope"],
                    semester=semester, kinds=data["kinds"], extra_time_percent=data["extra_time_percent"],
                    reasons=data["reasons"], details=data["details"], force_majeure=data["force_majeure"],
                    force_majeure_explanation=data["force_majeure_explanation"], files=data["attachments"])
            except ApplicationError as exc:
                flash_error(request, exc, form)
            else:
                messages.success(request, _("Demande déposée auprès du service handicap."))
                if created.late:
                    messages.warning(request, f"{created.deadline_message} [{created.deadline_rule_id}]")
                return redirect("enrollment:accommodation_request", pk=created.pk)
        status = 400
    return render(request, "enrollment/accommodations/request_form.html",
                  {"form": form, "student": student, "on_behalf": on_behalf}, status=status)


@login_required
def my_accommodations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """« Mes aménagements »: granted accommodations with their validity, requests and their state."""
    student = selectors.student_for_user(request.user)
    return render(request, "enrollment/accommodations/mine.html", {
        "student": student,
        "accommodations": list(acc_selectors.student_accommodations(student)) if student else [],
        "requests": list(acc_selectors.student_accommodation_requests(student)) if student else [],
    })


@login_required
@not_found_as_404
def request_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    student = selectors.student_for_user(request.user)
    if student is None:
        raise Http404
    return _request_form_page(request, student, on_behalf=False)


@login_required
@not_found_as_404
def request_create_for(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The disability office files a request on a student's behalf."""
    student = permissions.get_student_for(request.user, pk)
    if not permissions.can_manage_accommodations(request.user, student):
        raise NotFound()
    return _request_form_page(request, student, on_behalf=True)


def _decision_form(obj: AccommodationRequest, data: Any = None) -> DecisionForm:
    labels = dict(AccommodationKind.choices)
    return DecisionForm(data, kinds=[(k, labels.get(k, k)) for k in obj.kinds],
                        initial={"kinds": obj.kinds, "extra_time_percent": obj.extra_time_percent,
                                 "force_majeure": obj.force_majeure, "prior_authorisation": obj.prior_authorisation})


@login_required
@not_found_as_404
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    obj = permissions.get_accommodation_request_for(request.user, pk)
    kinds = svc.actor_kinds(request.user, obj)
    actions = {t.name for t in svc.available_transitions(obj, kinds)}
    return render(request, "enrollment/accommodations/request_detail.html", {
        "req": obj, **acc_selectors.accommodation_request_detail(obj),
        "is_office": svc.OFFICE in kinds, "actions": actions,
        "decision_form": _decision_form(obj) if actions & set(svc.DECISIONS) else None,
        "withdraw_form": WithdrawForm() if "withdraw" in actions else None,
        "documents_form": DocumentsForm() if "withdraw" in actions else None,
    })


@login_required
@require_POST
@not_found_as_404
def request_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    obj = permissions.get_accommodation_request_for(request.user, pk)
    try:
        if action == "review":
            svc.accommodation_request_review(actor=request.user, request=obj)
            messages.success(request, _("Demande en cours d'examen."))
        elif action == "withdraw":
            form = WithdrawForm(request.POST)
            form.is_valid()
            svc.accommodation_request_withdraw(actor=request.user, request=obj,
                                               reason=form.cleaned_data.get("reason", ""))
            messages.success(request, _("Demande retirée."))
        elif action == "documents":
            docs = DocumentsForm(request.POST, request.FILES)
            files = docs.cleaned_data["attachments"] if docs.is_valid() else []
            svc.accommodation_request_document_add(actor=request.user, request=obj, files=files)
            messages.success(request, _("Pièces ajoutées."))
        elif action == "decide":
            decision = _decision_form(obj, request.POST)
            if not decision.is_valid():
                for field, errors in decision.errors.items():
                    messages.error(request, f"{decision.fields[field].label if field in decision.fields else ''} : "
                                            f"{' '.join(str(e) for e in errors)}")
                return redirect("enrollment:accommodation_request", pk=obj.pk)
            data = decision.cleaned_data
            svc.accommodation_request_decide(
                actor=request.user, request=obj, decision=data["decision"], reasons=data["reasons"],
                kinds=data["kinds"] or None, extra_time_percent=data["extra_time_percent"],
                valid_from=data["valid_from"], valid_until=data["valid_until"],
                force_majeure=data["force_majeure"] or None,
                force_majeure_explanation=data["force_majeure_explanation"],
                prior_authorisation=data["prior_authorisation"] or None,
                prior_authorisation_ref=data["prior_authorisation_ref"])
            messages.success(request, _("Décision enregistrée ; l'étudiant·e est notifié·e."))
        else:
            raise NotFound()
    except NotFound:
        raise
    except ApplicationError as exc:
        flash_error(request, exc)
        if exc.rule_id:
            messages.error(request, _("Règle : %(r)s") % {"r": exc.rule_id})
    return redirect("enrollment:accommodation_request", pk=obj.pk)


@login_required
@not_found_as_404
def request_document(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A supporting document: its student or the disability office only (404 for anyone else)."""
    return uploaded_file_response(permissions.get_accommodation_request_document_for(request.user, pk))


@login_required
@not_found_as_404
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The disability office's queue: filters, counts per state, deadline column."""
    if permissions.accommodation_office_institution_ids(request.user) == set():
        raise NotFound()
    number = request.GET.get("etudiant", "").strip()[:20]
    if number:  # « déposer pour un·e étudiant·e »: find them by student number in the office's scope
        student = acc_selectors.student_by_number(request.user, number)
        if student is not None:
            return redirect("enrollment:accommodation_request_create_for", pk=student.pk)
        messages.error(request, _("Aucun·e étudiant·e avec ce numéro dans votre établissement."))
    status = request.GET.get("etat", "open")
    if status not in acc_selectors.QUEUE_FILTERS:
        status = "open"
    query = request.GET.get("q", "")[:100]
    rows = list(acc_selectors.accommodation_request_queue(request.user, status=status, query=query)[:500])
    return render(request, "enrollment/accommodations/queue.html", {
        "rows": rows, "status": status, "query": query, "counts": acc_selectors.accommodation_request_counts(
            request.user), "filters": [("open", _("À traiter")), ("late", _("Hors délai")),
                                       ("decided", _("Décidées")), ("all", _("Toutes"))],
    })
