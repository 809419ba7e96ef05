"""The results-engine benchmark keeps running (small cohort; the real size runs in benchmarks/run.py)."""

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_results_engine.py"


def test_benchmark_reports_time(monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_results_engine", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    reports = []
    module.run(lambda name, value, unit: reports.append((name, value, unit)), students=20)
    names = {name: unit for name, _, unit in reports}
    assert names == {
        "cohort 20 students x 30 modules x 3 evaluations": "s",
        "marks per second": "marks/s",
        "JSON rendering of the cohort's results": "s",
    }
    assert all(value > 0 for _, value, _ in reports)
