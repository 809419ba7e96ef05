"""Regulation-profile parameters of internships (catalogue ``conflicts:`` section).

Each value per preset transcribes ``conflicts[profile_param].values[preset].params`` of the rules
catalogue as it is (``None`` where the institution's text says nothing);
tests/core/test_catalog.py checks the transcription against the catalogue.
"""

from django.utils.translation import gettext_lazy as _

from core.profiles.registry import Kind, Param, register
from core.profiles.validators import choice, delay, integer, struct

register(
    Param(
        key="internships.defense_rules",
        label=_("Soutenance de stage / mémoire"),
        kind=Kind.STRUCT,
        unit="policy",
        rule_ids=("ARL-ES16.6-jury-internship", "ARL-ES16.6-jury-alternance", "ARL-ES16.6-schedule",
                  "ARL-ES16.6-report-defense", "UTC-1.03-internship-defense", "TOURS-VI-3.3-defense"),
        default=None,
        nullable=True,
        presets={
            "iut-arl": {
                "defense_if_duration_gt_months": 1,
                "min_jury": 2,
                "schedule_notice": {"day_kind": "months", "value": 1},
            },
            "utc": {"modalities_deadline": {"anchor": "rentree", "day_kind": "months", "value": 1}},
            "iut-rsy": None,
            "tours": {"location": "universite", "min_jury": 2},
            "strasbourg": None,
        },
        validator=struct(
            {
                "defense_if_duration_gt_months": integer(0, 24),
                "min_jury": integer(1, 10),
                "schedule_notice": delay(max_value=365),
                "modalities_deadline": delay(max_value=365),
                "location": choice(("universite", "entreprise", "libre")),
            }
        ),
        help=_(
            "defense_if_duration_gt_months : soutenance orale seulement si le stage dépasse cette durée ; "
            "min_jury : membres minimum du jury ; schedule_notice : calendrier communiqué au moins ce délai "
            "avant ; modalities_deadline : modalités communiquées au plus tard ce délai après l'ancre ; "
            "location : lieu de la soutenance sauf autorisation."
        ),
    ),
)
