"""Reads of the absence / réserve pages (STYLE 4): files with what each page shows, counts, and the
start of the semester that follows an exam (UTC-3.01e-reserve-deadline anchor)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from core.models import Component, Role, User
from core.permissions import active_assignments, component_ancestor_ids
from courses.models import Module
from exams.models import ExamEvent, ReserveFile

_RELATED = ("convocation__student__user", "convocation__event__module", "convocation__event__session__component",
            "makeup_event")


def files_qs() -> QuerySet[ReserveFile]:
    return ReserveFile.objects.select_related(*_RELATED).order_by("-convocation__event__start", "id")


def student_files(user: User) -> QuerySet[ReserveFile]:
    """A student's own absence files (never anyone else's)."""
    return files_qs().filter(convocation__student__user_id=user.pk).prefetch_related("proofs")


def headed_module_ids(user: User) -> set[int]:
    """Modules the user heads (``module_head`` scoped to a module; superusers: see the caller)."""
    ct = ContentType.objects.get_for_model(Module)
    return {pk for pk in active_assignments(user).filter(role=Role.MODULE_HEAD, scope_type=ct)
            .values_list("scope_id", flat=True) if pk is not None}


def module_head_files(user: User, *, state: str = "") -> QuerySet[ReserveFile]:
    """Absence files of the modules ``user`` heads, with an active procedure (reserve, make-up)."""
    qs = files_qs().filter(convocation__event__module_id__in=headed_module_ids(user)).exclude(procedure="none")
    return qs.filter(state=state) if state else qs


def department_files(component_ids: set[int] | None, institution_ids: set[int], *, state: str = "") -> QuerySet[ReserveFile]:
    """Files of the components a department head / exam office covers (None: everything)."""
    qs = files_qs()
    if component_ids is not None:
        qs = qs.filter(Q(convocation__event__session__component_id__in=component_ids)
                       | Q(convocation__event__session__component__institution_id__in=institution_ids))
    return qs.filter(state=state) if state else qs


def session_files(session_id: int, *, state: str = "", procedure: str = "", event_id: int | None = None
                  ) -> QuerySet[ReserveFile]:
    qs = files_qs().filter(convocation__event__session_id=session_id)
    if state:
        qs = qs.filter(state=state)
    if procedure:
        qs = qs.filter(procedure=procedure)
    if event_id:
        qs = qs.filter(convocation__event_id=event_id)
    return qs


def session_counts(session_id: int) -> dict[str, int]:
    """{state: number of files} for a session (one query)."""
    rows = ReserveFile.objects.filter(convocation__event__session_id=session_id).values_list("state", flat=True)
    return dict(Counter(rows))


def next_semester_start(component: Component, after: date) -> date | None:
    """First semester period starting after ``after`` in the academic calendars of the component or
    its parents (the anchor of UTC-3.01e-reserve-deadline); None when no calendar says it."""
    from courses.models import CalendarPeriod

    return (CalendarPeriod.objects.filter(kind="semester", start__gt=after,
                                          calendar__component_id__in=component_ancestor_ids(component))
            .order_by("start").values_list("start", flat=True).first())


def makeup_event_choices(event: ExamEvent) -> QuerySet[ExamEvent]:
    """Later exams of the same module that can serve as the make-up (UTC-3.01e-reserve-lift)."""
    return (ExamEvent.objects.filter(module_id=event.module_id, start__gt=event.start)
            .select_related("session").order_by("start"))
