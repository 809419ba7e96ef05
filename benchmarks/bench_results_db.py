"""Benchmark: materialised results from the database, a faculty of 2,000 students (issue 4, Speed).

One BUT year (S1 + S2, 5 competences, 30 modules, 3 evaluations each): 2,000 students, 180,000
marks written with ``bulk_create`` (set-up, not timed), then ``results_compute`` timed for the
whole cohort: loading structure + M3C + registrations + marks (fixed number of queries), the
engine, and the bulk insert of 4,000 ``SemesterResult`` rows. The same on a 200-student cohort
shows the query count does not grow with students. Budget: <= 2 s on the 2-core machine.

Run by ``benchmarks/run.py`` (``make bench``: PostgreSQL, throwaway test database emptied
between modules) or standalone: ``python benchmarks/bench_results_db.py`` (same runner, this
module only; works on SQLite too, where INSERTs are chunked by the 999-parameter limit).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
YEAR = 2026


def _engine_bench() -> Any:
    spec = importlib.util.spec_from_file_location("cursus_bench_engine_inputs", HERE / "bench_results_engine.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _faculty(code: str, students: int, seed: int) -> Any:
    """A component following the iut-rsy preset with one programme year and its students."""
    from core.models import Component, Institution, RegulationProfile, Site
    from core.profiles.services import profile_assign, profile_create_from_preset
    from juries.results.seed import seed_programme

    institution, _ = Institution.objects.get_or_create(code="bench-univ", defaults={"name": "Université bench"})
    site, _ = Site.objects.get_or_create(institution=institution, code="bench", defaults={"name": "Campus bench"})
    component = Component.objects.create(institution=institution, site=site, code=code, name=f"IUT {code}",
                                         kind="iut")
    profile = RegulationProfile.objects.filter(institution=institution, academic_year=YEAR).first() or (
        profile_create_from_preset(actor=None, institution=institution, preset="iut-rsy", academic_year=YEAR))
    profile_assign(actor=None, component=component, academic_year=YEAR, profile=profile)
    programme, inputs, _params = _engine_bench().build_inputs(seed=seed, students_count=students)
    return seed_programme(component, programme, inputs, academic_year=YEAR, code=code)


def run(report: Any, *, sizes: tuple[int, int] = (200, 2000)) -> None:
    """``sizes``: the small and the large cohort (the smoke test uses tiny ones)."""
    from juries.models import Mark, SemesterResult
    from juries.results.services import results_compute

    n_small, n_big = sizes
    load = os.getloadavg()[0]
    started = time.perf_counter()
    small = _faculty(f"bench-{n_small}", n_small, seed=1)
    big = _faculty(f"bench-{n_big}", n_big, seed=2)
    marks = Mark.objects.filter(student_id__in=[u.pk for u in big.users.values()]).count()
    report(f"set-up: {n_small + n_big:,} students and their marks (bulk_create)", time.perf_counter() - started, "s",
           note=f"{marks} marks for the {n_big:,}-student cohort")
    note = f"load average {load:.1f} on {os.cpu_count()} cores at start"

    ids_small = [s.pk for s in small.semesters.values()]
    ids_big = [s.pk for s in big.semesters.values()]
    case_small = f"results_compute, {n_small:,} students (first computation)"
    case_big = f"results_compute, {n_big:,} students x 30 modules x 3 evals (first computation)"
    with report.measure(case_small, ops=n_small, note=note):
        r_small = results_compute(semester_ids=ids_small)
    with report.measure(case_big, ops=n_big, note=f"budget 2 s at 2,000; {note}"):
        r_big = results_compute(semester_ids=ids_big)
    assert (r_small.created, r_big.created) == (2 * n_small, 2 * n_big), (r_small, r_big)
    for phase, seconds in r_big.timings.items():
        report(f"  of which {phase} ({n_big:,} students)", seconds, "s",
               note={"load": "12 SELECTs, rows to engine inputs, hashes", "engine": "engine + JSON payloads",
                     "write": "COPY (PostgreSQL) of the new rows + audit"}.get(phase, ""))
    with report.measure(f"results_compute, {n_big:,} students, nothing changed", ops=n_big):
        again = results_compute(semester_ids=ids_big)
    assert again.created == 0
    user = next(iter(big.users.values()))
    Mark.objects.filter(student=user, evaluation=next(iter(big.evaluations.values()))).update(value=1)
    with report.measure(f"results_compute, {n_big:,} students, one mark changed", ops=n_big):
        once = results_compute(semester_ids=ids_big)
    assert once.computed == 1, once
    queries = {m.case: m.queries for m in report.measurements if m.queries is not None}
    q_small, q_big = queries[case_small], queries[case_big]
    report(f"SQL queries at {n_small:,} students", q_small, "queries")
    report(f"SQL queries at {n_big:,} students", q_big, "queries",
           note="equal" if q_small == q_big else "SQLite splits INSERTs (999 parameters); equal on PostgreSQL")
    report("current SemesterResult rows", SemesterResult.objects.filter(is_current=True).count(), "rows")
    report("load average after", os.getloadavg()[0], "", note=f"{os.cpu_count()} cores")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from run import main  # benchmarks/run.py: throwaway test database, this module only

    sys.exit(main(["-k", "results_db"]))
