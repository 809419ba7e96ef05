"""Demo data of the exam day (run after ``exams.demo``): in the first room of the first exam of the demo
final session, the head of room opens the envelopes, distributes the subjects and signs in half of the
candidates (paper and invigilator), so the phone page, the screen's QR code and the PV prefill show
something. The rest stays "expected" for the visitor to tick. Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from exams.models import Attendance, EventRoom, ExamSession
from exams.models.attendance import SignInMethod
from exams.selectors_day import room_candidates
from exams.services.attendance import attendance_mark_present, room_event_record


def seed(ctx: Any) -> None:
    finals = ExamSession.objects.filter(title__endswith="(démo)", kind="final").order_by("id").first()
    er = (EventRoom.objects.filter(event__session=finals).select_related("event", "room")
          .order_by("event__start", "room__code").first()) if finals else None
    if er is None:
        ctx.log("  pas de session d'examens de démonstration : pas de jour d'examen.")
        return
    if Attendance.objects.filter(event_room=er).exists():
        ctx.log("  émargement de démonstration déjà présent.")
        return
    head = er.invigilators.filter(is_head=True, replaced_by__isnull=True).select_related("user").first()
    actor = head.user if head else None
    start = er.event.start
    room_event_record(actor=actor, event_room=er, kind="envelopes_opened", at=start - timedelta(minutes=2))
    room_event_record(actor=actor, event_room=er, kind="first_distribution", at=start)
    candidates = room_candidates(er)
    for i, convocation in enumerate(candidates[: len(candidates) // 2]):
        attendance_mark_present(actor=actor, convocation=convocation, event_room=er,
                                at=start - timedelta(minutes=10 - i % 5),
                                method=SignInMethod.PAPER if i % 2 else SignInMethod.INVIGILATOR)
    ctx.log(f"  émargement de démonstration : salle {er.room.code}, {len(candidates) // 2} présent(s).")
