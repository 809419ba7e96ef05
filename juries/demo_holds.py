"""Demo mark holds (run after ``juries.demo``): on the first published evaluation of each demo
institution, where the profile has the procedure, one student's mark is « suspendue » (unlisted
candidate, ``exams.unlisted_candidate.grade_hold``: STRAS-35) and another's is « réservée » (absent,
zero, réserve: ``absences.missed_assessment_outcome.reserve``, UTC-3.01e-reserve-hold). Idempotent
(hold keys ``demo.hold.<kind>.<evaluation>``)."""

from __future__ import annotations

from typing import Any

from juries.models import Evaluation, Mark, MarkHold
from juries.services import exam_mark_set, mark_hold_place
from juries.services.common import param


def _flag(evaluation: Evaluation, key: str, field: str) -> bool:
    value = param(evaluation, key)
    return isinstance(value, dict) and bool(value.get(field))


def seed(ctx: Any) -> None:
    for institution in ctx.institutions.values():
        evaluation = (Evaluation.objects.filter(
            publications__isnull=False,
            component__module__semester__study_year__programme_version__programme__component__institution=institution,
            component__module__semester__study_year__programme_version__academic_year=ctx.academic_year,
        ).select_related("component__module").order_by("pk").first())
        if evaluation is None:
            continue
        marks = list(Mark.objects.filter(evaluation=evaluation).select_related("student").order_by("student_id")[:2])
        plans = []
        if _flag(evaluation, "exams.unlisted_candidate", "grade_hold") and marks:
            plans.append(("unverified", marks[0], "STRAS-35", ""))
        if _flag(evaluation, "absences.missed_assessment_outcome", "reserve") and len(marks) > 1:
            plans.append(("reserve", marks[1], "UTC-3.01e-reserve-hold", "0"))
        for kind, mark, rule_id, value in plans:
            key = f"demo.hold.{kind}.{evaluation.pk}"
            if MarkHold.objects.filter(key=key).exists():
                continue
            if value:
                exam_mark_set(actor=None, component=evaluation.component, session_number=int(evaluation.session),
                              on=evaluation.date, student_user=mark.student, value=value,
                              reason="Absent·e à l'épreuve (démo)", rule_id="UTC-3.01e-zero")
            mark_hold_place(actor=None, component=evaluation.component, session_number=int(evaluation.session),
                            on=evaluation.date, student_user=mark.student, kind=kind, key=key, rule_id=rule_id,
                            reason="Démo")
            ctx.log(f"  {evaluation.label} : note de {mark.student} {MarkHold.objects.get(key=key).label.lower()}.")
