"""The exam demo seed: rooms everywhere, one published final session; idempotent."""

from __future__ import annotations

import io

import pytest

from core import demo as core_demo
from courses import demo as courses_demo
from enrollment import demo as enrollment_demo
from exams import demo
from exams.models import Convocation, ExamSession, Room

pytestmark = pytest.mark.django_db


def test_demo_seed_builds_a_published_session_and_is_idempotent(django_capture_on_commit_callbacks):
    ctx = core_demo.seed(io.StringIO())
    courses_demo.seed(ctx)
    enrollment_demo.seed(ctx)
    demo.seed(ctx)
    assert Room.objects.filter(adapted=True).count() == len(ctx.institutions)
    session = ExamSession.objects.get()
    assert session.state == "published" and session.events.count() > 0
    assert Convocation.objects.filter(event__session=session).exists()
    assert not session.timetable_late
    counts = (Room.objects.count(), ExamSession.objects.count(), Convocation.objects.count())
    demo.seed(ctx)
    assert (Room.objects.count(), ExamSession.objects.count(), Convocation.objects.count()) == counts
