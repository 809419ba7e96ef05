"""Exam office API of grade entry: exam evaluation, system-written marks, holds (UTC-3.01e-reserve-hold,
UTC-3.01e-reserve-lift, STRAS-35)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.errors import ApplicationError
from core.models import AuditEvent
from juries.models import Evaluation, HoldOutcome, Mark, MarkChange, MarkHold
from juries.models.entry import BatchSource
from juries.selectors import active_holds_for
from juries.services import exam_evaluation, exam_mark_set, mark_hold_place, mark_hold_release
from tests.factories import UserFactory
from tests.juries.entry.factories import EXAM_DAY, grade_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return grade_world(preset="utc", students=2)


@pytest.fixture
def recomputes(monkeypatch):
    """Semester ids passed to results_schedule_recompute by the services (one list per call)."""
    calls: list[list[int]] = []
    from juries.services import entry, holds

    for module in (entry, holds):
        monkeypatch.setattr(module, "results_schedule_recompute", lambda ids: calls.append(list(ids)))
    return calls


def _place(world, student, kind="reserve", key="k1", rule_id="UTC-3.01e-reserve-hold", actor=None):
    return mark_hold_place(actor=actor, component=world.component, session_number=1, on=EXAM_DAY,
                           student_user=student, kind=kind, key=key, rule_id=rule_id, reason="absent")


def test_exam_evaluation_reuses_the_session_sitting_and_creates_session_2(world):
    assert exam_evaluation(component=world.component, session_number=1, on=EXAM_DAY) == world.evaluation
    # another date, not continuous assessment: still the exam of session 1
    assert exam_evaluation(component=world.component, session_number=1, on=dt.date(2026, 12, 1)) == world.evaluation
    second = exam_evaluation(component=world.component, session_number=2, on=dt.date(2027, 1, 10))
    assert (second.session, second.number, second.date) == ("2", 1, dt.date(2027, 1, 10))
    assert exam_evaluation(component=world.component, session_number=2, on=dt.date(2027, 1, 12)) == second
    assert Evaluation.objects.filter(component=world.component).count() == 2


def test_exam_evaluation_continuous_assessment_adds_a_sitting(world):
    world.component.is_continuous = True
    world.component.save()
    other = exam_evaluation(component=world.component, session_number=1, on=dt.date(2026, 12, 1))
    assert other != world.evaluation and other.number == 2


def test_exam_evaluation_rejects_unknown_session(world):
    with pytest.raises(ApplicationError) as exc:
        exam_evaluation(component=world.component, session_number=3, on=EXAM_DAY)
    assert "session_number" in exc.value.fields


def test_exam_mark_set_writes_through_mark_changes_and_audit(world, recomputes):
    student = world.students[0]
    office = UserFactory()  # not in the module team: the exam office's own permission was checked upstream
    mark = exam_mark_set(actor=office, component=world.component, session_number=1, on=EXAM_DAY,
                             student_user=student, value="0", reason="Absent", rule_id="UTC-3.01e-zero")
    assert mark.value == Decimal("0.00") and mark.special == ""
    change = MarkChange.objects.get(mark=mark)
    assert (change.old_raw, change.new_raw, change.actor, change.batch.source) == ("", "0.00", office,
                                                                                   BatchSource.EXAM)
    assert AuditEvent.objects.filter(action="juries.exam_mark_set", rule_id="UTC-3.01e-zero").count() == 1
    assert recomputes == [[world.module.semester_id]]
    # system job (actor None), special code
    mark = exam_mark_set(actor=None, component=world.component, session_number=1, on=EXAM_DAY,
                         student_user=student, value="abi", reason="Absent", rule_id="RSY-A3-abi-zero")
    assert mark.special == "ABI"


def test_exam_mark_set_rejects_bad_value_and_missing_reason(world):
    kwargs = {"actor": None, "component": world.component, "session_number": 1, "on": EXAM_DAY,
              "student_user": world.students[0], "rule_id": "UTC-3.01e-zero"}
    with pytest.raises(ApplicationError) as exc:
        exam_mark_set(value="25", reason="x", **kwargs)
    assert "value" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        exam_mark_set(value="0", reason=" ", **kwargs)
    assert exc.value.fields == {"reason": ["Motif obligatoire."]}
    assert not Mark.objects.exists()


def test_place_is_idempotent_on_key_and_audited(world, recomputes):
    student = world.students[0]
    hold = _place(world, student)
    again = _place(world, student)
    assert again.pk == hold.pk and MarkHold.objects.count() == 1
    assert (hold.evaluation, hold.student, hold.kind, hold.is_active) == (world.evaluation, student, "reserve", True)
    assert AuditEvent.objects.filter(action="juries.mark_hold_placed").count() == 1
    assert recomputes == [[world.module.semester_id]]
    assert list(active_holds_for([student.pk], [world.evaluation.pk])) == [hold]
    assert not active_holds_for([world.students[1].pk], [world.evaluation.pk]).exists()


def test_place_rejects_unknown_kind_and_bad_key(world):
    with pytest.raises(ApplicationError) as exc:
        _place(world, world.students[0], kind="other")
    assert "kind" in exc.value.fields
    for key in ("", "k" * 201):
        with pytest.raises(ApplicationError) as exc:
            _place(world, world.students[0], key=key)
        assert "key" in exc.value.fields
    assert not MarkHold.objects.exists()


@pytest.mark.parametrize(
    ("kind", "outcome", "value", "expected_raw"),
    [
        ("reserve", HoldOutcome.LIFTED, "14.5", "14.50"),
        ("reserve", HoldOutcome.EXPIRED, None, "0.00"),
        ("unverified", HoldOutcome.CONFIRMED, None, "11.00"),
        ("unverified", HoldOutcome.CONFIRMED, "12", "12.00"),
        ("unverified", HoldOutcome.REFUSED, "15", "11.00"),  # refused: value ignored, mark excluded by the loader
    ],
)
def test_release_outcomes(world, recomputes, kind, outcome, value, expected_raw):
    student, office = world.students[0], UserFactory()
    exam_mark_set(actor=None, component=world.component, session_number=1, on=EXAM_DAY, student_user=student,
                  value="11", reason="Copie", rule_id="STRAS-35")
    _place(world, student, kind=kind, rule_id="STRAS-35" if kind == "unverified" else "UTC-3.01e-reserve-hold")
    recomputes.clear()
    hold = mark_hold_release(actor=office, key="k1", outcome=outcome, value=value, reason="vérifié")
    assert hold is not None and hold.outcome == outcome and hold.released_by == office and not hold.is_active
    assert Mark.objects.get(student=student, evaluation=world.evaluation).raw() == expected_raw
    assert hold.excludes_mark == (outcome == HoldOutcome.REFUSED)
    # scheduled (calls within one transaction coalesce into one recompute: juries.results.services)
    assert recomputes and {tuple(c) for c in recomputes} == {(world.module.semester_id,)}
    assert AuditEvent.objects.filter(action="juries.mark_hold_released", after__outcome=outcome).count() == 1
    assert not active_holds_for([student.pk], [world.evaluation.pk]).exists()
    # releasing again is a no-op returning the hold
    again = mark_hold_release(actor=office, key="k1", outcome=HoldOutcome.EXPIRED, value="3")
    assert again.pk == hold.pk and again.outcome == outcome
    assert Mark.objects.get(student=student, evaluation=world.evaluation).raw() == expected_raw
    assert AuditEvent.objects.filter(action="juries.mark_hold_released").count() == 1


def test_release_unknown_key_returns_none_and_wrong_outcome_is_refused(world):
    assert mark_hold_release(actor=None, key="nope", outcome="confirmed") is None
    _place(world, world.students[0], kind="reserve")
    with pytest.raises(ApplicationError) as exc:
        mark_hold_release(actor=None, key="k1", outcome=HoldOutcome.CONFIRMED)
    assert "outcome" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        mark_hold_release(actor=None, key="k1", outcome=HoldOutcome.LIFTED)
    assert exc.value.rule_id == "UTC-3.01e-reserve-lift"
    assert MarkHold.objects.get(key="k1").is_active
