"""Regulation-profile parameters of discipline (catalogue ``conflicts:`` section).

Each value per preset transcribes ``conflicts[profile_param].values[preset].params`` of the rules
catalogue as it is (``None`` where the institution's text says nothing);
tests/core/test_catalog.py checks the transcription against the catalogue.
"""

from django.utils.translation import gettext_lazy as _

from core.profiles.registry import Kind, Param, register
from core.profiles.validators import boolean, choice, integer, list_of, one_of, struct

#: Who may be named as holding the power to expel a candidate from an exam room.
EXPULSION_ROLES = (
    "responsable_module",
    "directeur_composante",
    "directeur_UFR",
    "president_universite",
    "vice_president_hors_etudiant",
    "responsable_service_administratif",
    "responsable_salle",
)

#: Documents a pending fraud case can hold back.
HELD_DOCUMENTS = (
    "releve_de_notes",
    "attestation_reussite",
    "certificat_reussite",
    "certificats_reussite",
    "diplome",
)

register(
    Param(
        key="discipline.expulsion_authority",
        label=_("Autorité pouvant expulser un candidat de la salle d'examen"),
        kind=Kind.STRUCT,
        unit="roles",
        rule_ids=("UTC-3.02f-disturbance", "UTC-4.01a-substitution", "TOURS-VI-3.2-expulsion", "STRAS-66"),
        default=None,
        nullable=True,
        presets={
            "iut-arl": None,
            "utc": {"roles": ["responsable_module"]},
            "iut-rsy": None,
            "tours": {
                "delegation_required": True,
                "roles": [
                    "president_universite",
                    "vice_president_hors_etudiant",
                    "directeur_UFR",
                    "responsable_service_administratif",
                ],
            },
            "strasbourg": {"roles": ["directeur_composante"]},
        },
        validator=struct(
            {"roles": list_of(choice(EXPULSION_ROLES), min_items=1), "delegation_required": boolean()},
            required=("roles",),
        ),
        help=_(
            "roles : fonctions habilitées ; delegation_required : une délégation expresse est exigée "
            "pour toute autre personne. Vide : le règlement ne dit rien."
        ),
    ),
    Param(
        key="discipline.pending_fraud_holds",
        label=_("Effets d'une procédure de fraude en cours (documents retenus, résultats)"),
        kind=Kind.STRUCT,
        unit="policy",
        rule_ids=("UTC-4.02-hold", "RSY-A5-fraud-hold", "TOURS-VI-3.2-fraud-hold", "TOURS-VI-3.2-fraud-session2",
                  "STRAS-63"),
        default=None,
        nullable=True,
        presets={
            "iut-arl": None,
            "utc": {"blocked_documents": ["certificats_reussite"], "publish_results": False},
            "iut-rsy": {"blocked_documents": ["certificat_reussite", "releve_de_notes"], "publish_results": True},
            "tours": {
                "blocked_documents": ["releve_de_notes", "attestation_reussite", "diplome"],
                "publish_results": True,
                "session2_anticipation": True,
            },
            "strasbourg": {
                "blocked_documents": ["releve_de_notes", "attestation_reussite"],
                "next_year_enrollment": True,
                "publish_results": "provisional",
            },
        },
        validator=struct(
            {
                "blocked_documents": list_of(choice(HELD_DOCUMENTS)),
                "publish_results": one_of(boolean(), choice(("provisional",))),
                "next_year_enrollment": boolean(),
                "session2_anticipation": boolean(),
            },
            required=("blocked_documents", "publish_results"),
        ),
        help=_(
            "blocked_documents : documents non délivrés tant que la section disciplinaire n'a pas statué ; "
            "publish_results : true, false ou « provisional » (délibération sous réserve) ; "
            "next_year_enrollment : inscription dans l'année supérieure possible ; "
            "session2_anticipation : l'étudiant compose en 2e session sans attendre le jugement."
        ),
    ),
    Param(
        key="discipline.zero_grade_policy",
        label=_("Note zéro en cas de fraude ou de plagiat"),
        kind=Kind.STRUCT,
        unit="policy",
        rule_ids=("UTC-4.01a-substitution", "UTC-4.02-grading", "RSY-A5-fraud-hold", "TOURS-AN1-cc-gradation",
                  "STRAS-62", "STRAS-71"),
        default=None,
        nullable=True,
        presets={
            "iut-arl": None,
            "utc": {"jury_zero_for_fraud": False, "substitution_zero": True},
            "iut-rsy": {"jury_zero_for_fraud": False},
            "tours": {"graduated_cc_zero": True},
            "strasbourg": {"jury_zero_for_suspicion": False, "pedagogical_grade_reduction": True},
        },
        validator=struct(
            {
                "jury_zero_for_fraud": boolean(),
                "jury_zero_for_suspicion": boolean(),
                "substitution_zero": boolean(),
                "graduated_cc_zero": boolean(),
                "pedagogical_grade_reduction": boolean(),
            }
        ),
        help=_(
            "jury_zero_for_fraud / jury_zero_for_suspicion : le jury peut-il attribuer zéro lui-même ; "
            "substitution_zero : zéro à l'épreuve en cas de substitution de personne ; "
            "graduated_cc_zero : gradation du zéro en contrôle continu (devoir puis CC) ; "
            "pedagogical_grade_reduction : le plagiat peut abaisser la note (sans retrait uniforme)."
        ),
    ),
    Param(
        key="discipline.sanctions",
        label=_("Échelle des sanctions disciplinaires"),
        kind=Kind.STRUCT,
        unit="count / years",
        rule_ids=("UTC-4.04-sanctions", "RSY-A6-sanctions", "TOURS-VI-3.2-sanctions", "TOURS-VI-3.2-nullity",
                  "STRAS-57"),
        default=None,
        nullable=True,
        presets={
            "iut-arl": None,
            "utc": {"count": 5, "max_exclusion_years": 5, "sursis_max_years": 2},
            "iut-rsy": {"count": 4, "max_exclusion_years": None},
            "tours": {"count": 6, "max_exclusion_years": 5, "nullity": True, "sursis_max_years": 2},
            "strasbourg": {"count": 6, "max_exclusion_years": 5, "sursis_max_years": 2},
        },
        validator=struct(
            {
                "count": integer(1, 10),
                "max_exclusion_years": integer(0, 10, nullable=True),
                "sursis_max_years": integer(0, 10, nullable=True),
                "nullity": boolean(),
            },
            required=("count",),
        ),
        help=_(
            "count : nombre de sanctions de l'échelle ; max_exclusion_years : durée maximale d'exclusion "
            "(années, vide si non précisée) ; sursis_max_years : exclusion pouvant être assortie du sursis "
            "jusqu'à ; nullity : nullité de l'épreuve prononçable."
        ),
    ),
)
