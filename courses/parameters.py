"""Regulation-profile parameters of courses (M3C publication, assessment minimums, compensation).

Sources (catalogue ``conflicts``): ``courses.m3c_publication`` (ARL-ES17.1-assessment-rules,
UTC-1.01-arrete, UTC-1.01-freeze, TOURS-II-m3c-deadline, TOURS-II-m3c-freeze,
TOURS-II-exceptional, STRAS-1, STRAS-6) and ``courses.min_assessments`` (UTC-1.02-min-means,
TOURS-II-2-cc-multiple). Compensation defaults: TOURS-AN2-no-compensation (compensation between
EPs, UEs and semesters is the rule for regular students), RSY-A1-odd-semester (BUT: RCUE = odd +
even UE of a competence level, compensated within the year). See docs/decisions/courses.md.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from core.profiles.registry import Kind, Param, register

ANCHORS = ("training_start", "teaching_start", "teaching_year_start", "semester_start")
CONVENTIONS = ("one_month_after", "end_of_first_month")
FREEZE_SCOPES = ("year", "semester")
RULE_KEYS = ("deadline", "freeze", "amendment")


def _opt_int(value: Any, name: str, lo: int = 0, hi: int = 365) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(str(_("« %(n)s » : entier entre %(lo)s et %(hi)s ou vide attendu.")
                             % {"n": name, "lo": lo, "hi": hi}))
    return value


def m3c_publication(value: Any) -> dict[str, Any]:
    """{"deadline": {anchor, convention} | null, "freeze": year|semester,
    "exception_notice_days": int | null (null: no amendment once published),
    "reminder_days": [int], "rules": {deadline, freeze, amendment: rule id}}."""
    if not isinstance(value, dict):
        raise ValueError(str(_("objet attendu.")))
    allowed = {"deadline", "freeze", "exception_notice_days", "reminder_days", "rules"}
    if set(value) - allowed:
        raise ValueError(str(_("clés inconnues : %(k)s.") % {"k": ", ".join(sorted(set(value) - allowed))}))
    deadline = value.get("deadline")
    if deadline is not None:
        if not isinstance(deadline, dict) or deadline.get("anchor") not in ANCHORS \
                or deadline.get("convention") not in CONVENTIONS:
            raise ValueError(str(_("échéance : {anchor: %(a)s, convention: %(c)s} attendu.")
                                 % {"a": "|".join(ANCHORS), "c": "|".join(CONVENTIONS)}))
        deadline = {"anchor": deadline["anchor"], "convention": deadline["convention"]}
    freeze = value.get("freeze", "year")
    if freeze not in FREEZE_SCOPES:
        raise ValueError(str(_("gel : « year » ou « semester » attendu.")))
    reminders = value.get("reminder_days", [])
    if not isinstance(reminders, list):
        raise ValueError(str(_("rappels : liste de jours attendue.")))
    rules = value.get("rules", {})
    if not isinstance(rules, dict) or set(rules) - set(RULE_KEYS) or not all(isinstance(v, str) for v in rules.values()):
        raise ValueError(str(_("règles : {deadline, freeze, amendment} attendu.")))
    return {
        "deadline": deadline,
        "freeze": freeze,
        "exception_notice_days": _opt_int(value.get("exception_notice_days"), "exception_notice_days"),
        "reminder_days": sorted({_opt_int(d, "reminder_days") for d in reminders} - {None}, reverse=True),
        "rules": {k: rules.get(k, "") for k in RULE_KEYS},
    }


def min_assessments(value: Any) -> dict[str, Any]:
    """{"min_means": int|null, "min_cc_evaluations": int|null, "rules": {means, cc: rule id}}."""
    if not isinstance(value, dict) or set(value) - {"min_means", "min_cc_evaluations", "rules"}:
        raise ValueError(str(_("objet {min_means, min_cc_evaluations, rules} attendu.")))
    rules = value.get("rules", {})
    if not isinstance(rules, dict) or set(rules) - {"means", "cc"}:
        raise ValueError(str(_("règles : {means, cc} attendu.")))
    return {
        "min_means": _opt_int(value.get("min_means"), "min_means", 1, 10),
        "min_cc_evaluations": _opt_int(value.get("min_cc_evaluations"), "min_cc_evaluations", 1, 10),
        "rules": {"means": rules.get("means", ""), "cc": rules.get("cc", "")},
    }


COMPENSATION_KEYS = ("within_ue", "between_ues", "between_semesters", "ue_capitalisation")


def compensation(value: Any) -> dict[str, bool]:
    if not isinstance(value, dict) or set(value) != set(COMPENSATION_KEYS) \
            or not all(isinstance(v, bool) for v in value.values()):
        raise ValueError(str(_("objet {%(k)s} de booléens attendu.") % {"k": ", ".join(COMPENSATION_KEYS)}))
    return {k: value[k] for k in COMPENSATION_KEYS}


REMINDERS = [14, 7, 1]

register(
    Param(
        key="courses.m3c_publication",
        label=_("Publication des M3C : échéance, gel et modification exceptionnelle"),
        kind=Kind.STRUCT,
        unit="months",
        rule_ids=("ARL-ES17.1-assessment-rules", "UTC-1.01-arrete", "UTC-1.01-freeze", "TOURS-II-m3c-deadline",
                  "TOURS-II-m3c-freeze", "TOURS-II-exceptional", "STRAS-1", "STRAS-6"),
        validator=m3c_publication,
        default={"deadline": None, "freeze": "year", "exception_notice_days": None,
                 "reminder_days": REMINDERS, "rules": {}},
        presets={
            "iut-arl": {"deadline": {"anchor": "training_start", "convention": "one_month_after"},
                        "freeze": "year", "exception_notice_days": None, "reminder_days": REMINDERS,
                        "rules": {"deadline": "ARL-ES17.1-assessment-rules",
                                  "freeze": "ARL-ES17.1-assessment-rules"}},
            "iut-rsy": {"deadline": None, "freeze": "year", "exception_notice_days": None,
                        "reminder_days": REMINDERS, "rules": {}},
            "utc": {"deadline": {"anchor": "semester_start", "convention": "one_month_after"},
                    "freeze": "semester", "exception_notice_days": None, "reminder_days": REMINDERS,
                    "rules": {"deadline": "UTC-1.01-arrete", "freeze": "UTC-1.01-freeze"}},
            "tours": {"deadline": {"anchor": "teaching_year_start", "convention": "end_of_first_month"},
                      "freeze": "year", "exception_notice_days": 15, "reminder_days": REMINDERS,
                      "rules": {"deadline": "TOURS-II-m3c-deadline", "freeze": "TOURS-II-m3c-freeze",
                                "amendment": "TOURS-II-exceptional"}},
            "strasbourg": {"deadline": {"anchor": "teaching_start", "convention": "end_of_first_month"},
                           "freeze": "year", "exception_notice_days": None, "reminder_days": REMINDERS,
                           "rules": {"deadline": "STRAS-1", "freeze": "STRAS-6"}},
        },
        help=_("« fin du premier mois » = début + 1 mois − 1 jour ; « un mois après le début » = début + 1 mois. "
               "Sans délai de modification exceptionnelle, les M3C publiées ne peuvent plus être modifiées."),
    ),
    Param(
        key="courses.min_assessments",
        label=_("Nombre minimal de moyens d'évaluation par module et d'évaluations de contrôle continu"),
        kind=Kind.STRUCT,
        unit="count",
        rule_ids=("UTC-1.02-min-means", "TOURS-II-2-cc-multiple"),
        validator=min_assessments,
        default={"min_means": None, "min_cc_evaluations": None, "rules": {}},
        presets={
            "utc": {"min_means": 2, "min_cc_evaluations": None, "rules": {"means": "UTC-1.02-min-means"}},
            "tours": {"min_means": None, "min_cc_evaluations": 2, "rules": {"cc": "TOURS-II-2-cc-multiple"}},
        },
    ),
    Param(
        key="courses.compensation_defaults",
        label=_("Compensation et capitalisation par défaut des nouvelles formations"),
        kind=Kind.STRUCT,
        rule_ids=("TOURS-AN2-no-compensation", "RSY-A1-odd-semester"),
        validator=compensation,
        default={"within_ue": True, "between_ues": False, "between_semesters": False, "ue_capitalisation": True},
        presets={
            "tours": {"within_ue": True, "between_ues": True, "between_semesters": True, "ue_capitalisation": True},
            "iut-rsy": {"within_ue": True, "between_ues": False, "between_semesters": True,
                        "ue_capitalisation": True},
            "iut-arl": {"within_ue": True, "between_ues": False, "between_semesters": True,
                        "ue_capitalisation": True},
        },
        help=_("Valeurs proposées à la création d'une version de formation ; modifiables par formation."),
    ),
    Param(
        key="courses.validation_threshold",
        label=_("Seuil de validation d'un module ou d'une UE"),
        kind=Kind.DECIMAL,
        unit="/20",
        rule_ids=("UTC-1.01-m3c-content", "RSY-A1-odd-semester"),
        min=0,
        max=20,
        default="10",
    ),
    Param(
        key="courses.second_session_default",
        label=_("Règle de seconde session proposée par défaut pour un module"),
        kind=Kind.CHOICE,
        rule_ids=("TOURS-II-m3c-content",),
        choices=("replace", "best", "none"),
        default="replace",
    ),
)
