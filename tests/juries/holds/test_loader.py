"""The results loader sees a held mark as pending (ATT) and drops a mark whose right to sit was
refused (STRAS-35, UTC-3.01e-reserve-hold)."""

from __future__ import annotations

import pytest

from juries.models import HoldOutcome, Mark, SemesterResult
from juries.results.loader import _apply_holds, load_cohorts
from juries.results.services import results_compute
from juries.rules.values import Special
from juries.services import exam_mark_set, mark_hold_place, mark_hold_release
from tests.juries.entry.factories import EXAM_DAY, grade_world
from tests.juries.results.factories import seeded_scenario

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("marks", "holds", "expected"),
    [
        ([(1, 10, 12.0, "")], [], [(1, 10, 12.0, "")]),
        ([(1, 10, 12.0, "")], [(1, 10, "")], [(1, 10, None, "ATT")]),
        ([], [(1, 10, "")], [(1, 10, None, "ATT")]),  # held before any mark is stored
        ([(1, 10, 12.0, "")], [(1, 10, HoldOutcome.REFUSED)], []),
        ([(1, 10, 12.0, "")], [(1, 10, ""), (1, 10, HoldOutcome.REFUSED)], []),
        ([(1, 10, 12.0, ""), (2, 10, 9.0, "")], [(2, 10, "")], [(1, 10, 12.0, ""), (2, 10, None, "ATT")]),
        ([(1, 10, 12.0, "")], [(1, 11, "")], [(1, 10, 12.0, ""), (1, 11, None, "ATT")]),
    ],
)
def test_apply_holds(marks, holds, expected):
    assert _apply_holds(marks, holds) == expected


def _marks_of(world, student):
    (cohort,) = load_cohorts([world.module.semester_id])
    return next(s for s in cohort.students if s.id == str(student.pk)).marks


def _set(world, student, value):
    exam_mark_set(actor=None, component=world.component, session_number=1, on=EXAM_DAY, student_user=student,
                  value=value, reason="copie", rule_id="STRAS-35")


@pytest.mark.parametrize(
    ("kind", "outcome", "expected_after"),
    [("unverified", HoldOutcome.CONFIRMED, 15.0), ("unverified", HoldOutcome.REFUSED, None),
     ("reserve", HoldOutcome.EXPIRED, 0.0)],
)
def test_loader_held_then_released(kind, outcome, expected_after):
    world = grade_world(preset="strasbourg", students=2)
    student, other = world.students
    code = f"e{world.evaluation.pk}"
    _set(world, student, "15")
    _set(world, other, "8")
    mark_hold_place(actor=None, component=world.component, session_number=1, on=EXAM_DAY, student_user=student,
                    kind=kind, key="h", rule_id="STRAS-35")
    assert _marks_of(world, student)[code] is Special.ATT
    assert _marks_of(world, other)[code] == 8.0
    mark_hold_release(actor=None, key="h", outcome=outcome)
    assert _marks_of(world, student).get(code) == expected_after


def test_results_mean_pending_while_held_and_computed_after_confirmation():
    _scenario, seeded = seeded_scenario("licence_compensation.yaml")
    sem_ids = [s.pk for s in seeded.semesters.values()]
    mark = Mark.objects.filter(value__isnull=False, evaluation__session="1").select_related(
        "evaluation__component__module", "student").order_by("pk").first()
    evaluation, student = mark.evaluation, mark.student
    results_compute(semester_ids=sem_ids)
    sem_id = evaluation.component.module.semester_id
    before = SemesterResult.objects.get(student=student, semester_id=sem_id, is_current=True)
    assert before.mean is not None
    mark_hold_place(actor=None, component=evaluation.component, session_number=1, on=evaluation.date,
                    student_user=student, kind="unverified", key="h", rule_id="STRAS-35")
    results_compute(semester_ids=sem_ids)
    held = SemesterResult.objects.get(student=student, semester_id=sem_id, is_current=True)
    assert held.version == before.version + 1 and held.mean is None  # pending while verified
    others = SemesterResult.objects.filter(semester_id=sem_id, is_current=True).exclude(student=student)
    assert all(r.version == 1 for r in others)
    mark_hold_release(actor=None, key="h", outcome=HoldOutcome.CONFIRMED)
    results_compute(semester_ids=sem_ids)
    after = SemesterResult.objects.get(student=student, semester_id=sem_id, is_current=True)
    assert after.version == held.version + 1 and after.mean == before.mean
