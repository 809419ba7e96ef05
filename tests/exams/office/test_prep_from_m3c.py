"""An oral's preparation time comes from the M3C (STRAS-80: the duration and, where applicable, the
preparation time defined by the M3C must be respected)."""

from __future__ import annotations

import pytest

from courses.models import AssessmentComponent
from exams.services import events_generate_from_m3c

from .factories import final_session, published_world

pytestmark = pytest.mark.django_db


def test_generated_oral_events_carry_the_m3c_preparation_time():
    world = published_world("strasbourg", students=1)
    AssessmentComponent.objects.filter(module=world.module, code="E1").update(type="oral", duration_minutes=20,
                                                                              prep_minutes=30)
    events = {e.assessment.code: e for e in events_generate_from_m3c(actor=None, session=final_session(world))
              if e.module_id == world.module.pk}
    assert (events["E1"].nature, events["E1"].duration_minutes, events["E1"].prep_minutes) == ("oral", 20, 30)
    assert events["E2"].prep_minutes == 0
