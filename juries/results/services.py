"""Writes of materialised results: compute (versioned upsert in bulk), publish, recompute trigger.

* ``results_compute`` loads the cohorts set-based (``juries.results.loader``), runs the engine
  only for students whose inputs changed (``inputs_hash``), and writes a new immutable
  ``SemesterResult`` version only when the payload changed (RES-001, RES-002).
* ``results_publish`` makes a semester's current results visible to its students, provisional
  ("sous réserve de la délibération du jury", ARL-ES18.1-provisional-results) or final.
* ``results_schedule_recompute`` is what mark services call after a change: one recompute per
  semester per transaction, queued on commit (RES-003).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import PermissionDenied
from core.models import User
from courses.models import Semester
from juries.engine import cohort_json, compute_cohort, gc_paused
from juries.models import ResultState, SemesterResult
from juries.results import permissions as perms
from juries.results.copy import insert_results
from juries.results.loader import Cohort, load_cohorts

CHUNK = 5000  # ids per IN (...) clause (SQLite's variable limit)


@dataclass
class ComputeReport:
    semester_ids: list[int] = field(default_factory=list)
    students: int = 0  # students loaded
    computed: int = 0  # students whose inputs changed (engine run)
    created: int = 0  # new SemesterResult versions written
    refreshed: int = 0  # inputs changed, same payload: hash updated, version kept
    unchanged: int = 0  # (student, semester) results left as they were
    timings: dict[str, float] = field(default_factory=dict)  # seconds: load, engine, write


def _decimal(text: Any) -> Decimal | None:
    try:
        return Decimal(str(text)) if text is not None else None
    except InvalidOperation:
        return None


def _payloads(cohort: Cohort, student_ids: set[str]) -> dict[tuple[str, int], dict[str, Any]]:
    """{(student id, semester id): payload} for the given students of the cohort."""
    students = [s for s in cohort.students if s.id in student_ids]
    if not students:
        return {}
    results = compute_cohort(cohort.programme, students, cohort.params, session=cohort.session)
    out: dict[tuple[str, int], dict[str, Any]] = {}
    for doc in cohort_json(cohort.programme, results, cohort.params):
        registered = cohort.registered[doc["id"]]
        for sem in doc["semesters"]:
            sem_id = cohort.semester_ids[sem["code"]]
            if sem_id not in registered:
                continue
            index = int(sem["code"][1:])
            year = next((y for y in doc["years"] if sem["code"] in y["semesters"]), None)
            out[(doc["id"], sem_id)] = {
                "student": doc["id"], "name": doc.get("name", ""), "programme": cohort.programme.code,
                "kind": cohort.programme.kind.value, "session": doc["session"], "index": index,
                "semester": sem, "year": year,
            }
            if cohort.history.get(doc["id"]):  # capitalised UEs, repeats (juries.results.inputs)
                out[(doc["id"], sem_id)]["history"] = cohort.history[doc["id"]]
    return out


def results_compute(*, actor: User | None = None, semester_ids: Iterable[int],
                    student_ids: Iterable[int] | None = None, force: bool = False) -> ComputeReport:
    """Compute and store the results of every student of the study years of ``semester_ids``.

    A fixed number of queries whatever the number of students: the loader's, one for the current
    rows, one for the old payloads of changed students, then bulk writes (in chunks).
    """
    report = ComputeReport(semester_ids=sorted(set(semester_ids)))
    # Loading, computing and serialising allocate ~10^6 long-lived small objects: the cyclic GC
    # would traverse them again and again for nothing (juries.engine.gc_paused).
    with gc_paused():
        new_rows, refresh, superseded = _compute(report, student_ids, force)
        if new_rows or refresh:
            _write(actor, report, new_rows, refresh, superseded)
    return report


def _write(actor: User | None, report: ComputeReport, new_rows: list[dict[str, Any]],
           refresh: list[SemesterResult], superseded: list[int]) -> None:
    started = time.perf_counter()
    with transaction.atomic():
        for i in range(0, len(superseded), CHUNK):
            SemesterResult.objects.filter(pk__in=superseded[i:i + CHUNK]).update(is_current=False)
        SemesterResult.objects.bulk_update(refresh, ["inputs_hash"], batch_size=1000)
        insert_results(new_rows)  # one COPY on PostgreSQL; bulk INSERTs elsewhere
        audit_record(actor=actor, action="juries.results_computed",
                     after={"semesters": report.semester_ids, "created": report.created,
                            "refreshed": report.refreshed, "students": report.students})
    report.timings["write"] = time.perf_counter() - started


def _compute(report: ComputeReport, student_ids: Iterable[int] | None, force: bool,
             ) -> tuple[list[dict[str, Any]], list[SemesterResult], list[int]]:
    """Load phase and engine phase of ``results_compute``: (new rows, hash refreshes, superseded ids)."""
    started = time.perf_counter()
    cohorts = load_cohorts(report.semester_ids, student_ids)
    all_sem_ids = [sid for c in cohorts for sid in c.semester_ids.values()]
    current_qs = SemesterResult.objects.filter(semester_id__in=all_sem_ids, is_current=True)
    if student_ids is not None:
        current_qs = current_qs.filter(student_id__in=list(student_ids))
    current = {(str(st), sem): (pk, version, h)
               for pk, st, sem, version, h in current_qs.values_list(
                   "pk", "student_id", "semester_id", "version", "inputs_hash")}
    report.timings["load"] = time.perf_counter() - started
    started = time.perf_counter()
    now = timezone.now()
    new_rows: list[dict[str, Any]] = []
    superseded: list[int] = []
    refresh: list[SemesterResult] = []
    for cohort in cohorts:
        report.students += len(cohort.students)
        changed = {
            s.id for s in cohort.students
            if force or any(current.get((s.id, sem)) is None or current[(s.id, sem)][2] != cohort.inputs_hash[s.id]
                            for sem in cohort.registered[s.id])
        }
        report.computed += len(changed)
        report.unchanged += sum(len(cohort.registered[s.id]) for s in cohort.students if s.id not in changed)
        payloads = _payloads(cohort, changed)
        old_ids = [current[key][0] for key in payloads if key in current]
        old_payloads: dict[int, Any] = {}
        for i in range(0, len(old_ids), CHUNK):
            old_payloads.update(SemesterResult.objects.filter(pk__in=old_ids[i:i + CHUNK])
                                .values_list("pk", "payload"))
        for (student_id, sem_id), payload in payloads.items():
            h = cohort.inputs_hash[student_id]
            old = current.get((student_id, sem_id))
            if old is not None and old_payloads.get(old[0]) == payload:
                if old[2] != h:
                    refresh.append(SemesterResult(pk=old[0], inputs_hash=h))
                    report.refreshed += 1
                else:
                    report.unchanged += 1
                continue
            if old is not None:
                superseded.append(old[0])
            sem = payload["semester"]
            new_rows.append({  # plain dicts: 4,000 model instances would cost more than the COPY itself
                "student_id": int(student_id), "semester_id": sem_id, "academic_year": cohort.academic_year,
                "version": 1 if old is None else old[1] + 1, "is_current": True, "computed_at": now,
                "inputs_hash": h, "session": payload["session"], "payload": payload, "mean": _decimal(sem["mean"]),
                "mean_label": sem["mean"] or "", "ects_acquired": Decimal(str(sem["ects_acquired"])),
                "proposed_code": sem["decision"], "state": ResultState.DRAFT.value, "published_final": False,
            })
    report.created = len(new_rows)
    report.timings["engine"] = time.perf_counter() - started
    return new_rows, refresh, superseded


def results_publish(*, actor: User | None, semester: Semester, final: bool = False) -> int:
    """Publish the current results of ``semester`` to its students; returns how many.

    ``final=False``: provisional, shown "sous réserve de la délibération du jury"
    (ARL-ES18.1-provisional-results, STRAS-87); ``final=True`` once the jury has deliberated.
    Each student concerned gets one notice per result version and kind of publication
    (``juries.results.notices``).
    """
    if actor is not None and not perms.can_manage_semester_results(actor, semester):
        raise PermissionDenied(_("Seuls la présidence du jury et le secrétariat publient les résultats."),
                               code="juries.results_publish_forbidden")
    from juries.results.notices import results_published_notify  # imports juries.services (cycle)

    now = timezone.now()
    with transaction.atomic():
        count = SemesterResult.objects.filter(semester=semester, is_current=True).update(
            state=ResultState.PUBLISHED, published_at=now, published_final=final,
            published_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit_record(actor=actor, action="juries.results_published", obj=semester,
                     after={"count": count, "final": final}, rule_id="ARL-ES18.1-provisional-results")
        results_published_notify(semester=semester, final=final, published_at=now)
    return count


# --- recompute trigger ------------------------------------------------------------------------

class _Pending:
    """Semester ids to recompute once the current transaction commits (one per transaction)."""

    def __init__(self) -> None:
        self.ids: set[int] = set()

    def __call__(self) -> None:
        from juries.tasks import results_recompute

        if self.ids:
            results_recompute.delay(sorted(self.ids))
        self.ids = set()


def results_schedule_recompute(semester_ids: Iterable[int]) -> None:
    """Queue one recompute of ``semester_ids`` after the current transaction commits.

    Called by the mark services after any change. Within one transaction, every call adds to the
    same pending set and a single on-commit hook queues ``juries.tasks.results_recompute`` once
    (many mark changes -> one recompute per semester). Outside a transaction it is queued at once.
    A rolled-back transaction drops its hook (Django discards it) and its pending ids with it.
    """
    ids = {int(i) for i in semester_ids}
    if not ids:
        return
    if not connection.in_atomic_block:
        _with(ids)()
        return
    pending = getattr(connection, "_results_pending", None)
    if pending is None or not any(entry[1] is pending for entry in connection.run_on_commit):
        pending = _Pending()
        connection._results_pending = pending  # type: ignore[attr-defined]
        transaction.on_commit(pending)
    pending.ids |= ids


def _with(ids: set[int]) -> _Pending:
    pending = _Pending()
    pending.ids = ids
    return pending


def results_registration_changed(*, registration_id: int) -> None:
    """Hook for enrollment's services after a registration changes (validated, cancelled,
    pedagogical or module registrations): recompute the study year of that registration and the
    later years of the same student in the same programme, whose capitalised UEs and repeat count
    depend on it (juries.results.inputs). Queued on commit like a mark change; semesters with no
    computed results yet are left alone."""
    from enrollment.models import AdministrativeRegistration

    reg = (AdministrativeRegistration.objects.select_related("study_year__programme_version")
           .filter(pk=registration_id).first())
    if reg is None:
        return
    years = AdministrativeRegistration.objects.filter(
        student_id=reg.student_id, academic_year__gte=reg.academic_year,
        study_year__programme_version__programme_id=reg.study_year.programme_version.programme_id,
    ).values("study_year_id")
    # Only semesters whose results exist already: a year nobody has computed yet has nothing to update.
    results_schedule_recompute(Semester.objects.filter(study_year_id__in=years, results__isnull=False)
                               .values_list("pk", flat=True).distinct())
