"""The exam-day demo seed: half of the first room signed in, envelopes and distribution recorded; idempotent."""

from __future__ import annotations

import io

import pytest

from core import demo as core_demo
from courses import demo as courses_demo
from enrollment import demo as enrollment_demo
from exams import demo, demo_day
from exams.models import Attendance, RoomLog

pytestmark = pytest.mark.django_db


def test_demo_day_seed_signs_half_of_the_first_room_in_and_is_idempotent():
    ctx = core_demo.seed(io.StringIO())
    courses_demo.seed(ctx)
    enrollment_demo.seed(ctx)
    demo.seed(ctx)
    demo_day.seed(ctx)
    log = RoomLog.objects.get()
    assert log.envelopes_opened_at is not None and log.first_distribution_at is not None
    signed = Attendance.objects.filter(event_room=log.event_room, signed_at__isnull=False).count()
    assert signed >= 1
    demo_day.seed(ctx)
    assert Attendance.objects.filter(event_room=log.event_room, signed_at__isnull=False).count() == signed
