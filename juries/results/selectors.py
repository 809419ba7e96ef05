"""Reads of materialised results (STYLE 4): bounded queries, the caller's permissions checked
by ``juries.results.permissions`` before these are called."""

from __future__ import annotations

from django.db.models import QuerySet

from core.models import User
from courses.models import Semester
from juries.models import ResultState, SemesterResult

_SEMESTER_RELATED = "semester__study_year__programme_version__programme"


def student_published_results(user: User | None) -> list[SemesterResult]:
    """The caller's own results, the latest *published* version of each semester (one query).

    A version computed after the publication stays invisible until it is published itself.
    """
    if user is None or not user.is_authenticated:
        return []
    rows = (SemesterResult.objects.select_related(_SEMESTER_RELATED)
            .filter(student_id=user.pk, state=ResultState.PUBLISHED)
            .order_by("-academic_year", "semester__number", "semester_id", "-version"))
    latest: dict[int, SemesterResult] = {}
    for row in rows:
        latest.setdefault(row.semester_id, row)
    return list(latest.values())


def student_published_result(user: User | None, semester_id: int) -> SemesterResult | None:
    for row in student_published_results(user):
        if row.semester_id == semester_id:
            return row
    return None


def semester_results(semester: Semester) -> QuerySet[SemesterResult]:
    """Staff list: the current result of every student of the semester (one query)."""
    return (SemesterResult.objects.filter(semester=semester, is_current=True).select_related("student")
            .defer("payload").order_by("student__last_name", "student__first_name", "student_id"))


def semester_result_summary(semester: Semester) -> dict[str, object]:
    """Counts per proposed code and state, for the table's header (one query)."""
    counts: dict[str, int] = {}
    published = total = 0
    for code, state in SemesterResult.objects.filter(semester=semester, is_current=True).values_list(
            "proposed_code", "state"):
        counts[code] = counts.get(code, 0) + 1
        total += 1
        published += state == ResultState.PUBLISHED
    return {"total": total, "published": published, "codes": sorted(counts.items())}


def result_history(result: SemesterResult) -> QuerySet[SemesterResult]:
    return (SemesterResult.objects.filter(student_id=result.student_id, semester_id=result.semester_id)
            .defer("payload").order_by("-version"))
