"""Demo grade entry: for each demo institution, evaluations of the first two modules that have
registered students, with marks for each of them; the first one is published provisionally so a
demo student sees a mark, the group's statistics and how to consult their copy. Idempotent
(get-or-create on the evaluation's natural key; marks and publication only once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef

from core import demo as core_demo
from courses.models import AssessmentComponent
from enrollment.models import ModuleRegistration, RegistrationState
from juries.models import Evaluation
from juries.models.entry import BatchSource
from juries.services import evaluation_create, evaluation_publish, marks_save
from juries.services.entry import _registered_ids

SPECIALS = {5: "ABJ", 11: "ABI"}


def _value(student_id: int, component_id: int) -> str:
    seed = (student_id * 37 + component_id * 11) % 23
    if seed in SPECIALS:
        return SPECIALS[seed]
    return f"{6 + (seed * 13 % 29) / 2:.2f}"  # 6.00 .. 20.00 in half points


def seed(ctx: Any) -> None:
    core_demo.refresh_statistics()
    for institution in ctx.institutions.values():
        registered = ModuleRegistration.objects.filter(
            module_id=OuterRef("module_id"),
            pedagogical_registration__administrative_registration__state=RegistrationState.VALIDATED,
        )
        components = list(
            AssessmentComponent.objects.filter(
                module__semester__study_year__programme_version__programme__component__institution=institution,
                module__semester__study_year__programme_version__academic_year=ctx.academic_year,
                session="1",
            ).annotate(has_students=Exists(registered)).filter(has_students=True)
            .select_related("module__semester").order_by("module__semester__number", "module__code", "position", "pk")
        )
        seen_modules: list[int] = []
        picked = []
        for c in components:
            if c.module_id not in seen_modules and len(seen_modules) < 2:
                seen_modules.append(c.module_id)
                picked.append(c)
        if not picked:
            ctx.log(f"  {institution} : aucun module avec des étudiant·e·s inscrit·e·s, pas de notes.")
            continue
        for index, component in enumerate(picked):
            evaluation = Evaluation.objects.filter(component=component, session="1", number=1).first()
            if evaluation is None:
                day = component.planned_date or (component.module.semester.start_date or dt.date(ctx.academic_year, 9, 1)) \
                    + dt.timedelta(days=60)
                evaluation = evaluation_create(actor=None, component=component, date=day,
                                               label=f"{component.module.code} — {component.title}")
            if not evaluation.marks.exists():
                from enrollment.selectors import students_registered_to_modules

                ids = _registered_ids(evaluation, students_registered_to_modules([component.module_id])
                                      .values_list("pk", flat=True))
                marks_save(actor=None, evaluation=evaluation, source=BatchSource.IMPORT,
                           entries={(sid, "final"): _value(sid, component.pk) for sid in sorted(ids)})
            if index == 0 and not evaluation.publications.exists():
                evaluation_publish(actor=None, evaluation=evaluation, provisional=True)
            ctx.log(f"  {evaluation.label} : {evaluation.marks.count()} note(s)"
                    f"{' publiées (provisoires)' if evaluation.publications.exists() else ''}.")
