"""The seating benchmark runs and stays far under its 5 s budget (issue 5)."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def test_bench_seating_within_budget():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_seating.py"
    spec = importlib.util.spec_from_file_location("bench_seating", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    measured = []
    module.run(lambda name, value, unit: measured.append((name, value, unit)))
    assert len(measured) == 2
    assert all(unit == "s" and value < module.BUDGET_S for _name, value, unit in measured)
