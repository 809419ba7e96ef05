import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from juries.results.services import results_compute
from tests.juries.results.factories import synthetic

@pytest.mark.django_db
def test_q():
    out = []
    for n in (5, 30):
        _s, seeded = synthetic(n, seed=n)
        with CaptureQueriesContext(connection) as ctx:
            results_compute(semester_ids=[s.pk for s in seeded.semesters.values()])
        out.append([q["sql"][:150] for q in ctx.captured_queries])
    for a in out: print("\n---"); print("\n".join(a))
