"""Demo bonus inputs (run after ``juries.demo``): where the profile has a sport bonus
(``juries.sport_bonus_max``, RSY-A7.1-sport-bonus) and engagement types (RSY-A7.2A-activities), the
first two validated students of each programme year of the demo year get sport sessions and one
engagement entry, through ``bonuses_save`` (validated, audited, results recomputed). Idempotent:
the service writes nothing when the values are already there."""

from __future__ import annotations

from typing import Any

from courses.models import StudyYear
from juries.results.selectors import bonus_grid_rows
from juries.services.bonuses import BonusInput, bonus_limits, bonuses_save


def seed(ctx: Any) -> None:
    for institution in ctx.institutions.values():
        years = (StudyYear.objects.filter(programme_version__programme__component__institution=institution,
                                          programme_version__academic_year=ctx.academic_year)
                 .select_related("programme_version__programme__component").order_by("pk"))
        for study_year in years:
            limits = bonus_limits(study_year)
            if limits.sport_max is None and not limits.engagement_types:
                continue
            students = [user for user, _entries in bonus_grid_rows(study_year)][:2]
            entries = []
            for n, user in enumerate(students):
                if limits.sport_max is not None:
                    entries.append(BonusInput(user.pk, "sport", "", str(20 - 4 * n), "Liste du service des sports"))
                if limits.engagement_types and limits.engagement_per_type_max is not None and n == 0:
                    entries.append(BonusInput(user.pk, "engagement", limits.engagement_types[0],
                                              str(limits.engagement_per_type_max), "Attestation de l'organisme"))
            if entries:
                count = bonuses_save(actor=None, study_year=study_year, entries=entries)
                if count:
                    ctx.log(f"  bonifications : {count} donnée(s) pour {study_year}")
