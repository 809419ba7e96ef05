"""Réserve files of absent candidates (UTC-3.01e-zero, UTC-3.01e-reserve-request, UTC-3.01e-reserve-decision,
UTC-3.01e-reserve-lift, UTC-3.01e-reserve-deadline), persisted around exams.rules.reserves."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction

from core.audit import audit_record
from core.calendar.service import calendar_for_component
from core.models import User
from exams.models import Convocation, ReserveFile
from exams.rules.reserves import RESERVE, ZERO_KEPT, MakeUp, reserve_transition, reserves_to_expire
from exams.services.common import SessionProfile

OUTCOME = "absences.missed_assessment_outcome"
PROOFS = "absences.justification_deadline"
BATCH = 500


def reserve_open(*, actor: User | None, convocation: Convocation, next_semester_start: date) -> ReserveFile:
    """An absent candidate starts with a provisional zero (UTC-3.01e-zero)."""
    with transaction.atomic():
        reserve, created = ReserveFile.objects.get_or_create(
            convocation=convocation, defaults={"next_semester_start": next_semester_start})
        if created:
            audit_record(actor=actor, action="exams.reserve_opened", obj=reserve, after={"state": reserve.state})
    return reserve


def reserve_act(*, actor: User | None, reserve: ReserveFile, action: str, at: datetime,
                makeup: MakeUp | None = None, makeup_grade: Decimal | None = None) -> ReserveFile:
    """Apply one transition of the réserve table (submit_proofs, propose_reserve, keep_zero, lift)."""
    with transaction.atomic():
        locked = ReserveFile.objects.select_for_update(of=("self",)).select_related(
            "convocation__event__session__component").get(pk=reserve.pk)
        event = locked.convocation.event
        profile = SessionProfile(event.session)
        missed = MakeUp(event.nature, event.end_delta(), str(event.assessment_id)) if action == "lift" else None
        target = reserve_transition(
            profile[OUTCOME], state=locked.state, action=action, at=at,
            calendar=calendar_for_component(event.session.component), exam_start=event.start,
            proof_rule=profile[PROOFS], next_semester_start=locked.next_semester_start, missed=missed, makeup=makeup,
            preset=profile.preset,
        )
        before = locked.state
        locked.state = target
        if action == "lift":
            locked.makeup_grade = makeup_grade
        locked.history = [*locked.history, {"action": action, "from": before, "to": target, "at": at.isoformat(),
                                            "actor": getattr(actor, "pk", None)}]
        locked.save()
        audit_record(actor=actor, action=f"exams.reserve_{action}", obj=locked, before={"state": before},
                     after={"state": target})
    return locked


def reserves_expire(*, now: datetime, batch_size: int = BATCH) -> int:
    """Nightly: réserves not lifted by the deadline turn into a maintained zero (UTC-3.01e-reserve-deadline).
    Idempotent (only réserve-state files move) and batched."""
    done = 0
    rows = list(ReserveFile.objects.filter(state=RESERVE).select_related("convocation__event__session__component")
                .order_by("next_semester_start", "id")[:batch_size])
    groups: dict[tuple[int, date], list[ReserveFile]] = defaultdict(list)
    for row in rows:
        groups[(row.convocation.event.session_id, row.next_semester_start)].append(row)
    for (_session_id, start), items in groups.items():
        session = items[0].convocation.event.session
        profile = SessionProfile(session)
        expired = set(reserves_to_expire(profile[OUTCOME], reserves={str(r.pk): r.state for r in items}, at=now,
                                         next_semester_start=start,
                                         calendar=calendar_for_component(session.component)))
        for row in items:
            if str(row.pk) in expired:
                reserve_act(actor=None, reserve=row, action="expire", at=now)
                done += 1
    return done


__all__ = ["ZERO_KEPT", "reserve_act", "reserve_open", "reserves_expire"]
