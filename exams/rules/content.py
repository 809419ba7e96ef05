"""Required-content checks shared by convocations, subjects and exam reports.

A profile lists field codes as the catalogue writes them (``titre``, ``duree``, ``nombre_pages``…);
``FIELD_ATTRS`` maps each code to the attribute(s) of the checked dataclass (any one filled is
enough: ``heure_fin_ou_duree`` is met by an end time or a duration). A code without a mapping is
looked up in the object's ``other`` mapping, so a profile may require a local field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ApplicationError

FIELD_ATTRS: dict[str, tuple[str, ...]] = {
    # convocations (UTC-2.02-convocation-content, TOURS-VI-1-convocation-content, STRAS-28)
    "titre": ("module_title",),
    "nature": ("nature",),
    "date": ("start", "exam_date"),
    "heure": ("start",),
    "heure_debut": ("start",),
    "heure_fin_ou_duree": ("end", "duration"),
    "duree": ("duration",),
    "lieu": ("room",),
    "numero_place": ("seat",),
    "documents": ("allowed_documents",),
    "calculatrices": ("allowed_materials",),
    # subjects (UTC-2.03-subject-content, TOURS-VI-2-subject-content, STRAS-25)
    "annee": ("academic_year",),
    "semestre": ("semester",),
    "diplome": ("diploma",),
    "annee_dans_diplome": ("year_in_diploma",),
    "session": ("session",),
    "intitule": ("module_title",),
    "nombre_pages": ("page_count",),
    "materiel_autorise": ("allowed_materials",),
    "bareme": ("marking_scale",),
    "timing_indicatif": ("indicative_timing",),
}

LABELS: dict[str, str] = {
    "titre": "titre de l'enseignement",
    "nature": "nature de l'épreuve",
    "date": "date",
    "heure": "heure",
    "heure_debut": "heure de début",
    "heure_fin_ou_duree": "heure de fin ou durée",
    "duree": "durée",
    "lieu": "lieu (salle)",
    "numero_place": "numéro de place",
    "documents": "documents autorisés",
    "calculatrices": "calculatrices autorisées",
    "annee": "année universitaire",
    "semestre": "semestre",
    "diplome": "diplôme",
    "annee_dans_diplome": "année dans le diplôme",
    "session": "session",
    "intitule": "intitulé de l'enseignement",
    "nombre_pages": "nombre de pages",
    "materiel_autorise": "documents et matériels autorisés",
    "bareme": "barème",
    "timing_indicatif": "timing indicatif",
}


def is_filled(obj: Any, code: str) -> bool:
    """A field counts as given when not None and not blank; an empty tuple of allowed materials is
    an explicit "nothing allowed" and counts as given."""
    attrs = [a for a in FIELD_ATTRS.get(code, ()) if hasattr(obj, a)]
    values = [getattr(obj, a) for a in attrs] if attrs else [dict(getattr(obj, "other", {}) or {}).get(code)]
    return any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values)


@dataclass(frozen=True)
class ContentCheck:
    complete: bool
    rule_id: str
    missing: tuple[str, ...] = ()
    missing_recommended: tuple[str, ...] = ()
    fields: dict[str, str] = field(default_factory=dict)

    def raise_if_incomplete(self, code: str, message: str) -> None:
        if not self.complete:
            raise ApplicationError(code, message, fields=self.fields, rule_id=self.rule_id)


def check_fields(
    obj: Any,
    *,
    required: Iterable[str] = (),
    recommended: Iterable[str] = (),
    any_of: Iterable[str] = (),
    rule_id: str,
) -> ContentCheck:
    """Each missing required field is named with the rule; ``any_of``: at least one of them."""
    missing = [c for c in required if not is_filled(obj, c)]
    alternatives = list(any_of)
    if alternatives and not any(is_filled(obj, c) for c in alternatives):
        missing.append(" | ".join(alternatives))
    fields: dict[str, str] = {}
    for code in missing:
        label = " ou ".join(LABELS.get(c.strip(), c.strip()) for c in code.split("|"))
        fields[code] = _("Mention obligatoire manquante : %(f)s (règle %(r)s).") % {"f": label, "r": rule_id or "—"}
    soft = tuple(c for c in recommended if not is_filled(obj, c))
    return ContentCheck(not missing, rule_id, tuple(missing), soft, fields)


def codes(value: Mapping[str, Any] | None, key: str) -> list[str]:
    return list((value or {}).get(key) or [])
