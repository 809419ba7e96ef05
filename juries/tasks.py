"""Celery tasks of juries (STYLE 8): ids in, one service call."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="juries.tasks.results_recompute", ignore_result=True)
def results_recompute(semester_ids: list[int]) -> dict[str, int]:
    """Recompute the materialised results of these semesters (queued on commit by
    ``juries.results.services.results_schedule_recompute``). Idempotent: unchanged inputs write
    nothing, so a duplicate or late run is harmless."""
    from courses.models import Semester
    from juries.results.services import results_compute

    existing = list(Semester.objects.filter(pk__in=semester_ids).values_list("pk", flat=True))
    if not existing:
        return {"created": 0}
    report = results_compute(actor=None, semester_ids=existing)
    return {"students": report.students, "created": report.created, "refreshed": report.refreshed}
