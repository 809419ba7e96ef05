"""The history adds a fixed number of queries to the loader: 20 or 200 repeating students with
capitalised UEs, repeats and bonuses cost the same SQL (STYLE: set-based, bounded queries)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from juries.engine_types import StudentInput
from juries.models import BonusEntry
from juries.results.loader import load_cohorts
from juries.results.services import results_compute

from .factories import ALL_EIGHT, FAILED_YEAR, reregister, two_years

pytestmark = pytest.mark.django_db


def _cohort_of(n: int):  # type: ignore[no-untyped-def]
    ty = two_years([StudentInput(id=f"s{i}", marks=FAILED_YEAR if i % 2 else ALL_EIGHT) for i in range(n)])
    study_year = ty.study_year
    for i, user in enumerate(ty.last.users.values()):
        reregister(ty, user, ALL_EIGHT, modules=None if i % 3 else ["R1.02", "SAE1.01", "R2.01", "R2.02", "SAE2.01"])
    BonusEntry.objects.bulk_create(
        BonusEntry(student=user, study_year=study_year, academic_year=ty.this.version.academic_year, kind="sport",
                   value=Decimal(20), recorded_at="2027-06-01T10:00Z") for user in ty.last.users.values())
    return ty


def test_loader_and_compute_queries_do_not_grow_with_students():
    counts, computes = [], []
    for n in (20, 200):
        ty = _cohort_of(n)
        with CaptureQueriesContext(connection) as ctx:
            (cohort,) = load_cohorts(ty.sem_ids())
        counts.append(len(ctx.captured_queries))
        assert len(cohort.students) == n
        repeating = [s for s in cohort.students if s.capitalised]
        assert len(repeating) == n // 2 and all(s.repeats == {1: 1, 2: 1} for s in cohort.students)
        assert all(s.sport_sessions == {1: 20} for s in cohort.students)
        with CaptureQueriesContext(connection) as ctx:
            results_compute(semester_ids=ty.sem_ids())
        computes.append(len([q for q in ctx.captured_queries if not q["sql"].startswith("INSERT")]))
    assert counts[0] == counts[1]
    assert computes[0] == computes[1]
