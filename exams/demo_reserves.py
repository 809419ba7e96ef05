"""Demo data of the absence files (run after ``exams.demo``): on the last exam of the demo final
session, two candidates are recorded absent. The first sends proofs and, where the profile has a
procedure, gets the next step (réserve proposed: the module shows « Réservée »; or a make-up granted);
the second stays at the provisional zero with its proof deadline. Idempotent: a second run changes
nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from exams.models import Convocation, ExamEvent, ExamSession, ReserveFile
from exams.rules import makeups as mk
from exams.services.reserves import missed_exam_record, reserve_act


def seed(ctx: Any) -> None:
    finals = ExamSession.objects.filter(title__endswith="(démo)", kind="final").order_by("id").first()
    event = (ExamEvent.objects.filter(session=finals, assessment__isnull=False).order_by("-start", "-id").first()
             if finals else None)
    if event is None:
        ctx.log("  pas de session d'examens de démonstration : pas de dossier d'absence.")
        return
    if ReserveFile.objects.filter(convocation__event__session=finals).exists():
        ctx.log("  dossiers d'absence de démonstration déjà présents.")
        return
    convocations = list(Convocation.objects.filter(event=event).select_related("student__user").order_by("id")[:2])
    files = [missed_exam_record(actor=None, convocation=c, at=event.start + timedelta(hours=3))
             for c in convocations]
    first = files[0] if files else None
    if first is not None and first.procedure != mk.NO_PROCEDURE:
        first = reserve_act(actor=None, reserve=first, action="submit_proofs", at=event.start + timedelta(hours=20))
        step = "propose_reserve" if first.procedure == mk.RESERVE_PROCEDURE else "accept_justification"
        reserve_act(actor=None, reserve=first, action=step, at=event.start + timedelta(days=2))
    ctx.log(f"  dossiers d'absence de démonstration : {len(files)} sur « {event.title} ».")
