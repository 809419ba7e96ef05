"""Reads of materialised results (STYLE 4): bounded queries, the caller's permissions checked
by ``juries.results.permissions`` before these are called."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.fields.json import KeyTransform

from core.models import User
from courses.models import Semester, StudyYear
from enrollment.models import AdministrativeRegistration, RegistrationState
from juries.models import BonusEntry, HoldKind, MarkHold, ResultState, SemesterResult

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
    """Staff list: the current result of every student of the semester (one query); ``history``
    is the payload's capitalised UEs / repeats summary (juries.results.inputs), read alone."""
    return (SemesterResult.objects.filter(semester=semester, is_current=True).select_related("student")
            .defer("payload").annotate(history=KeyTransform("history", "payload"))
            .order_by("student__last_name", "student__first_name", "student_id"))


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


def student_module_holds(user: User | None, semester_ids: list[int]) -> dict[int, dict[str, MarkHold]]:
    """{semester id: {module code: hold}} for the caller's marks under a hold (one query): the
    module shows « Réservée » (UTC-3.01e-reserve-hold) or « Suspendue » (STRAS-35) instead of its
    mean while the hold is active; a réserve wins over an unverified hold in the same module."""
    if user is None or not user.is_authenticated or not semester_ids:
        return {}
    rows = (MarkHold.objects.filter(student_id=user.pk, released_at__isnull=True,
                                    evaluation__component__module__semester_id__in=semester_ids)
            .select_related("evaluation__component__module").order_by("placed_at", "pk"))
    out: dict[int, dict[str, MarkHold]] = {}
    for hold in rows:
        module = hold.evaluation.component.module
        current = out.get(module.semester_id, {}).get(module.code)
        if current is None or (hold.kind == HoldKind.RESERVE and current.kind != HoldKind.RESERVE):
            out.setdefault(module.semester_id, {})[module.code] = hold
    return out



def semester_held_students(semester: Semester) -> dict[int, list[str]]:
    """{student id: ["R1.01 : Réservée", …]} of the semester's active holds, for the staff table's
    badges (one query)."""
    out: dict[int, list[str]] = {}
    rows = (MarkHold.objects.filter(released_at__isnull=True, evaluation__component__module__semester=semester)
            .select_related("evaluation__component__module").order_by("student_id", "placed_at", "pk"))
    for hold in rows:
        out.setdefault(hold.student_id, []).append(f"{hold.evaluation.component.module.code} : {hold.label}")
    return out


def bonus_grid_rows(study_year: StudyYear) -> list[tuple[User, dict[tuple[str, str], BonusEntry]]]:
    """Students validly registered to the study year, each with their bonus entries
    {(kind, engagement type): entry}, by name (two queries)."""
    regs = (AdministrativeRegistration.objects.filter(study_year=study_year, state=RegistrationState.VALIDATED)
            .select_related("student__user")
            .order_by("student__user__last_name", "student__user__first_name", "student__user_id"))
    users = [r.student.user for r in regs]
    entries: dict[int, dict[tuple[str, str], BonusEntry]] = {}
    for entry in BonusEntry.objects.filter(study_year=study_year):
        entries.setdefault(entry.student_id, {})[(entry.kind, entry.engagement_type)] = entry
    return [(u, entries.get(u.pk, {})) for u in users]


def student_bonus_entries(user: User | None) -> list[BonusEntry]:
    """The caller's own recorded sport sessions and engagement points (one query)."""
    if user is None or not user.is_authenticated:
        return []
    return list(BonusEntry.objects.filter(student_id=user.pk)
                .select_related("study_year__programme_version__programme")
                .order_by("-academic_year", "kind", "engagement_type"))
