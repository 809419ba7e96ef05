"""How long exam copies are kept, and what may then be destroyed (``juries.copy_retention``).

UTC-5.03a-retention: one year from the publication of the results, then transfer to the UTC archives
with the sign-in sheet, a copy of the subject and if possible a model answer; disputed copies stay
with the module head. STRAS-113: at least one year; copies under (or liable to) litigation until the
final ruling; then conservation, sampling or destruction under instruction DAF/DPACI/RES/2005/003.
No rule in the profile: never destroyed automatically (decision EX-09).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from core.calendar.working import WorkingCalendar
from core.profiles.validators import integer, struct, text

from .base import cited_rules, pick

PARAM = "juries.copy_retention"
validate_copy_retention = struct({"min_months": integer(1, 600), "then": text(80)}, required=("min_months",))
ARCHIVE_BUNDLE = ("copies", "liste_emargement", "sujet", "corrige_si_possible")


@dataclass(frozen=True)
class RetentionDecision:
    rule_id: str
    keep_until: date | None  # last day the copies must be kept (None: indefinitely)
    after: str  # keep / transfer_to_archives / sort_per_instruction
    destroyable_from: date | None
    litigation_hold: bool
    message: str

    def may_destroy(self, on: date) -> bool:
        return self.destroyable_from is not None and on >= self.destroyable_from


def copy_retention(
    rule_value: Any,
    *,
    results_published_on: date,
    calendar: WorkingCalendar,
    contested: bool = False,
    final_ruling_on: date | None = None,
    preset: str | None = None,
) -> RetentionDecision:
    """Keep-until date of a batch of copies, extended while a contest is pending."""
    rule_id = pick(cited_rules(PARAM, rule_value, preset), 0)
    if rule_value is None:
        return RetentionDecision("", None, "keep", None, contested,
                                 _("Aucune durée de conservation fixée : conserver, pas de destruction automatique."))
    rule = validate_copy_retention(rule_value)
    keep_until = calendar.add(results_published_on, rule["min_months"], "months")
    if contested and final_ruling_on is None:
        return RetentionDecision(rule_id, None, "keep", None, True,
                                 _("Copies contestées : conservées jusqu'à la décision définitive."))
    if contested and final_ruling_on is not None:
        keep_until = max(keep_until, final_ruling_on)
    then = str(rule.get("then", ""))
    if then.startswith("archives"):
        return RetentionDecision(rule_id, keep_until, "transfer_to_archives", None, contested,
                                 _("Conservées jusqu'au %(d)s, puis versées aux archives avec la liste d'émargement, "
                                   "le sujet et si possible un corrigé.") % {"d": keep_until.isoformat()})
    if then:
        return RetentionDecision(rule_id, keep_until, "sort_per_instruction", calendar.add(keep_until, 1, "calendar"), contested,
                                 _("Conservées au moins jusqu'au %(d)s, puis conservation, échantillonnage ou "
                                   "destruction selon l'instruction %(i)s.") % {"d": keep_until.isoformat(), "i": then})
    return RetentionDecision(rule_id, keep_until, "destroy", calendar.add(keep_until, 1, "calendar"), contested,
                             _("Conservées jusqu'au %(d)s.") % {"d": keep_until.isoformat()})
