"""Mark entry services: values, audit, batches and their undo, double marking, permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import ApplicationError, PermissionDenied
from core.models import AuditEvent
from juries.models import EntryBatch, Mark, MarkChange
from juries.services import entry_batch_undo, evaluation_publish, mark_set, marks_save

from .factories import grade_world, register

pytestmark = pytest.mark.django_db


def test_mark_set_stores_value_and_logs_change():
    w = grade_world()
    s = w.students[0]
    mark = mark_set(actor=w.teacher, evaluation=w.evaluation, student=s, value="12,5", reason="saisie")
    assert mark.value == Decimal("12.50") and mark.special == "" and mark.version == 1
    change = MarkChange.objects.get(mark=mark)
    assert (change.old_raw, change.new_raw, change.actor, change.reason) == ("", "12.50", w.teacher, "saisie")
    assert change.batch is not None and change.at is not None
    assert AuditEvent.objects.filter(action="juries.marks_entered", actor=w.teacher).exists()
    mark = mark_set(actor=w.teacher, evaluation=w.evaluation, student=s, value="abj")
    assert (mark.value, mark.special, mark.version) == (None, "ABJ", 2)
    assert list(MarkChange.objects.filter(mark=mark).order_by("pk").values_list("old_raw", "new_raw")) == [
        ("", "12.50"), ("12.50", "ABJ")]


@pytest.mark.parametrize("raw, reason_part", [
    ("21", "hors de l'intervalle"), ("-1", "hors de l'intervalle"), ("12.345", "décimales"),
    ("XYZ", "ni une note ni un code"), ("nan", "fini"),
])
def test_bad_values_are_rejected_and_nothing_written(raw, reason_part):
    w = grade_world()
    with pytest.raises(ApplicationError) as exc:
        marks_save(actor=w.teacher, evaluation=w.evaluation,
                   entries={(w.students[0].pk, "final"): "10", (w.students[1].pk, "final"): raw})
    assert exc.value.code == "juries.invalid_marks"
    assert reason_part in exc.value.fields[f"{w.students[1].pk}:final"][0]
    assert not Mark.objects.exists() and not EntryBatch.objects.exists()


def test_scale_of_the_component_is_used():
    w = grade_world(scale=10)
    with pytest.raises(ApplicationError):
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="15")
    assert mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="9.5").value == Decimal("9.5")


def test_unregistered_student_is_refused():
    w = grade_world()
    other = register(w.module, state="draft")  # administrative registration not validated
    with pytest.raises(ApplicationError) as exc:
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=other, value="10")
    assert "non inscrit" in exc.value.fields[f"{other.pk}:final"][0]


def test_only_team_or_designated_graders_enter():
    w = grade_world()
    with pytest.raises(PermissionDenied):
        mark_set(actor=w.outsider_teacher, evaluation=w.evaluation, student=w.students[0], value="10")
    with pytest.raises(PermissionDenied):
        mark_set(actor=w.students[1], evaluation=w.evaluation, student=w.students[0], value="20")
    # Designating graders restricts entry to them (and the module head).
    w.evaluation.graders.set([w.head])
    with pytest.raises(PermissionDenied):
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="10")
    assert mark_set(actor=w.head, evaluation=w.evaluation, student=w.students[0], value="10").value == 10


def test_batch_undo_restores_previous_values():
    w = grade_world()
    a, b, c = w.students
    first, _n = marks_save(actor=w.teacher, evaluation=w.evaluation,
                           entries={(a.pk, "final"): "10", (b.pk, "final"): "11"})
    second, n = marks_save(actor=w.teacher, evaluation=w.evaluation,
                           entries={(a.pk, "final"): "15", (b.pk, "final"): "ABI", (c.pk, "final"): "8"})
    assert n == 3
    undo = entry_batch_undo(actor=w.teacher, batch=second)
    marks = {m.student_id: m.raw() for m in Mark.objects.all()}
    assert marks == {a.pk: "10.00", b.pk: "11.00", c.pk: ""}
    second.refresh_from_db()
    assert second.undone_at is not None and second.undone_by == w.teacher
    assert undo is not None and undo.changes.count() == 3
    with pytest.raises(ApplicationError) as exc:
        entry_batch_undo(actor=w.teacher, batch=second)
    assert exc.value.code == "juries.batch_already_undone"
    # The first batch was superseded by later changes (the undo batch): refused.
    mark_set(actor=w.teacher, evaluation=w.evaluation, student=a, value="12")
    with pytest.raises(ApplicationError) as exc:
        entry_batch_undo(actor=w.teacher, batch=first)
    assert exc.value.code == "juries.batch_superseded"


def test_double_marking_keeps_both_marks_and_the_agreed_one():
    w = grade_world(double=True)
    s, t = w.students[0], w.students[1]
    marks_save(actor=w.teacher, evaluation=w.evaluation,
               entries={(s.pk, "first"): "12", (s.pk, "second"): "12", (t.pk, "first"): "8", (t.pk, "second"): "14"})
    ms, mt = Mark.objects.get(student=s), Mark.objects.get(student=t)
    assert (ms.raw("first"), ms.raw("second"), ms.raw()) == ("12.00", "12.00", "12.00")
    assert (mt.raw("first"), mt.raw("second"), mt.raw()) == ("8.00", "14.00", "")
    mark = mark_set(actor=w.head, evaluation=w.evaluation, student=t, value="11", reason="concertation")
    assert (mark.raw("first"), mark.raw("second"), mark.raw(), mark.agreed) == ("8.00", "14.00", "11.00", True)


def test_second_marker_refused_without_double_marking():
    w = grade_world()
    with pytest.raises(ApplicationError):
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="10", field="second")


def test_change_after_publication_requires_reason(django_capture_on_commit_callbacks):
    w = grade_world()
    mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="10")
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_publish(actor=w.head, evaluation=w.evaluation)
    with pytest.raises(ApplicationError) as exc:
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="11")
    assert exc.value.code == "juries.reason_required"
    assert mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="11",
                    reason="erreur de report").raw() == "11.00"


def test_concurrent_change_is_refused_not_overwritten():
    w = grade_world()
    s = w.students[0]
    mark_set(actor=w.teacher, evaluation=w.evaluation, student=s, value="10", expected="")
    mark_set(actor=w.head, evaluation=w.evaluation, student=s, value="12", expected="10.00")
    with pytest.raises(ApplicationError) as exc:  # the teacher's grid still shows 10.00
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=s, value="11", expected="10.00")
    assert exc.value.code == "juries.conflict" and exc.value.status_code == 409
    assert "12.00" in exc.value.fields[f"{s.pk}:final"][0]
    assert Mark.objects.get(student=s).raw() == "12.00"
