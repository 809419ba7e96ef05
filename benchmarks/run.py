#!/usr/bin/env python
"""Benchmark runner (`make bench`, on PostgreSQL).

Discovers ``benchmarks/bench_*.py``; each module exposes ``run(report)`` and measures with the
``Report`` it is given::

    def run(report):
        students = make_students(500)                      # set-up is not timed
        with report.measure("jury grid, 500 students", ops=500):
            build_grid(...)
        report.timeit("average of one student", lambda: average(students[0]), repeat=20)

The runner creates a throwaway test database (``test_<name>`` of ``DATABASE_URL``, settings
``config.settings.test``: Celery eager, e-mails in memory), runs the modules one after the other,
empties the database between modules, counts SQL queries of each measure, and prints a table.
A module that raises is reported and makes the exit status 1; no module at all is not an error.

Usage: python benchmarks/run.py [-k SUBSTRING] [--list] [--json FILE] [--dir DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import statistics
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent


@dataclass
class Measurement:
    bench: str
    case: str
    value: float
    unit: str
    runs: int = 1
    best: float | None = None
    queries: int | None = None
    note: str = ""


@dataclass
class Report:
    """Handed to each bench module's ``run(report)``; collects its measurements.

    Three ways to record: ``report(name, value, unit)`` for a number the bench computed itself,
    ``with report.measure(case, ops=n):`` to time a block once, ``report.timeit(case, fn, repeat=5)``
    for the median of several runs. The last two also count the SQL queries.
    """

    bench: str
    measurements: list[Measurement] = field(default_factory=list)
    count_queries: bool = True

    def __call__(self, case: str, value: float, unit: str = "", note: str = "") -> None:
        self.measurements.append(Measurement(self.bench, case, float(value), unit, note=note))

    @contextlib.contextmanager
    def measure(self, case: str, *, ops: int = 1, note: str = "") -> Iterator[None]:
        """Time the body once (wall clock) and count its SQL queries."""
        with self._queries() as queries:
            start = time.perf_counter()
            yield
            elapsed = time.perf_counter() - start
        self._timing(case, [elapsed], ops, queries(), note)

    def timeit(
        self, case: str, fn: Callable[[], Any], *, repeat: int = 5, ops: int = 1, note: str = ""
    ) -> Any:
        """Call ``fn`` ``repeat`` times; records the median (and the best) run and the queries of
        one run. Returns the last result, so the bench can check it is right."""
        timings: list[float] = []
        result = None
        with self._queries() as queries:
            for _ in range(max(1, repeat)):
                start = time.perf_counter()
                result = fn()
                timings.append(time.perf_counter() - start)
        total = queries()
        self._timing(case, timings, ops, None if total is None else round(total / len(timings)), note)
        return result

    def _timing(self, case: str, timings: list[float], ops: int, queries: int | None, note: str) -> None:
        median = statistics.median(timings)
        if ops > 1:
            note = f"{ops} ops, {median * 1000 / ops:.3f} ms/op" + (f"; {note}" if note else "")
        self.measurements.append(
            Measurement(
                self.bench, case, median * 1000, "ms", len(timings), min(timings) * 1000, queries, note
            )
        )

    @contextlib.contextmanager
    def _queries(self) -> Iterator[Callable[[], int | None]]:
        if not self.count_queries:
            yield lambda: None
            return
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            yield lambda: len(ctx.captured_queries)


def discover(directory: Path = BENCH_DIR, pattern: str = "") -> list[Path]:
    """``bench_*.py`` files of ``directory``, sorted, filtered by a substring of their name."""
    return [p for p in sorted(directory.glob("bench_*.py")) if pattern in p.stem]


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"cursus_bench_{path.stem}", path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has a loader
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look modules up there
    spec.loader.exec_module(module)
    if not callable(getattr(module, "run", None)):
        raise AttributeError(f"{path.name} has no run(report) function")
    return module


def run_modules(
    paths: list[Path], *, between: Callable[[], None] | None = None, count_queries: bool = True
) -> tuple[list[Measurement], list[tuple[str, str]]]:
    """Run each module; returns the measurements and the (bench, traceback) of those that failed."""
    measurements: list[Measurement] = []
    failures: list[tuple[str, str]] = []
    for index, path in enumerate(paths):
        name = path.stem.removeprefix("bench_")
        report = Report(name, count_queries=count_queries)
        print(f"bench {name} ...", file=sys.stderr, flush=True)
        try:
            load(path).run(report)
        except Exception:
            failures.append((name, traceback.format_exc()))
        measurements.extend(report.measurements)
        if between is not None and index < len(paths) - 1:
            between()
    return measurements, failures


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}" if value else "0"


def render_table(measurements: list[Measurement]) -> str:
    headers = ["bench", "case", "value", "unit", "runs", "best", "queries", "note"]
    rows = [
        [
            m.bench,
            m.case,
            _number(m.value),
            m.unit,
            str(m.runs),
            _number(m.best),
            "" if m.queries is None else str(m.queries),
            m.note,
        ]
        for m in measurements
    ]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    numeric = {2, 4, 5, 6}

    def line(cells: list[str]) -> str:
        padded = (
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _setup_django() -> tuple[Callable[[], None], Callable[[], None]]:
    """Configure Django on a fresh test database; returns (flush, teardown)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    if connection.vendor != "postgresql":
        print(
            f"warning: benchmarks are meant for PostgreSQL (make bench); running on {connection.vendor}",
            file=sys.stderr,
        )
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=False)

    def flush() -> None:
        call_command("flush", interactive=False, verbosity=0)

    def teardown() -> None:
        teardown_databases(old_config, verbosity=0)

    return flush, teardown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-k", dest="pattern", default="", help="only bench modules whose name contains this")
    parser.add_argument("--list", action="store_true", help="list the bench modules and exit")
    parser.add_argument("--json", type=Path, help="also write the measurements to this JSON file")
    parser.add_argument("--dir", type=Path, default=BENCH_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    paths = discover(args.dir, args.pattern)
    if not paths:
        print(
            f"No benchmark modules yet ({args.dir.name}/bench_*.py{' matching ' + args.pattern if args.pattern else ''}): nothing to run."
        )
        return 0
    if args.list:
        print("\n".join(p.stem for p in paths))
        return 0

    flush, teardown = _setup_django()
    try:
        measurements, failures = run_modules(paths, between=flush)
    finally:
        teardown()

    print(render_table(measurements) if measurements else "No measurements recorded.")
    if args.json:
        args.json.write_text(json.dumps([asdict(m) for m in measurements], indent=2))
    for name, trace in failures:
        print(f"\nbench {name} FAILED:\n{trace}", file=sys.stderr)
    print(f"\n{len(paths)} bench modules, {len(measurements)} measurements, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
