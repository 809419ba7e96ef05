"""The demo seed publishes a programme per preset and is idempotent."""

from __future__ import annotations

import io

import pytest

from core import demo as core_demo
from courses import demo
from courses.models import RCUE, Module, Programme, ProgrammeVersion
from courses.services.workflow import m3c_validate

pytestmark = pytest.mark.django_db


def test_demo_seed_publishes_one_programme_per_preset_and_is_idempotent():
    ctx = core_demo.seed(io.StringIO())
    demo.seed(ctx)
    versions = ProgrammeVersion.objects.select_related("programme__component__institution")
    assert {v.programme.component.institution.code for v in versions} == {
        "demo-iut-lyon1", "demo-utc", "demo-iut-rsy", "demo-tours", "demo-strasbourg"}
    assert all(v.state == "published" and v.snapshots.count() == 1 for v in versions)
    assert {v.programme.diploma_type for v in versions if v.programme.component.institution.code == "demo-tours"} \
        == {"LICENCE", "LP"}
    but = versions.get(programme__code="but-info", programme__component__institution__code="demo-iut-rsy")
    assert RCUE.objects.filter(study_year__programme_version=but).count() == 6
    assert Module.objects.filter(semester__study_year__programme_version=but, ue_links__isnull=False
                                 ).distinct().count() == len(demo.BUT_S1) + len(demo.BUT_S2)
    for v in versions:
        assert m3c_validate(v) == [], v
    count = Programme.objects.count()
    demo.seed(ctx)
    assert Programme.objects.count() == count
