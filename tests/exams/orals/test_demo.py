"""The oral demo seed: an oral with panels and passages next to the demo finals; idempotent."""

from __future__ import annotations

import io

import pytest

from core import demo as core_demo
from courses import demo as courses_demo
from enrollment import demo as enrollment_demo
from exams import demo, demo_orals
from exams.models import OralPassage, OralSchedule
from exams.services import conflicts_check

pytestmark = pytest.mark.django_db


def test_demo_orals_seed_is_idempotent_and_conflict_free(django_capture_on_commit_callbacks):
    ctx = core_demo.seed(io.StringIO())
    courses_demo.seed(ctx)
    enrollment_demo.seed(ctx)
    demo.seed(ctx)
    demo_orals.seed(ctx)
    schedule = OralSchedule.objects.select_related("event__session").get()
    assert schedule.panels.count() == 2 and OralPassage.objects.filter(schedule=schedule).exists()
    assert conflicts_check(schedule.event.session) == []
    count = OralPassage.objects.count()
    demo_orals.seed(ctx)
    assert OralSchedule.objects.count() == 1 and OralPassage.objects.count() == count
