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


def run(report: Any) -> None:
    from juries.models import Mark, SemesterResult
    from juries.results.services import results_compute

    load = os.getloadavg()[0]
    started = time.perf_counter()
    small = _faculty("bench-200", 200, seed=1)
    big = _faculty("bench-2000", 2000, seed=2)
    marks = Mark.objects.filter(student_id__in=[u.pk for u in big.users.values()]).count()
    report("set-up: 2,200 students and their marks (bulk_create)", time.perf_counter() - started, "s",
           note=f"{marks} marks for the 2,000-student cohort")
    note = f"load average {load:.1f} on {os.cpu_count()} cores at start"

    ids_small = [s.pk for s in small.semesters.values()]
    ids_big = [s.pk for s in big.semesters.values()]
    with report.measure("results_compute, 200 students (first computation)", ops=200, note=note):
        r_small = results_compute(semester_ids=ids_small)
    with report.measure("results_compute, 2,000 students x 30 modules x 3 evals (first computation)", ops=2000,
                        note=f"budget 2 s; {note}"):
        r_big = results_compute(semester_ids=ids_big)
    assert (r_small.created, r_big.created) == (400, 4000), (r_small, r_big)
    for phase, seconds in r_big.timings.items():
        report(f"  of which {phase} (2,000 students)", seconds, "s",
               note={"load": "12 SELECTs, rows to engine inputs, hashes", "engine": "engine + JSON payloads",
                     "write": "bulk INSERT of 4,000 rows + audit"}.get(phase, ""))
    with report.measure("results_compute, 2,000 students, nothing changed", ops=2000):
        again = results_compute(semester_ids=ids_big)
    assert again.created == 0
    user = next(iter(big.users.values()))
    Mark.objects.filter(student=user, evaluation=next(iter(big.evaluations.values()))).update(value=1)
    with report.measure("results_compute, 2,000 students, one mark changed", ops=2000):
        once = results_compute(semester_ids=ids_big)
    assert once.computed == 1, once
    queries = {m.case: m.queries for m in report.measurements if m.queries is not None}
    q200 = next(v for k, v in queries.items() if "200 students (first" in k)
    q2000 = next(v for k, v in queries.items() if "2,000 students x 30" in k)
    report("SQL queries at 200 students", q200, "queries")
    report("SQL queries at 2,000 students", q2000, "queries",
           note="equal on PostgreSQL; SQLite chunks INSERTs (999 parameters)" if q200 != q2000 else "equal")
    report("current SemesterResult rows", SemesterResult.objects.filter(is_current=True).count(), "rows")
    report("load average after", os.getloadavg()[0], "", note=f"{os.cpu_count()} cores")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from run import main  # benchmarks/run.py: throwaway test database, this module only

    sys.exit(main(["-k", "results_db"]))
