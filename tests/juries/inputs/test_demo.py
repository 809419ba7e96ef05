"""Demo bonus inputs follow the profiles (only where a sport or engagement bonus exists) and are
idempotent."""

from __future__ import annotations

import io

import pytest

from core import demo as core_demo
from juries.models import BonusEntry

pytestmark = pytest.mark.django_db

INSTITUTION = "study_year__programme_version__programme__component__institution"


def test_demo_bonuses_follow_the_profiles_and_are_idempotent(django_capture_on_commit_callbacks):
    from courses import demo as courses_demo
    from enrollment import demo as enrollment_demo
    from juries import demo as juries_demo
    from juries import demo_inputs

    ctx = core_demo.seed(io.StringIO())
    courses_demo.seed(ctx)
    enrollment_demo.seed(ctx)
    with django_capture_on_commit_callbacks(execute=True):
        juries_demo.seed(ctx)
        demo_inputs.seed(ctx)
    institutions = set(BonusEntry.objects.values_list(INSTITUTION, flat=True))
    assert institutions == {ctx.institutions["iut-rsy"].pk}  # the only preset with bonuses
    count = BonusEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        demo_inputs.seed(ctx)
    assert BonusEntry.objects.count() == count
