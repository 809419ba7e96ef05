"""Benchmark: the results engine on a whole cohort, in memory (issue 4 performance target).

2,000 students x 30 modules x 3 evaluations (one BUT year: S1 + S2, 5 competences, every module
feeding two UEs), with a sprinkle of special values, absences, bonuses. Target: well under the
2 s budget that also covers the DB reads. ``run(report)`` is called by ``benchmarks/run.py``;
``report(name, value, unit)``. Standalone: ``python benchmarks/bench_results_engine.py``.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

STUDENTS = 2000
MODULES_PER_SEMESTER = 15
EVALUATIONS = 3
COMPETENCES = 5


def _setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def build_inputs(seed: int = 2026, students_count: int = STUDENTS):  # type: ignore[no-untyped-def]
    from core.profiles.registry import preset_values
    from juries.engine_types import (
        UE,
        Absences,
        Compensation,
        EngineParams,
        Evaluation,
        Module,
        Programme,
        ProgrammeKind,
        Semester,
        StudentInput,
    )
    from juries.rules.averages import ResitMode
    from juries.rules.values import Special

    rng = random.Random(seed)
    semesters, ues, modules = [], {}, {}
    for index in (1, 2):
        codes = []
        for c in range(1, COMPETENCES + 1):
            code = f"UE{index}.{c}"
            ues[code] = UE(code, f"S{index}", 6, 6, f"C{c}")
            codes.append(code)
        semesters.append(Semester(f"S{index}", index, tuple(codes), 400))
        for m in range(MODULES_PER_SEMESTER):
            code = f"R{index}.{m:02d}"
            evaluations = tuple(Evaluation(f"{code}-E{e}", float(e + 1)) for e in range(EVALUATIONS))
            targets = {codes[m % COMPETENCES]: 2.0, codes[(m + 1) % COMPETENCES]: 1.0}
            modules[code] = Module(code, evaluations, targets, ResitMode.BEST)
    programme = Programme("BENCH", ProgrammeKind.BUT, tuple(semesters), ues, modules,
                          Compensation(True, False, False))
    eval_codes = [e.code for m in modules.values() for e in m.evaluations]
    students = []
    for i in range(students_count):
        level = rng.uniform(6, 16)
        marks: dict[str, float | Special] = {}
        for code in eval_codes:
            roll = rng.random()
            if roll < 0.01:
                marks[code] = Special.ABI
            elif roll < 0.015:
                marks[code] = Special.EXC
            else:
                marks[code] = round(min(20.0, max(0.0, rng.gauss(level, 3))), 2)
        absences = {"S1": Absences(unjustified_hours=rng.choice((0, 0, 0, 3, 9)))}
        students.append(StudentInput(
            id=f"e{i:05d}", marks=marks, absences=absences,
            sport_sessions={1: rng.choice((0, 12, 25))},
            engagement={1: (("service_civique", 0.5),)} if i % 10 == 0 else {},
        ))
    params = EngineParams.from_profile(preset_values("iut-rsy"))
    return programme, students, params


def run(report: Callable[..., None], *, students: int | None = None) -> None:
    """Time ``compute_cohort`` on the cohort (input building is not timed).

    With the runner's ``Report`` (benchmarks/run.py) the block is timed by ``report.measure``, which
    also counts SQL queries (expected: 0); with a bare ``report(name, value, unit)`` callable, the
    time is reported in seconds.
    """
    from juries.engine import cohort_json, compute_cohort

    count = STUDENTS if students is None else students  # smaller cohorts for the smoke test
    programme, students_in, params = build_inputs(students_count=count)
    case = f"cohort {count} students x {2 * MODULES_PER_SEMESTER} modules x {EVALUATIONS} evaluations"
    measure = getattr(report, "measure", None)
    started = time.perf_counter()
    if measure is not None:
        with measure(case, ops=count, note="in memory; budget 2 s including DB reads"):
            results = compute_cohort(programme, students_in, params)
    else:
        results = compute_cohort(programme, students_in, params)
    elapsed = time.perf_counter() - started
    assert len(results) == count
    marks = count * 2 * MODULES_PER_SEMESTER * EVALUATIONS
    if measure is None:
        report(case, round(elapsed, 3), "s")
    report("marks per second", round(marks / elapsed), "marks/s")
    started = time.perf_counter()
    rendered = cohort_json(programme, results, params)
    report("JSON rendering of the cohort's results", round(time.perf_counter() - started, 3), "s")
    assert len(rendered) == count


if __name__ == "__main__":
    _setup_django()
    run(lambda name, value, unit: print(f"{name}: {value} {unit}"))
