"""Demo holds: one « suspendue » where the profile holds unlisted candidates' marks (STRAS-35), one
« réservée » where it has a réserve procedure (UTC-3.01e-reserve-hold); idempotent."""

from __future__ import annotations

import io

import pytest

from core import demo as core_demo
from juries.models import MarkHold

pytestmark = pytest.mark.django_db

INSTITUTION = "evaluation__component__module__semester__study_year__programme_version__programme__component__institution"


def test_demo_holds_follow_the_profiles_and_are_idempotent(django_capture_on_commit_callbacks):
    from courses import demo as courses_demo
    from enrollment import demo as enrollment_demo
    from juries import demo as juries_demo
    from juries import demo_holds

    ctx = core_demo.seed(io.StringIO())
    courses_demo.seed(ctx)
    enrollment_demo.seed(ctx)
    with django_capture_on_commit_callbacks(execute=True):
        juries_demo.seed(ctx)
        demo_holds.seed(ctx)
    kinds = set(MarkHold.objects.values_list("kind", INSTITUTION))
    strasbourg, utc = ctx.institutions["strasbourg"].pk, ctx.institutions["utc"].pk
    assert ("unverified", strasbourg) in kinds and ("reserve", utc) in kinds
    assert ("reserve", strasbourg) not in kinds and ("unverified", utc) not in kinds
    assert ("reserve", ctx.institutions["iut-arl"].pk) not in kinds
    count = MarkHold.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        demo_holds.seed(ctx)
    assert MarkHold.objects.count() == count
