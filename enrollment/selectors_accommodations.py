"""Reads of accommodation requests and granted accommodations (STYLE 4), with the joins their pages
need (a bounded number of queries whatever the number of rows)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from core.models import User
from enrollment.models import Accommodation, AccommodationRequest, RequestState, Student
from enrollment.permissions import accommodation_office_institution_ids

QUEUE_FILTERS = ("open", "late", "decided", "all")


def accommodation_request_queue(user: User, *, status: str = "open", query: str = "",
                                institution_ids: set[int] | None = None) -> QuerySet[AccommodationRequest]:
    """The disability office's queue: requests of the institutions it handles, oldest first
    (late ones first among open requests). ``status``: open, late, decided, all."""
    qs = _scoped(user, institution_ids)
    if status == "open":
        qs = qs.filter(state__in=[RequestState.SUBMITTED, RequestState.UNDER_REVIEW])
    elif status == "late":
        qs = qs.filter(late=True, state__in=[RequestState.SUBMITTED, RequestState.UNDER_REVIEW])
    elif status == "decided":
        qs = qs.exclude(state__in=[RequestState.SUBMITTED, RequestState.UNDER_REVIEW])
    if query.strip():
        term = query.strip()
        qs = qs.filter(Q(student__user__last_name__icontains=term) | Q(student__user__first_name__icontains=term)
                       | Q(student__student_number__icontains=term))
    return (qs.select_related("student__user", "component", "semester")
            .annotate(document_count=Count("documents"))
            .order_by("-late", "deadline", "submitted_at", "id"))


def accommodation_request_counts(user: User) -> dict[str, int]:
    """Number of requests per state in the user's scope (one query)."""
    rows = _scoped(user, None).values_list("state").annotate(n=Count("id")).order_by()
    counts = dict.fromkeys(RequestState.values, 0)
    counts.update(dict(rows))
    late = _scoped(user, None).filter(late=True, state__in=[RequestState.SUBMITTED, RequestState.UNDER_REVIEW])
    counts["late_open"] = late.count()
    return counts


def _scoped(user: User, institution_ids: set[int] | None) -> QuerySet[AccommodationRequest]:
    scope = accommodation_office_institution_ids(user)
    qs = AccommodationRequest.objects.all()
    if scope is not None:
        qs = qs.filter(student__institution_id__in=scope)
    if institution_ids is not None:
        qs = qs.filter(student__institution_id__in=institution_ids)
    return qs


def student_accommodation_requests(student: Student) -> QuerySet[AccommodationRequest]:
    return (AccommodationRequest.objects.filter(student=student).select_related("semester__study_year")
            .annotate(document_count=Count("documents")).order_by("-submitted_at", "-id"))


def student_accommodations(student: Student) -> QuerySet[Accommodation]:
    """Granted accommodations, newest first, with who decided."""
    return Accommodation.objects.filter(student=student).select_related("decided_by").order_by("-valid_from", "id")


def accommodation_request_detail(request: AccommodationRequest) -> dict[str, object]:
    """What the request page shows besides the request itself (documents, log, accommodations)."""
    return {
        "documents": list(request.documents.select_related("uploaded_by").order_by("uploaded_at", "id")),
        "transitions": list(request.transitions.select_related("actor").order_by("at", "id")),
        "granted": list(request.granted_accommodations.order_by("kind", "id")),
    }


def student_by_number(user: User, number: str) -> Student | None:
    """A student of the institutions whose requests ``user`` handles, by student number."""
    scope = accommodation_office_institution_ids(user)
    qs = Student.objects.filter(student_number=number)
    if scope is not None:
        qs = qs.filter(institution_id__in=scope)
    return qs.order_by("id").first()
