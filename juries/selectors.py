"""Reads of grade entry, with the joins their callers need, in a bounded number of queries.

Statistics are set-based: one query over the evaluations' marks, one pass in Python.
"""

from __future__ import annotations

import statistics as st
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from core.models import Deadline, User
from juries.models import (
    CopyConsultationRequest,
    EntryBatch,
    Evaluation,
    Mark,
    MarkChange,
    MarkContestation,
    MarkHold,
    Publication,
)

#: Holds that hide a mark from students and from results: active, or refused right to sit (STRAS-35).
_HIDING = Q(released_at__isnull=True) | Q(outcome="refused")
EVALUATION_RELATED = "component__module__semester__study_year__programme_version__programme__component"
BINS = 10


@dataclass(frozen=True)
class GridRow:
    student: User
    student_number: str
    mark: Mark | None
    hold: MarkHold | None = None  # active or refused hold on the mark (staff badge)


@dataclass
class Bin:
    low: Decimal
    high: Decimal
    count: int = 0
    percent: int = 0


@dataclass
class Stats:
    """Anonymous statistics of an evaluation (ARL-ES18.2-statistics), on its scale."""

    scale: int
    count: int = 0
    mean: Decimal | None = None
    median: Decimal | None = None
    stdev: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    specials: dict[str, int] = field(default_factory=dict)
    bins: list[Bin] = field(default_factory=list)


def _q(x: float | Decimal) -> Decimal:
    return Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # J-01: half up at display


def compute_stats(values: list[Decimal], specials: dict[str, int], scale: int) -> Stats:
    width = Decimal(scale) / BINS
    bins = [Bin(low=_q(width * i), high=_q(width * (i + 1))) for i in range(BINS)]
    for v in values:
        bins[min(int(v / width), BINS - 1)].count += 1
    top = max((b.count for b in bins), default=0) or 1
    for b in bins:
        b.percent = round(100 * b.count / top)
    stats = Stats(scale=scale, count=len(values), specials=dict(sorted(specials.items())), bins=bins)
    if values:
        stats.mean = _q(sum(values) / len(values))
        stats.median = _q(st.median(values))
        stats.stdev = _q(st.pstdev([float(v) for v in values]))
        stats.minimum, stats.maximum = min(values), max(values)
    return stats


def evaluations_statistics(evaluations: Iterable[Evaluation]) -> dict[int, Stats]:
    """Statistics of several evaluations from one query over their retained marks."""
    evals = {e.pk: e for e in evaluations}
    values: dict[int, list[Decimal]] = defaultdict(list)
    specials: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # A held or excluded mark (juries.MarkHold) does not count in the group's statistics either.
    hidden = MarkHold.objects.filter(_HIDING, evaluation_id=OuterRef("evaluation_id"), student_id=OuterRef("student_id"))
    rows = (Mark.objects.filter(evaluation_id__in=list(evals)).exclude(Exists(hidden))
            .values_list("evaluation_id", "value", "special"))
    for eid, value, special in rows:
        if value is not None:
            values[eid].append(value)
        elif special:
            specials[eid][special] += 1
    return {eid: compute_stats(values[eid], dict(specials[eid]), e.scale) for eid, e in evals.items()}


def evaluation_grid(evaluation: Evaluation) -> list[GridRow]:
    """Registered students (and anyone already holding a mark) with their mark and hold: 3 queries."""
    from enrollment.selectors import students_registered_to_modules

    marks = {m.student_id: m for m in Mark.objects.filter(evaluation=evaluation).select_related("student")}
    holds = holds_by_pair(MarkHold.objects.filter(_HIDING, evaluation=evaluation))
    registered = list(students_registered_to_modules([evaluation.component.module_id]).select_related("student"))
    seen = {u.pk for u in registered}
    users = registered + [m.student for sid, m in marks.items() if sid not in seen]
    users.sort(key=lambda u: (u.last_name.lower(), u.first_name.lower(), u.pk))
    rows = []
    for user in users:
        student = getattr(user, "student", None) if user.pk in seen else None
        rows.append(GridRow(student=user, student_number=student.student_number if student else "",
                            mark=marks.get(user.pk), hold=holds.get((user.pk, evaluation.pk))))
    return rows


def evaluations_of_modules(module_ids: Iterable[int]) -> QuerySet[Evaluation]:
    published = Publication.objects.filter(evaluation=OuterRef("pk"))
    return (Evaluation.objects.filter(component__module_id__in=list(module_ids))
            .select_related(EVALUATION_RELATED).annotate(is_published=Exists(published))
            .order_by("component__module__code", "date", "pk"))


def evaluation_history(evaluation: Evaluation) -> tuple[list[EntryBatch], list[MarkChange]]:
    batches = list(EntryBatch.objects.filter(evaluation=evaluation).select_related("actor", "undone_by"))
    changes = list(MarkChange.objects.filter(mark__evaluation=evaluation)
                   .select_related("actor", "mark__student").order_by("-at", "-pk")[:500])
    return batches, changes


def evaluation_requests(evaluation: Evaluation) -> tuple[list[CopyConsultationRequest], list[MarkContestation]]:
    consultations = list(CopyConsultationRequest.objects.filter(evaluation=evaluation).select_related("student"))
    contestations = list(MarkContestation.objects.filter(mark__evaluation=evaluation)
                         .select_related("student", "mark"))
    return consultations, contestations


@dataclass(frozen=True)
class OwnMark:
    evaluation: Evaluation
    mark: Mark | None
    publication: Publication
    stats: Stats
    show_stats: bool = True  # enough numeric marks to stay anonymous (grades.statistics_min_count)
    hold: MarkHold | None = None  # when set, the student sees ``hold.label``, never the value


def published_marks_for_student(user: User) -> list[OwnMark]:
    """The caller's own marks at published evaluations of the modules they are registered to,
    with the group's anonymous statistics (never another student's mark), a held mark replaced by
    its hold (UTC-3.01e-reserve-hold, STRAS-35): 5 queries."""
    from enrollment.models import ModuleRegistration, RegistrationState

    module_ids = ModuleRegistration.objects.filter(
        pedagogical_registration__administrative_registration__student__user_id=user.pk,
        pedagogical_registration__administrative_registration__state=RegistrationState.VALIDATED,
    ).values("module_id")
    evaluations = list(
        Evaluation.objects.filter(component__module_id__in=module_ids, publications__isnull=False).distinct()
        .select_related(EVALUATION_RELATED)
        .prefetch_related(Prefetch("publications", queryset=Publication.objects.order_by("-published_at")))
        .order_by("-date", "pk")
    )
    own = {m.evaluation_id: m for m in Mark.objects.filter(student_id=user.pk,
                                                           evaluation_id__in=[e.pk for e in evaluations])}
    stats = evaluations_statistics(evaluations)
    holds = holds_by_pair(visible_holds_for([user.pk], [e.pk for e in evaluations]))
    from juries.services.common import stats_min_count

    minimum: dict[tuple[int, int], int] = {}  # one profile read per (component, year)
    out = []
    for e in evaluations:
        version = e.component.module.semester.study_year.programme_version
        key = (version.programme.component_id, version.academic_year)
        if key not in minimum:
            minimum[key] = stats_min_count(e)
        out.append(OwnMark(e, own.get(e.pk), e.publications.all()[0], stats[e.pk],
                           stats[e.pk].count >= minimum[key], holds.get((user.pk, e.pk))))
    return out


def student_requests(user: User, evaluation: Evaluation) -> tuple[list[CopyConsultationRequest],
                                                                  list[MarkContestation]]:
    return (list(CopyConsultationRequest.objects.filter(evaluation=evaluation, student_id=user.pk)),
            list(MarkContestation.objects.filter(mark__evaluation=evaluation, student_id=user.pk)))


def publication_deadline(evaluation: Evaluation) -> Deadline | None:
    """The evaluation's provisional-release deadline row, if the profile sets a delay."""
    from juries.services.publication import deadline_key

    return Deadline.objects.filter(key=deadline_key(evaluation)).first()


def active_holds_for(student_user_ids: Iterable[int], evaluation_ids: Iterable[int]) -> QuerySet[MarkHold]:
    """The active holds (réserve, STRAS-35 unverified) on these students' marks at these
    evaluations, one query; ``holds_by_pair`` indexes them by (student id, evaluation id)."""
    return (MarkHold.objects.filter(student_id__in=list(student_user_ids), evaluation_id__in=list(evaluation_ids),
                                    released_at__isnull=True).order_by("placed_at", "pk"))


def visible_holds_for(student_user_ids: Iterable[int], evaluation_ids: Iterable[int]) -> QuerySet[MarkHold]:
    """Holds that replace a mark by a label for the student: active, or a refused right to sit."""
    return (MarkHold.objects.filter(_HIDING, student_id__in=list(student_user_ids),
                                    evaluation_id__in=list(evaluation_ids)).order_by("placed_at", "pk"))


def hold_on(user: User, evaluation: Evaluation) -> MarkHold | None:
    """The hold hiding the caller's own mark at an evaluation, if any (one query)."""
    return holds_by_pair(visible_holds_for([user.pk], [evaluation.pk])).get((user.pk, evaluation.pk))


def holds_by_pair(holds: Iterable[MarkHold]) -> dict[tuple[int, int], MarkHold]:
    """{(student id, evaluation id): hold}; on the same mark a refused right to sit wins, then a
    réserve, then an unverified hold."""
    def rank(hold: MarkHold) -> int:
        return 2 if hold.outcome == "refused" else 1 if hold.kind == "reserve" else 0

    out: dict[tuple[int, int], MarkHold] = {}
    for hold in holds:
        key = (hold.student_id, hold.evaluation_id)
        if key not in out or rank(hold) > rank(out[key]):
            out[key] = hold
    return out
