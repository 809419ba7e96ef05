"""Regulation-profile parameters of enrollment."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.profiles.registry import Kind, Param, register


def progression_codes(value: Any) -> dict[str, list[str]]:
    """{"next": [codes], "same": [codes]}: jury decision codes allowing re-registration."""
    if not isinstance(value, dict) or set(value) - {"next", "same"}:
        raise ValueError(str(_('objet {"next": [...], "same": [...]} attendu.')))
    out: dict[str, list[str]] = {}
    for key in ("next", "same"):
        codes = value.get(key, [])
        if not isinstance(codes, list) or not all(isinstance(c, str) and c.strip() for c in codes):
            raise ValueError(str(_("liste de codes de décision attendue pour « %(k)s ».") % {"k": key}))
        out[key] = sorted({c.strip().upper() for c in codes})
    if set(out["next"]) & set(out["same"]):
        raise ValueError(str(_("un code ne peut pas à la fois faire passer et faire redoubler.")))
    return out


DEFAULT_CODES = {"next": ["ADM", "ADJ", "ADSUP", "AJAC", "PASD", "CMP"], "same": ["AJ", "RED", "ATJ"]}

register(
    Param(
        key="enrollment.remote_validation_overseas",
        label=_("Validation à distance de l'inscription des étudiants résidant hors métropole"),
        kind=Kind.BOOL,
        rule_ids=("ARL-ES07-overseas",),
        default=False,
        presets={"iut-arl": True},
        help=_("Originaux vérifiés et carte remise à la rentrée."),
    ),
    Param(
        key="enrollment.originals_grace_days",
        label=_("Délai pour présenter les originaux après le début du premier semestre"),
        kind=Kind.INT,
        unit="ouvres",
        rule_ids=("ARL-ES07-overseas",),
        min=0,
        max=60,
        default=5,
        help=_("« Présence requise à la rentrée » : jours ouvrés après le début du semestre (choix local)."),
    ),
    Param(
        key="enrollment.pedagogical_required_for_exams",
        label=_("Inscription pédagogique obligatoire pour être convoqué aux examens"),
        kind=Kind.BOOL,
        rule_ids=("TOURS-VI-enrollment-prerequisite",),
        default=True,
    ),
    Param(
        key="enrollment.progression_codes",
        label=_("Codes de décision de jury permettant la réinscription"),
        kind=Kind.STRUCT,
        rule_ids=("RSY-A1-odd-semester", "RSY-A1-S5"),
        default=DEFAULT_CODES,
        validator=progression_codes,
        help=_("« next » : passage dans l'année supérieure ; « same » : réinscription dans la même année."),
    ),
)
