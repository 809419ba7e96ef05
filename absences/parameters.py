"""Regulation-profile parameters of absences (catalogue ``conflicts:`` section).

Each value per preset transcribes ``conflicts[profile_param].values[preset].params`` of the rules
catalogue as it is (``None`` where the institution's text says nothing);
tests/core/test_catalog.py checks the transcription against the catalogue.
"""

from django.utils.translation import gettext_lazy as _

from core.profiles.registry import DAY_KINDS, Kind, Param, register
from core.profiles.validators import boolean, choice, delay, integer, null, number, struct, text

register(
    Param(
        key="absences.justification_deadline",
        label=_("Délai pour justifier une absence"),
        kind=Kind.STRUCT,
        unit="delay",
        rule_ids=("UTC-3.01e-reserve-request", "RSY-A2-notify", "RSY-A2-iti-deadline", "RSY-A2-iti-quota",
                  "TOURS-II-2-absence-justification"),
        default=None,
        nullable=True,
        presets={
            "iut-arl": None,
            "utc": {"day_kind": "hours", "value": 48},
            "iut-rsy": {"day_kind": "hours", "iti_cutoff": "14:00 same day", "iti_days_per_year": 5, "value": 48},
            "tours": {"day_kind": "calendar", "value": 10},
            "strasbourg": None,
        },
        validator=struct(
            {
                "value": integer(0, 720),
                "day_kind": choice(DAY_KINDS),
                "iti_cutoff": text(40),
                "iti_days_per_year": integer(0, 365),
            },
            required=("value", "day_kind"),
        ),
        help=_(
            "value + day_kind : délai compté depuis le début de l'absence (heures) ou l'épreuve manquée "
            "(jours) ; iti_cutoff / iti_days_per_year : déclaration des ITI (heure limite, quota annuel). "
            "Vide : le règlement ne fixe pas de délai."
        ),
    ),
    Param(
        key="absences.missed_assessment_outcome",
        label=_("Conséquence d'une épreuve manquée"),
        kind=Kind.STRUCT,
        unit="policy",
        rule_ids=("UTC-3.01e-zero", "UTC-3.01e-reserve-deadline", "RSY-A3-abi-zero", "RSY-A3-malus",
                  "RSY-A2-makeup", "TOURS-II-2-absence-justification"),
        default=None,
        nullable=True,
        presets={
            "iut-arl": None,
            "utc": {
                "default_grade": 0,
                "reserve": True,
                "reserve_lift": {"anchor": "next_semester_start", "day_kind": "months", "value": 1},
            },
            "iut-rsy": {"abi_grade": 0, "abj": "rattrapage", "malus_per_4h": 0.2},
            "tours": {"value": None},
            "strasbourg": None,
        },
        validator=struct(
            {
                "default_grade": number(0, 20),
                "reserve": boolean(),
                "reserve_lift": delay(max_value=24),
                "abi_grade": number(0, 20),
                "abj": choice(("rattrapage", "neutralisation", "zero")),
                "malus_per_4h": number(0, 5),
                "value": null(),
            }
        ),
        help=_(
            "default_grade / abi_grade : note attribuée (absence injustifiée) ; reserve + reserve_lift : "
            "« réserve » levée par une épreuve équivalente dans le délai ; abj : traitement d'une absence "
            "justifiée ; malus_per_4h : points retirés par tranche de 4 h d'absence injustifiée commencée ; "
            "value null : conséquence laissée aux M3C."
        ),
    ),
)
