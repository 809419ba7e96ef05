"""The demo gives every preset evaluations with marks, one published provisionally (idempotent)."""

from __future__ import annotations

import io

import pytest

from core import demo as core_demo
from core.profiles.registry import PRESETS
from juries.models import Evaluation, Mark, Publication

pytestmark = pytest.mark.django_db


def test_demo_marks_published_and_idempotent(django_capture_on_commit_callbacks):
    from courses import demo as courses_demo
    from enrollment import demo as enrollment_demo
    from juries import demo as juries_demo

    ctx = core_demo.seed(io.StringIO())
    courses_demo.seed(ctx)
    enrollment_demo.seed(ctx)
    with django_capture_on_commit_callbacks(execute=True):
        juries_demo.seed(ctx)
    for preset in PRESETS:
        institution = ctx.institutions[preset]
        evaluations = Evaluation.objects.filter(
            component__module__semester__study_year__programme_version__programme__component__institution=institution)
        assert evaluations.count() == 2, preset
        assert Publication.objects.filter(evaluation__in=evaluations, provisional=True).count() == 1, preset
        assert Mark.objects.filter(evaluation__in=evaluations).count() > 0, preset
    counts = (Evaluation.objects.count(), Mark.objects.count(), Publication.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        juries_demo.seed(ctx)
    assert (Evaluation.objects.count(), Mark.objects.count(), Publication.objects.count()) == counts
