"""Reads of the exam office, with the joins their callers need (STYLE 4)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from core.models import User
from enrollment.models import ModuleRegistration, RegistrationState
from exams.models import Convocation, EventRoom, ExamEvent, ExamSession, InvigilatorAssignment, Room


@dataclass(frozen=True)
class CandidateRow:
    student_id: int
    user_id: int
    last_name: str
    first_name: str
    email: str


def module_candidates(module_ids: Iterable[int]) -> dict[int, list[CandidateRow]]:
    """Candidates per module: validated administrative registration + module registration
    (TOURS-VI-enrollment-prerequisite). One query."""
    prefix = "pedagogical_registration__administrative_registration__student"
    rows = (
        ModuleRegistration.objects.filter(
            module_id__in=list(module_ids),
            pedagogical_registration__administrative_registration__state=RegistrationState.VALIDATED,
        )
        .values_list("module_id", f"{prefix}_id", f"{prefix}__user_id", f"{prefix}__user__last_name",
                     f"{prefix}__user__first_name", f"{prefix}__user__email")
        .order_by("module_id", f"{prefix}_id")
    )
    out: dict[int, list[CandidateRow]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for module_id, student_id, user_id, last, first, email in rows:
        if (module_id, student_id) in seen:
            continue
        seen.add((module_id, student_id))
        out[module_id].append(CandidateRow(student_id, user_id, last, first, email))
    return dict(out)


def session_list(*, component_ids: set[int] | None, institution_ids: set[int] | None) -> QuerySet[ExamSession]:
    """Sessions of the given scopes (None: everything), with their component and event counts."""
    qs = ExamSession.objects.select_related("component", "semester__study_year__programme_version__programme")
    if component_ids is not None or institution_ids is not None:
        qs = qs.filter(Q(component_id__in=component_ids or set())
                       | Q(component__institution_id__in=institution_ids or set()))
    return qs.annotate(event_count=Count("events")).order_by("-academic_year", "start_date", "id")


def session_detail(session_id: int) -> ExamSession:
    """A session with its events, rooms, invigilators and seat counts (a fixed number of queries)."""
    invigilators = InvigilatorAssignment.objects.select_related("user", "replaced_by__user").order_by("-is_head", "id")
    events = ExamEvent.objects.select_related("module", "assessment").prefetch_related(
        Prefetch("event_rooms", EventRoom.objects.select_related("room").prefetch_related(
            Prefetch("invigilators", invigilators))),
    ).annotate(candidates=Count("convocations")).order_by("start", "id")
    return (
        ExamSession.objects.select_related("component__institution", "semester__study_year", "published_by")
        .prefetch_related(Prefetch("events", events))
        .get(pk=session_id)
    )


def room_counts(event_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """Number of seated candidates per (event, room)."""
    rows = (Convocation.objects.filter(event_id__in=list(event_ids), room__isnull=False)
            .values_list("event_id", "room_id").annotate(n=Count("id")).order_by())
    return {(e, r): n for e, r, n in rows}


def rooms_for(institution_ids: Iterable[int]) -> QuerySet[Room]:
    return Room.objects.filter(institution_id__in=list(institution_ids)).select_related("site").order_by(
        "institution_id", "code")


def student_convocations(user: User, *, published_only: bool = True) -> QuerySet[Convocation]:
    """A student's convocations (published sessions only), with everything a timetable shows."""
    qs = Convocation.objects.filter(student__user_id=user.pk).select_related(
        "event__module", "event__session", "room", "student__user")
    if published_only:
        qs = qs.filter(event__session__state="published")
    return qs.order_by("event__start", "event_id")


def next_session_start(component, on, *, semester_id: int | None = None):  # type: ignore[no-untyped-def]
    """First day of the next exam session of ``component`` (or of a parent component) not over on
    ``on``; None when none is planned. With ``semester_id``, only that semester's sessions (or
    sessions not tied to a semester). The anchor of the accommodation request deadline
    (TOURS-VI-3.2-accommodation-request: "one month before the start of the exams"). One query
    (plus the component's parents)."""
    from core.permissions import component_ancestor_ids

    qs = ExamSession.objects.filter(component_id__in=component_ancestor_ids(component), end_date__gte=on)
    if semester_id is not None:
        qs = qs.filter(Q(semester_id=semester_id) | Q(semester__isnull=True))
    return qs.order_by("start_date").values_list("start_date", flat=True).first()
