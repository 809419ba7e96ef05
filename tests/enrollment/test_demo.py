"""The demo of every preset has students registered to a published programme (acceptance)."""

from __future__ import annotations

import io

import pytest

from core import demo as core_demo
from core.profiles.registry import PRESETS
from enrollment.models import Accommodation, AdministrativeRegistration, Student

pytestmark = pytest.mark.django_db


def test_demo_students_registered_to_published_programme():
    from courses import demo as courses_demo
    from enrollment import demo as enrollment_demo

    ctx = core_demo.seed(io.StringIO())
    courses_demo.seed(ctx)
    enrollment_demo.seed(ctx)
    for preset in PRESETS:
        institution = ctx.institutions[preset]
        validated = AdministrativeRegistration.objects.filter(
            student__institution=institution, state="validated",
            study_year__programme_version__state__in=("published", "frozen"),
        )
        assert validated.count() >= 15, preset
        assert validated.filter(pedagogical_registrations__module_registrations__isnull=False).exists(), preset
        assert AdministrativeRegistration.objects.filter(student__institution=institution, state="incomplete").count() == 2
        assert Student.objects.filter(institution=institution, attendance_exempt=True).count() == 1
        assert Accommodation.objects.filter(student__institution=institution, extra_time_percent=33).count() == 1
        assert Student.objects.filter(institution=institution, user__email=f"etudiant1@{ctx.domains[preset]}").exists()
    count = AdministrativeRegistration.objects.count()
    enrollment_demo.seed(ctx)  # idempotent
    assert AdministrativeRegistration.objects.count() == count
