"""« Mes examens » shows an oral candidate's own preparation and passage times once the schedule is
published (STRAS-80), and the exam's times before."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse

from core.calendar.working import PARIS
from exams.services import session_publish
from exams.services.orals import oral_passages_generate, oral_schedule_publish

from .factories import oral_world

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 10, 20, 10, tzinfo=PARIS)


def test_my_exams_shows_the_personal_passage_once_published(client, django_capture_on_commit_callbacks):
    ow = oral_world()
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(actor=ow.world.office, session=ow.session, now=NOW)
    last = sorted(oral_passages_generate(actor=ow.world.office, event=ow.oral), key=lambda p: p.start)[-1]
    client.force_login(last.student.user)
    page = client.get(reverse("exams:my_exams")).content.decode()
    assert "passage 10:10" not in page  # draft schedule: not shown
    with django_capture_on_commit_callbacks(execute=True):
        oral_schedule_publish(actor=ow.world.office, event=ow.oral, now=NOW)
    page = client.get(reverse("exams:my_exams")).content.decode()
    assert "préparation 09:40" in page and "passage 10:10 – 10:30" in page and "jury J1" in page
    assert "INVALID_TEMPLATE_VARIABLE" not in page
