"""The accommodation demo: per preset, one request granted, one waiting, one refused; idempotent."""

from __future__ import annotations

import io

import pytest

from core import demo as core_demo
from core.profiles.registry import PRESETS
from enrollment.models import AccommodationRequest

pytestmark = pytest.mark.django_db


def test_demo_requests_per_preset_and_idempotent(django_capture_on_commit_callbacks):
    from courses import demo as courses_demo
    from enrollment import demo as enrollment_demo
    from enrollment import demo_accommodations

    ctx = core_demo.seed(io.StringIO())
    courses_demo.seed(ctx)
    enrollment_demo.seed(ctx)
    with django_capture_on_commit_callbacks(execute=True):
        demo_accommodations.seed(ctx)
    for preset in PRESETS:
        states = sorted(AccommodationRequest.objects.filter(student__institution=ctx.institutions[preset])
                        .values_list("state", flat=True))
        assert states == ["granted", "refused", "submitted"], preset
    count = AccommodationRequest.objects.count()
    demo_accommodations.seed(ctx)
    assert AccommodationRequest.objects.count() == count
