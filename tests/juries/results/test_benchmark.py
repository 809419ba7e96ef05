"""The DB results benchmark keeps running (tiny cohorts; the real sizes run in `make bench`)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3] / "benchmarks"


def _load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(f"test_{name}", ROOT / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # the runner's dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_bench_results_db_reports_time_and_equal_queries():
    report = _load("run").Report("results_db")
    _load("bench_results_db").run(report, sizes=(3, 6))
    values = {m.case: m for m in report.measurements}
    assert values["SQL queries at 3 students"].value == values["SQL queries at 6 students"].value
    assert values["current SemesterResult rows"].value == 2 * (3 + 6)
    assert values["results_compute, 6 students x 30 modules x 3 evals (first computation)"].queries > 0
