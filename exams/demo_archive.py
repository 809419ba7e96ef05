"""Demo data of the copy archive (UTC-5.03a-retention, STRAS-113), run after ``exams.demo``.

The demo exam session is in the future, so no report is closed yet: the first room of its first
exam gets a closed report (copies = seats), the component's lots are opened and the demo lot is
shelved (place, box). Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from core.models import Role
from exams.models import Convocation, CopyLot, EventRoom, ExamReport
from exams.services.archive import copy_lot_update, copy_lots_ensure

DEMO_PLACE = "Local des examens, armoire 2 (démo)"


def seed(ctx: Any) -> None:
    room = (EventRoom.objects.filter(event__session__title__endswith="(démo)")
            .select_related("event__session__component", "room").order_by("event__start", "id").first())
    if room is None:
        ctx.log("  pas de session d'examens de démonstration : pas de lot de copies.")
        return
    session = room.event.session
    if not ExamReport.objects.filter(event_room=room).exists():
        seats = Convocation.objects.filter(event=room.event, room=room.room).count()
        ExamReport.objects.create(event_room=room, enrolled=seats, present=seats, signatures=seats, copies=seats,
                                  observations="Procès-verbal de démonstration.", closed_at=timezone.now())
    copy_lots_ensure(component=session.component, academic_year=session.academic_year)
    lot = CopyLot.objects.filter(report__event_room=room).first()
    if lot is not None and lot.storage_place != DEMO_PLACE and lot.state == "kept":
        preset = next((p for p, i in ctx.institutions.items() if i.pk == session.component.institution_id), None)
        office = ctx.users.get((preset, Role.EXAM_OFFICE)) if preset else None
        copy_lot_update(actor=office, lot=lot, storage_place=DEMO_PLACE, archive_box=f"{session.academic_year}-01",
                        handed_to="")
    ctx.log(f"  archive des copies : {CopyLot.objects.filter(report__event_room__event__session=session).count()} lot(s).")
