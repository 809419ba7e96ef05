"""The demo seed of absence files is idempotent and walks the procedure of the profile."""

from __future__ import annotations

import pytest

from exams.demo_reserves import seed
from exams.models import ReserveFile
from exams.rules.reserves import RESERVE, ZERO_PROVISIONAL
from exams.services import event_rooms_set, events_generate_from_m3c, seats_allocate
from juries.models import MarkHold
from tests.exams.office.factories import final_session, published_world

pytestmark = pytest.mark.django_db


class Ctx:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def log(self, line: str) -> None:
        self.lines.append(line)


def test_demo_seed_is_idempotent():
    ctx = Ctx()
    seed(ctx)
    assert "pas de dossier" in ctx.lines[-1]
    world = published_world("utc")
    session = final_session(world, title="Examens finaux S1 (démo)")
    for event in events_generate_from_m3c(actor=world.office, session=session):
        event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"]])
        seats_allocate(actor=world.office, event=event)
    seed(ctx)
    assert sorted(ReserveFile.objects.values_list("state", flat=True)) == sorted([RESERVE, ZERO_PROVISIONAL])
    assert MarkHold.objects.filter(kind="reserve", released_at__isnull=True).count() == 1
    seed(ctx)
    assert ReserveFile.objects.count() == 2 and "déjà présents" in ctx.lines[-1]
