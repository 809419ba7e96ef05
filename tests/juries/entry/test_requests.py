"""Copy consultation and contestation: windows from the profile, staff answers, notices."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.calendar.working import PARIS
from core.errors import ApplicationError, NotFound
from core.models import Notice
from juries.models import Mark, MarkChange
from juries.services import (
    consultation_answer,
    consultation_request,
    contestation_answer,
    contestation_submit,
    evaluation_publish,
    mark_set,
)
from juries.services.requests import consultation_closes_at, contestation_closes_at

from .factories import grade_world

pytestmark = pytest.mark.django_db


def _published(preset: str, capture):  # type: ignore[no-untyped-def]
    w = grade_world(preset=preset)
    for s in w.students:
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=s, value="10")
    with capture(execute=True):
        evaluation_publish(actor=w.head, evaluation=w.evaluation)
    return w


def test_arl_consultation_window_is_two_weeks(django_capture_on_commit_callbacks):
    w = _published("iut-arl", django_capture_on_commit_callbacks)
    published = w.evaluation.publications.get().published_at
    closes = consultation_closes_at(w.evaluation)
    assert timezone.localtime(closes, PARIS).date() == timezone.localtime(published, PARIS).date() + dt.timedelta(14)
    req = consultation_request(actor=w.students[0], evaluation=w.evaluation)
    assert consultation_request(actor=w.students[0], evaluation=w.evaluation) == req  # idempotent while open
    with pytest.raises(ApplicationError) as exc:
        consultation_request(actor=w.students[1], evaluation=w.evaluation, now=closes + dt.timedelta(seconds=1))
    assert exc.value.rule_id == "ARL-ES18.3-consultation"


def test_unpublished_or_unregistered_cannot_request(django_capture_on_commit_callbacks):
    w = grade_world()
    mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="10")
    with pytest.raises(NotFound):
        consultation_request(actor=w.students[0], evaluation=w.evaluation)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_publish(actor=w.head, evaluation=w.evaluation)
    with pytest.raises(NotFound):
        consultation_request(actor=w.teacher, evaluation=w.evaluation)


def test_consultation_answer_notifies_student(django_capture_on_commit_callbacks):
    w = _published("utc", django_capture_on_commit_callbacks)
    req = consultation_request(actor=w.students[0], evaluation=w.evaluation, message="svp")
    with pytest.raises(ApplicationError):
        consultation_answer(actor=w.students[1], request=req, state="scheduled", answer="x")
    with django_capture_on_commit_callbacks(execute=True):
        consultation_answer(actor=w.head, request=req, state="scheduled", answer="Mardi 10h, bureau 12")
    assert Notice.objects.filter(kind="juries.consultation_answered", recipient=w.students[0]).count() == 1


def test_utc_contestation_within_15_days_and_answer_changes_mark(django_capture_on_commit_callbacks):
    w = _published("utc", django_capture_on_commit_callbacks)
    published = w.evaluation.publications.get().published_at
    closes = contestation_closes_at(w.evaluation)
    assert timezone.localtime(closes, PARIS).date() == timezone.localtime(published, PARIS).date() + dt.timedelta(15)
    mark = Mark.objects.get(student=w.students[0])
    with pytest.raises(ApplicationError) as exc:
        contestation_submit(actor=w.students[0], mark=mark, reasons="oubli", now=closes + dt.timedelta(seconds=1))
    assert exc.value.rule_id == "UTC-5.03b-contest"
    with pytest.raises(ApplicationError):
        contestation_submit(actor=w.students[0], mark=mark, reasons="  ")
    with pytest.raises(NotFound):  # another student's mark
        contestation_submit(actor=w.students[1], mark=mark, reasons="pourquoi pas")
    c = contestation_submit(actor=w.students[0], mark=mark, reasons="Question 3 non comptée")
    with django_capture_on_commit_callbacks(execute=True):
        contestation_answer(actor=w.head, contestation=c, answer="Erreur de report", new_value="12")
    c.refresh_from_db()
    assert (c.state, c.old_raw, c.new_raw) == ("upheld", "10.00", "12.00")
    assert Mark.objects.get(pk=mark.pk).raw() == "12.00"
    change = MarkChange.objects.filter(mark=mark).latest("pk")
    assert change.batch.source == "contestation" and change.old_raw == "10.00"
    assert Notice.objects.filter(kind="juries.contestation_answered", recipient=w.students[0]).exists()
    with pytest.raises(ApplicationError):
        contestation_answer(actor=w.head, contestation=c, answer="encore")


def test_tours_consultation_opens_a_service_deadline(django_capture_on_commit_callbacks):
    from core.models import Deadline

    w = _published("tours", django_capture_on_commit_callbacks)
    assert consultation_closes_at(w.evaluation) is None  # no closing date: a service delay instead
    now = timezone.make_aware(dt.datetime(2026, 12, 1, 10, 0), PARIS)
    req = consultation_request(actor=w.students[0], evaluation=w.evaluation, now=now)
    deadline = Deadline.objects.get(key=f"juries.consultation:{req.pk}")
    assert deadline.rule_id == "TOURS-VI-4.6-consultation"
    assert timezone.localtime(deadline.due_at, PARIS).date() == dt.date(2027, 1, 1)  # one month after the request
    with django_capture_on_commit_callbacks(execute=True):
        consultation_answer(actor=w.head, request=req, state="done", answer="Copie consultée le 5/12.")
    deadline.refresh_from_db()
    assert deadline.state == "met"
