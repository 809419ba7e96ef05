"""Documents and materials in the room.

* ``exams.bilingual_dictionary`` — UTC-3.01d-dictionary, TOURS-AN2-exam-conditions: a bilingual paper
  dictionary for eligible (exchange / non-francophone) students, never in language exams.
* No indication on the subject = nothing allowed (UTC-2.03-default-no-docs, TOURS-VI-2-subject-content,
  STRAS-25), except what a recognised accommodation provides.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from core.profiles.validators import list_of, struct, text

from .base import Decision, ExamSlot, cited_rules, pick

PARAM = "exams.bilingual_dictionary"
validate_dictionary = struct({"eligible": list_of(text(80), min_items=1), "excluded_exams": text(80)},
                             required=("eligible",))


def dictionary_allowed(rule_value: Any, *, slot: ExamSlot, student_statuses: Iterable[str], preset: str | None = None) -> Decision:
    """May this student use a bilingual paper dictionary in this exam?"""
    rule_id = pick(cited_rules(PARAM, rule_value, preset), 0)
    if rule_value is None:
        return Decision(False, "exams.dictionary_not_provided", "", _("Le règlement ne prévoit pas de dictionnaire."))
    rule = validate_dictionary(rule_value)
    if slot.language_course and rule.get("excluded_exams"):
        return Decision(False, "exams.dictionary_language_exam", rule_id,
                        _("Dictionnaire interdit dans les épreuves d'enseignement de langue."))
    if set(student_statuses) & set(rule["eligible"]):
        return Decision(True, "exams.dictionary_allowed", rule_id,
                        _("Dictionnaire papier bilingue non spécialisé autorisé."))
    return Decision(False, "exams.dictionary_not_eligible", rule_id, _("Étudiant non éligible au dictionnaire."))


def allowed_materials(stated: tuple[str, ...] | None, *, accommodation_materials: Iterable[str] = ()) -> tuple[str, ...]:
    """What is allowed: the subject's explicit list, else nothing; plus accommodation materials."""
    return tuple(dict.fromkeys((*(stated or ()), *accommodation_materials)))
