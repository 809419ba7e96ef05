"""Benchmark: seat allocation for a 1,000-seat exam session (issue 5 budget: ≤ 5 s).

1,000 candidates, 30 of them with accommodations (tiers-temps, separate room, secretary,
accessible room), 12 ordinary rooms and 8 adapted rooms; random order with a seed and anonymity
numbers, then alphabetical order. The allocation is O(n log n) (exams/rules/seating.py).
``run(report)`` is called by ``benchmarks/run.py`` with ``report(name, value, unit)``.
Standalone: ``python benchmarks/bench_seating.py``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

CANDIDATES = 1000
ACCOMMODATED = 30
BUDGET_S = 5.0


def _setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def build_inputs():  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta
    from fractions import Fraction

    from core.calendar.working import PARIS
    from exams.rules.accommodations import Accommodation
    from exams.rules.base import ExamSlot
    from exams.rules.seating import Candidate, Room

    kinds = [
        Accommodation(extra_time=Fraction(1, 3)),
        Accommodation(extra_time=Fraction(1, 3), large_print=True),
        Accommodation(extra_time=Fraction(1, 3), accessible_room=True),
        Accommodation(separate_room=True, extra_time=Fraction(1, 3)),
        Accommodation(secretary=True, extra_time=Fraction(1, 2)),
    ]
    candidates = []
    for i in range(CANDIDATES):
        acc = kinds[i % len(kinds)] if i < ACCOMMODATED else Accommodation()
        candidates.append(Candidate(f"2026{i:05d}", f"Nom{(i * 7919) % CANDIDATES:04d}", f"Prénom{i % 97}", acc))
    rooms = [Room(f"AMPHI-{k}", 84) for k in range(12)]  # 1,008 ordinary seats
    rooms += [Room(f"TT-{k}", 10, adapted=True, accessible=k < 2) for k in range(2)]
    rooms += [Room(f"IND-{k}", 1, adapted=True, accessible=k == 0) for k in range(14)]
    slot = ExamSlot(start=datetime(2027, 1, 11, 9, tzinfo=PARIS), duration=timedelta(hours=2))
    return candidates, rooms, slot


def run(report: Callable[[str, float, str], None]) -> None:
    from exams.rules.seating import allocate_seats

    candidates, rooms, slot = build_inputs()
    t0 = time.perf_counter()
    plan = allocate_seats(candidates, rooms, slot=slot, order="random", seed="MT91-2027-S1", anonymous=True)
    random_s = time.perf_counter() - t0
    assert len(plan.assignments) == CANDIDATES
    t0 = time.perf_counter()
    allocate_seats(candidates, rooms, slot=slot, order="alphabetical")
    alpha_s = time.perf_counter() - t0
    report("seating: 1,000 candidates (30 accommodated), random + anonymity", random_s, "s")
    report("seating: 1,000 candidates (30 accommodated), alphabetical", alpha_s, "s")
    if max(random_s, alpha_s) > BUDGET_S:
        raise AssertionError(f"seat allocation over the {BUDGET_S} s budget")


if __name__ == "__main__":
    _setup_django()
    run(lambda name, value, unit: print(f"{name}: {value:.4f} {unit}"))
