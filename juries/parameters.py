"""Regulation-profile parameters of grades and juries (issue 4).

Two families:

* the catalogue ``conflicts`` for ``grades.*`` / ``juries.*`` (delays, jury composition, appeals,
  copies…), registered as structured values per preset (``parameters_conflicts.CONFLICTS``);
* the results engine's parameters: mark semantics, thresholds, compensation, bonuses, malus,
  progression and rounding. Where a text is silent the preset keeps the default and
  docs/decisions/juries.md says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.profiles.registry import Kind, Param, int_list, register
from juries.parameters_conflicts import CONFLICTS

COMPENSATION_KEYS = ("within_ue", "between_ues", "between_semesters")
PROGRAMME_KINDS = ("but", "licence", "lp", "master")


def _struct_or_none(value: Any) -> Any:
    if not isinstance(value, Mapping):
        raise ValueError(_("objet JSON attendu."))
    return dict(value)


def _compensation_by_kind(value: Any) -> dict[str, dict[str, bool]]:
    if not isinstance(value, Mapping):
        raise ValueError(_("objet attendu : {but|licence|lp|master: {within_ue, between_ues, between_semesters}}."))
    out: dict[str, dict[str, bool]] = {}
    for kind, scopes in value.items():
        if kind not in PROGRAMME_KINDS:
            raise ValueError(_("type de formation inconnu : %(k)s.") % {"k": kind})
        if not isinstance(scopes, Mapping) or set(scopes) - set(COMPENSATION_KEYS):
            raise ValueError(_("%(k)s : clés permises %(c)s.") % {"k": kind, "c": ", ".join(COMPENSATION_KEYS)})
        if not all(isinstance(v, bool) for v in scopes.values()):
            raise ValueError(_("%(k)s : valeurs oui/non attendues.") % {"k": kind})
        out[kind] = {k: bool(scopes.get(k, False)) for k in COMPENSATION_KEYS}
    return out


def _sessions_by_year(value: Any) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise ValueError(_("objet attendu : {BUT1: 20, …}."))
    out = {}
    for label, n in value.items():
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(_("%(k)s : nombre de séances entier attendu.") % {"k": label})
        out[str(label)] = n
    return out


for _key, _conflict in CONFLICTS.items():
    register(
        Param(
            key=_key,
            label=_conflict["topic"],
            kind=Kind.STRUCT,
            rule_ids=tuple(_conflict["rules"]),
            default=None,
            nullable=True,
            presets=_conflict["presets"],
            validator=_struct_or_none,
            help=_("Valeurs transcrites du catalogue des règles (conflits entre établissements)."),
        )
    )

_RSY = "iut-rsy"

register(
    # --- values and rounding -------------------------------------------------------------
    Param(key="juries.mark_scale", label=_("Barème par défaut des évaluations"), kind=Kind.INT, unit="points",
          min=1, max=1000, rule_ids=("RSY-A1-odd-semester",), default=20),
    Param(key="juries.mark_decimals", label=_("Décimales permises à la saisie d'une note"), kind=Kind.INT,
          min=0, max=4, rule_ids=(), default=2,
          help=_("Choix local (J-01) : aucun texte ne fixe la précision des notes.")),
    Param(key="juries.average_decimals", label=_("Décimales d'affichage des moyennes"), kind=Kind.INT,
          min=0, max=4, rule_ids=(), default=2,
          help=_("Arrondi au plus proche (demi vers le haut) à l'affichage seulement (J-01).")),
    Param(key="juries.threshold_compare", label=_("Comparaison des moyennes aux seuils"), kind=Kind.CHOICE,
          choices=("exact", "rounded"), rule_ids=("STRAS-91", "TOURS-VI-4.3-deliberation"), default="exact",
          help=_("exact : moyenne non arrondie ; rounded : moyenne affichée (J-01).")),
    Param(key="juries.abj_semantics", label=_("Effet d'une absence justifiée (ABJ) à une évaluation"),
          kind=Kind.CHOICE, choices=("zero", "neutralised", "pending"), rule_ids=("RSY-A2-makeup",),
          default="neutralised", presets={_RSY: "pending"}),
    Param(key="juries.abi_counts_zero", label=_("Une absence injustifiée (ABI) vaut zéro"), kind=Kind.BOOL,
          rule_ids=("RSY-A3-abi-zero",), default=True),
    Param(key="juries.def_blocks_result", label=_("DEF (défaillant) empêche le calcul de la moyenne"),
          kind=Kind.BOOL, rule_ids=(), default=True),
    # --- validation and compensation -----------------------------------------------------
    Param(key="juries.pass_mark", label=_("Seuil de validation (UE, semestre, année)"), kind=Kind.DECIMAL,
          unit="points /20", min=0, max=20, rule_ids=("RSY-A1-odd-semester",), default="10"),
    Param(key="juries.module_floor", label=_("Note plancher d'un module (note éliminatoire)"),
          kind=Kind.DECIMAL, unit="points /20", min=0, max=20, rule_ids=(), default=None, nullable=True),
    Param(key="juries.ue_compensation_floor", label=_("Moyenne minimale d'une UE pour être compensée"),
          kind=Kind.DECIMAL, unit="points /20", min=0, max=20, rule_ids=(), default=None, nullable=True),
    Param(key="juries.compensation_by_kind", label=_("Compensation par défaut selon le type de formation"),
          kind=Kind.STRUCT, rule_ids=("TOURS-AN2-no-compensation", "RSY-A1-odd-semester"),
          validator=_compensation_by_kind,
          default={
              "but": {"within_ue": True, "between_ues": False, "between_semesters": False},
              "licence": {"within_ue": True, "between_ues": True, "between_semesters": True},
              "lp": {"within_ue": True, "between_ues": True, "between_semesters": True},
              "master": {"within_ue": True, "between_ues": True, "between_semesters": False},
          }),
    Param(key="juries.exchange_students_compensation", label=_("Compensation pour les étudiants d'échange"),
          kind=Kind.BOOL, rule_ids=("TOURS-AN2-no-compensation",), default=True, presets={"tours": False}),
    Param(key="juries.resit_default", label=_("Règle de seconde session par défaut d'un module"),
          kind=Kind.CHOICE, choices=("replace", "best", "none"), rule_ids=("TOURS-V-sessions",), default="best",
          help=_("replace : la note de seconde session remplace ; best : la meilleure est gardée ; none : "
                 "non rattrapable. Les M3C de chaque module priment (J-04).")),
    # --- BUT progression -----------------------------------------------------------------
    Param(key="juries.rcue_pass_mark", label=_("Seuil de validation d'un RCUE"), kind=Kind.DECIMAL,
          unit="points /20", min=0, max=20, rule_ids=("RSY-A1-odd-semester",), default="10"),
    Param(key="juries.rcue_floor", label=_("Moyenne minimale de chaque RCUE pour passer en semestre impair"),
          kind=Kind.DECIMAL, unit="points /20", min=0, max=20, rule_ids=("RSY-A1-odd-semester",), default="8"),
    Param(key="juries.rcue_majority", label=_("Part des RCUE à valider pour passer en semestre impair"),
          kind=Kind.CHOICE, choices=("more_than_half", "at_least_half"), rule_ids=("RSY-A1-odd-semester",),
          default="more_than_half"),
    Param(key="juries.s5_requires_first_year_ues", label=_("Entrée en S5 : toutes les UE de S1 et S2 validées"),
          kind=Kind.BOOL, rule_ids=("RSY-A1-S5",), default=True),
    Param(key="juries.repeat_max_per_semester", label=_("Redoublements permis par semestre"), kind=Kind.INT,
          min=0, max=10, rule_ids=("RSY-A1-repeat-limit",), default=None, nullable=True, presets={_RSY: 1}),
    Param(key="juries.repeat_max_total", label=_("Redoublements permis sur tout le cursus"), kind=Kind.INT,
          min=0, max=20, rule_ids=("RSY-A1-repeat-limit",), default=None, nullable=True, presets={_RSY: 4}),
    Param(key="juries.repeat_director_extra", label=_("Redoublements supplémentaires accordables par le directeur"),
          kind=Kind.INT, min=0, max=5, rule_ids=("RSY-A1-repeat-limit",), default=0, presets={_RSY: 1}),
    # --- bonuses ---------------------------------------------------------------------------
    Param(key="juries.sport_bonus_max", label=_("Bonification sportive maximale"), kind=Kind.DECIMAL,
          unit="points", min=0, max=5, rule_ids=("RSY-A7.1-sport-bonus",), default=None, nullable=True,
          presets={_RSY: "0.5"}),
    Param(key="juries.sport_bonus_semesters", label=_("Semestres recevant la bonification sportive"),
          kind=Kind.LIST, rule_ids=("RSY-A7.1-sport-bonus",), default=[], presets={_RSY: [6, 4, 2]},
          validator=int_list(min_value=1, max_value=10)),
    Param(key="juries.sport_bonus_min_sessions", label=_("Séances sportives requises par année"),
          kind=Kind.STRUCT, rule_ids=("RSY-A7.1-sport-eligibility",), default=None, nullable=True,
          presets={_RSY: {"BUT1": 20, "BUT2": 16, "BUT3": 12}}, validator=_sessions_by_year),
    Param(key="juries.engagement_bonus_per_type_max", label=_("Bonification d'engagement par type d'activité"),
          kind=Kind.DECIMAL, unit="points", min=0, max=5, rule_ids=("RSY-A7.2C-cap",), default=None,
          nullable=True, presets={_RSY: "0.5"}),
    Param(key="juries.engagement_bonus_scope", label=_("UE recevant la bonification d'engagement"),
          kind=Kind.CHOICE, choices=("year_ues", "even_semester_ues"), rule_ids=("RSY-A7.2C-cap",),
          default="year_ues"),
    Param(key="juries.bonus_total_max", label=_("Plafond total des bonifications par UE (sport inclus)"),
          kind=Kind.DECIMAL, unit="points", min=0, max=5, rule_ids=("RSY-A7.2C-cap",), default=None,
          nullable=True, presets={_RSY: "1"}),
    # --- malus and absences ----------------------------------------------------------------
    Param(key="juries.malus_bracket_hours", label=_("Tranche d'heures d'absence injustifiée du malus"),
          kind=Kind.DECIMAL, unit="hours", min=0, max=100, rule_ids=("RSY-A3-malus",), default=None,
          nullable=True, presets={_RSY: "4"}),
    Param(key="juries.malus_points_per_bracket", label=_("Malus par tranche commencée"), kind=Kind.DECIMAL,
          unit="points", min=0, max=5, rule_ids=("RSY-A3-malus",), default=None, nullable=True,
          presets={_RSY: "0.2"}),
    Param(key="juries.malus_cap", label=_("Plafond du malus par UE"), kind=Kind.DECIMAL, unit="points", min=0,
          max=20, rule_ids=("RSY-A3-malus",), default=None, nullable=True,
          help=_("Le texte n'en fixe pas (« Etc. ») : vide = sans plafond (J-06).")),
    Param(key="juries.malus_excludes_apprentices", label=_("Pas de malus pour les alternants"), kind=Kind.BOOL,
          rule_ids=("RSY-A3-malus",), default=True),
    Param(key="juries.iti_days_per_year", label=_("Jours d'indisponibilité temporaire (ITI) autorisés par an"),
          kind=Kind.INT, unit="days", min=0, max=60, rule_ids=("RSY-A2-iti-quota", "RSY-A3-malus"),
          default=None, nullable=True, presets={_RSY: 5}),
    Param(key="juries.absence_block_ratio", label=_("Part d'absences bloquant la validation du semestre"),
          kind=Kind.DECIMAL, unit="ratio", min=0, max=1, rule_ids=("RSY-A3-30pct",), default=None,
          nullable=True, presets={_RSY: "0.3"}),
)


# --- results inputs: engagement activity types (docs/decisions/results-inputs.md) -------------
def _slug_list(value: Any) -> list[str]:
    if not isinstance(value, list | tuple):
        raise ValueError(_("liste de codes attendue."))
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item or len(item) > 40 or not all(c.isalnum() or c in "_-" for c in item):
            raise ValueError(_("« %(v)s » : code (lettres, chiffres, _ ou -, 40 caractères au plus) attendu.")
                             % {"v": item})
        if item not in out:
            out.append(item)
    return out


register(
    Param(key="juries.engagement_bonus_types", label=_("Types d'activité ouvrant la bonification d'engagement"),
          kind=Kind.LIST, rule_ids=("RSY-A7.2A-activities", "RSY-A7.2C-cap"), default=[],
          presets={_RSY: ["benevolat_associatif", "activite_professionnelle", "reserve_operationnelle",
                          "sapeur_pompier_volontaire", "volontariat_armees", "service_civique",
                          "artistique_culturel", "elu_conseils_centraux", "elu_conseil_institut"]},
          validator=_slug_list,
          help=_("Vide : pas de bonification d'engagement dans ce règlement.")),
)
