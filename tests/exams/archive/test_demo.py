"""exams.demo_archive.seed: a closed demo report, its lot shelved; idempotent."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.models import AuditEvent, Role
from exams.demo_archive import DEMO_PLACE, seed
from exams.models import CopyLot, EventRoom, ExamReport
from exams.services import event_rooms_set, events_generate_from_m3c
from tests.exams.office.factories import final_session, published_world

pytestmark = pytest.mark.django_db


def test_seed_closes_one_demo_report_and_shelves_its_lot_once():
    world = published_world("strasbourg")
    session = final_session(world, title="Examens finaux — semestre 1 (démo)")
    event = events_generate_from_m3c(actor=world.office, session=session)[0]
    event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"]])
    lines: list[str] = []
    ctx = SimpleNamespace(institutions={"strasbourg": world.component.institution},
                          users={("strasbourg", Role.EXAM_OFFICE): world.office}, log=lines.append)
    seed(ctx)
    seed(ctx)
    lot = CopyLot.objects.get()
    assert lot.report.event_room == EventRoom.objects.get(event=event) and lot.storage_place == DEMO_PLACE
    assert ExamReport.objects.count() == 1 and AuditEvent.objects.filter(action="exams.copy_lot_updated").count() == 1
    assert lines[-1].endswith("1 lot(s).")


def test_seed_without_demo_session_says_so():
    lines: list[str] = []
    seed(SimpleNamespace(institutions={}, users={}, log=lines.append))
    assert "pas de lot" in lines[0] and not CopyLot.objects.exists()
