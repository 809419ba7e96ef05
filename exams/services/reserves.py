"""Réserve files of absent candidates (UTC-3.01e-zero, UTC-3.01e-reserve-request, UTC-3.01e-reserve-decision,
UTC-3.01e-reserve-lift, UTC-3.01e-reserve-deadline), persisted around exams.rules.reserves."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _lazy

from core.audit import audit_record
from core.calendar.service import calendar_for_component
from core.models import User
from exams.models import Convocation, ReserveFile
from exams.rules.reserves import RESERVE, ZERO_KEPT, MakeUp, reserve_transition, reserves_to_expire
from exams.services.common import SessionProfile, fmt_date

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
        if action in NOTIFIED:
            _notify(locked, action, at)
    return locked


#: Transitions the student is told about, with the rule each one applies.
NOTIFIED = {
    "propose_reserve": ("UTC-3.01e-reserve-decision", _lazy("Mise en réserve : le résultat du module est réservé "
                                                             "jusqu'à une épreuve de remplacement équivalente.")),
    "keep_zero": ("UTC-3.01e-reserve-decision", _lazy("La note zéro est maintenue.")),
    "lift": ("UTC-3.01e-reserve-lift", _lazy("La note de l'épreuve de remplacement remplace le zéro.")),
    "expire": ("UTC-3.01e-reserve-deadline", _lazy("La réserve n'a pas été levée dans le délai : elle est "
                                                    "transformée en zéro.")),
}


def _notify(reserve: ReserveFile, action: str, at: datetime) -> None:
    from django.conf import settings
    from django.urls import reverse

    from core.notices.services import notice_enqueue
    from exams.notices import RESERVE_UPDATE

    convocation = Convocation.objects.select_related("student__user", "event__module").get(pk=reserve.convocation_id)
    user = convocation.student.user
    rule_id, message = NOTIFIED[action]
    notice_enqueue(
        key=f"reserve:{reserve.pk}:{action}", kind=RESERVE_UPDATE, recipient=user, rule_id=rule_id, subject=reserve,
        context={"student_name": user.get_full_name() or user.email,
                 "module_title": f"{convocation.event.module.code} {convocation.event.module.title}",
                 "exam_date": fmt_date(convocation.event.start), "state": str(STATE_LABELS.get(reserve.state, "")),
                 "message": str(message),
                 "url": settings.CURSUS_SITE_URL.rstrip("/") + reverse("exams:my_exams")},
    )


STATE_LABELS = {
    RESERVE: _lazy("réserve"), ZERO_KEPT: _lazy("zéro maintenu"), "reserve_levee": _lazy("réserve levée"),
}


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
