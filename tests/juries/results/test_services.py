"""Versioning, bounded queries, batched recompute trigger, publication."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.errors import PermissionDenied
from core.models import Role
from juries.models import Mark, ResultState, SemesterResult
from juries.results import services
from juries.results.services import results_compute, results_publish, results_schedule_recompute

from .factories import staff, synthetic

pytestmark = pytest.mark.django_db


def _sem_ids(seeded):  # type: ignore[no-untyped-def]
    return [s.pk for s in seeded.semesters.values()]


def test_recompute_without_change_keeps_version_and_mark_change_bumps_it():
    _scenario, seeded = synthetic(4)
    first = results_compute(semester_ids=_sem_ids(seeded))
    assert first.created == 8 and SemesterResult.objects.count() == 8
    again = results_compute(semester_ids=_sem_ids(seeded))
    assert (again.created, again.computed, again.unchanged) == (0, 0, 8)
    assert set(SemesterResult.objects.values_list("version", flat=True)) == {1}

    user = seeded.users["st0"]
    s1 = seeded.semesters["S1"]
    old = SemesterResult.objects.get(student=user, semester=s1)
    Mark.objects.filter(student=user, evaluation=seeded.evaluations["R1.01-DS"]).update(value=Decimal("19.5"))
    third = results_compute(semester_ids=[s1.pk])
    assert third.computed == 1  # only the student whose marks changed goes through the engine
    current = SemesterResult.objects.get(student=user, semester=s1, is_current=True)
    assert current.version == 2 and current.payload != old.payload
    old.refresh_from_db()
    assert old.is_current is False and old.version == 1  # history kept, never rewritten
    others = SemesterResult.objects.filter(is_current=True).exclude(student=user)
    assert set(others.values_list("version", flat=True)) == {1}


def test_query_count_does_not_grow_with_students(django_assert_max_num_queries):
    """Reads are a fixed set of queries; writes are bulk INSERTs, chunked only by the backend's
    limit on parameters per statement (SQLite: 999), never one per student."""
    reads, inserts, totals = [], [], []
    for n in (5, 30):
        _scenario, seeded = synthetic(n, seed=n)
        with CaptureQueriesContext(connection) as ctx:
            report = results_compute(semester_ids=_sem_ids(seeded))
        assert report.created == 2 * n
        sqls = [q["sql"] for q in ctx.captured_queries]
        totals.append(len(sqls))
        reads.append(len([q for q in sqls if not q.startswith("INSERT")]))
        inserts.append(len([q for q in sqls if q.startswith('INSERT INTO "juries_semesterresult"')]))
    assert reads[0] == reads[1]
    assert inserts[1] <= 1 + (2 * 30 * 20) // 999  # 60 rows in as few statements as the backend allows
    _scenario, seeded = synthetic(30, seed=3)
    with django_assert_max_num_queries(totals[1]):
        results_compute(semester_ids=_sem_ids(seeded))
    with django_assert_max_num_queries(reads[0] - 2):  # nothing changed: the reads, no savepoint, no write
        assert results_compute(semester_ids=_sem_ids(seeded)).created == 0


def test_three_mark_changes_in_one_transaction_trigger_one_recompute(django_capture_on_commit_callbacks,
                                                                     monkeypatch):
    _scenario, seeded = synthetic(3)
    s1 = seeded.semesters["S1"]
    calls = []
    real = services.results_compute
    monkeypatch.setattr(services, "results_compute", lambda **kw: calls.append(kw) or real(**kw))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for student_id in ("st0", "st1", "st2"):
            Mark.objects.filter(student=seeded.users[student_id],
                                evaluation=seeded.evaluations["R1.01-DS"]).update(value=Decimal(12))
            results_schedule_recompute([s1.pk])  # what the mark services call after each change
    assert len(callbacks) == 1
    assert len(calls) == 1 and calls[0]["semester_ids"] == [s1.pk]
    assert SemesterResult.objects.filter(semester=s1, is_current=True).count() == 3


def test_rolled_back_changes_do_not_leak_into_the_next_transaction(django_capture_on_commit_callbacks,
                                                                   monkeypatch):
    _scenario, seeded = synthetic(1)
    calls = []
    monkeypatch.setattr(services, "results_compute", lambda **kw: calls.append(kw) or services.ComputeReport())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            results_schedule_recompute([999_999])
            raise RuntimeError
        with transaction.atomic():
            results_schedule_recompute([seeded.semesters["S2"].pk])
    assert len(callbacks) == 1
    assert calls == [{"actor": None, "semester_ids": [seeded.semesters["S2"].pk]}]


def test_publish_provisional_then_new_version_stays_hidden_until_republished():
    _scenario, seeded = synthetic(2)
    s1 = seeded.semesters["S1"]
    results_compute(semester_ids=[s1.pk])
    president = staff(seeded)
    assert results_publish(actor=president, semester=s1) == 2
    row = SemesterResult.objects.get(student=seeded.users["st0"], semester=s1)
    assert row.state == ResultState.PUBLISHED and not row.published_final and row.published_at
    Mark.objects.filter(student=seeded.users["st0"], evaluation=seeded.evaluations["R1.01-DS"]).update(value=0)
    results_compute(semester_ids=[s1.pk])
    new = SemesterResult.objects.get(student=seeded.users["st0"], semester=s1, is_current=True)
    assert new.version == 2 and new.state == ResultState.DRAFT


def test_publish_refused_to_jury_member_and_student():
    _scenario, seeded = synthetic(1)
    s1 = seeded.semesters["S1"]
    results_compute(semester_ids=[s1.pk])
    for user in (staff(seeded, Role.JURY_MEMBER), seeded.users["st0"]):
        with pytest.raises(PermissionDenied):
            results_publish(actor=user, semester=s1)
    assert not SemesterResult.objects.filter(state=ResultState.PUBLISHED).exists()


@pytest.mark.parametrize(("value", "text"), [
    (None, "\\N"), (True, "t"), (False, "f"), (3, "3"), (Decimal("12.50"), "12.50"),
    ("a\tb\nc\\d", "a\\tb\\nc\\\\d"),
    ({"text": 'moyenne « projet » "x"\n'}, '{"text":"moyenne « projet » \\\\"x\\\\"\\\\n"}'),
])
def test_copy_text_format_escapes(value, text):
    from juries.results.copy import _text

    assert _text(value) == text


def test_a_mark_entered_through_the_entry_service_recomputes_the_semester(django_capture_on_commit_callbacks):
    """The grade-entry service (not the hook called by hand) schedules the recompute on commit."""
    from juries.services.entry import mark_set

    _scenario, seeded = synthetic(3)
    results_compute(semester_ids=_sem_ids(seeded))
    user, s1 = seeded.users["st0"], seeded.semesters["S1"]
    before = SemesterResult.objects.get(student=user, semester=s1, is_current=True)
    teacher = staff(seeded, Role.ADMINISTRATOR)
    teacher.is_superuser = True
    teacher.save(update_fields=["is_superuser"])
    with django_capture_on_commit_callbacks(execute=True):
        mark_set(actor=teacher, evaluation=seeded.evaluations["R1.01-DS"], student=user, value="19.5",
                 reason="correction")
    after = SemesterResult.objects.get(student=user, semester=s1, is_current=True)
    assert after.version == before.version + 1
    assert after.payload != before.payload
