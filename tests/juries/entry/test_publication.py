"""Provisional publication: the deadline row from the profile, the notices, STRAS-87."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.calendar.working import PARIS
from core.errors import ApplicationError
from core.models import Deadline, Notice
from juries.models import Publication
from juries.services import evaluation_publish, mark_set

from .factories import grade_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("preset, due, rule", [
    ("iut-arl", dt.date(2026, 12, 14), "ARL-ES18.1-provisional-results"),  # 4 weeks after 16/11 (ES 18.1)
    ("utc", dt.date(2026, 12, 7), "UTC-5.02-grades"),  # 3 weeks (UTC-5.02)
])
def test_evaluation_opens_publication_deadline(preset, due, rule):
    w = grade_world(preset=preset)
    deadline = Deadline.objects.get(key=f"juries.provisional_release:{w.evaluation.pk}")
    assert timezone.localtime(deadline.due_at, PARIS).date() == due
    assert deadline.rule_id == rule and deadline.assignee_role == "module_head"
    assert deadline.state == "pending"


def test_strasbourg_has_no_delay_and_requires_provisional_label(django_capture_on_commit_callbacks):
    w = grade_world(preset="strasbourg")
    assert not Deadline.objects.filter(key=f"juries.provisional_release:{w.evaluation.pk}").exists()
    mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="10")
    with pytest.raises(ApplicationError) as exc:
        evaluation_publish(actor=w.head, evaluation=w.evaluation, provisional=False)
    assert exc.value.rule_id == "STRAS-87" and not Publication.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        publication = evaluation_publish(actor=w.head, evaluation=w.evaluation, provisional=True)
    assert publication.provisional


def test_publish_meets_deadline_and_notifies_each_student_once(django_capture_on_commit_callbacks, mailoutbox):
    w = grade_world()
    for s, v in zip(w.students, ("12", "8.5", "ABI"), strict=True):
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=s, value=v)
    with django_capture_on_commit_callbacks(execute=True):
        publication = evaluation_publish(actor=w.teacher, evaluation=w.evaluation)
    deadline = Deadline.objects.get(key=f"juries.provisional_release:{w.evaluation.pk}")
    assert deadline.state == "met"
    notices = Notice.objects.filter(kind="juries.provisional_marks")
    assert {n.recipient_id for n in notices} == {s.pk for s in w.students}
    assert {n.key for n in notices} == {f"juries.provisional_marks:{publication.pk}:{s.pk}" for s in w.students}
    assert any("provisoires" in m.subject for m in mailoutbox)


def test_nothing_to_publish_and_outsider_refused():
    w = grade_world()
    with pytest.raises(ApplicationError) as exc:
        evaluation_publish(actor=w.head, evaluation=w.evaluation)
    assert exc.value.code == "juries.nothing_to_publish"
    mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="10")
    with pytest.raises(ApplicationError):
        evaluation_publish(actor=w.outsider_teacher, evaluation=w.evaluation)
    with pytest.raises(ApplicationError):
        evaluation_publish(actor=w.students[0], evaluation=w.evaluation)
    assert not Publication.objects.exists()


def test_moving_the_evaluation_moves_its_deadline():
    from juries.services import evaluation_update

    w = grade_world()
    with pytest.raises(ApplicationError):
        evaluation_update(actor=w.outsider_teacher, evaluation=w.evaluation, date=dt.date(2026, 11, 23))
    evaluation_update(actor=w.head, evaluation=w.evaluation, date=dt.date(2026, 11, 23))
    deadline = Deadline.objects.get(key=f"juries.provisional_release:{w.evaluation.pk}")
    assert timezone.localtime(deadline.due_at, PARIS).date() == dt.date(2026, 12, 21)
