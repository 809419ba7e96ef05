"""Regulation-profile parameters of exams.

The thirteen catalogue ``conflicts`` whose key starts with ``exams.`` are transcribed as they are
(``conflicts[key].values[preset].params``, ``None`` where the text says nothing; checked by
tests/exams/test_parameters.py). The others are Cursus additions the rules need (decisions in
docs/decisions/exams.md); their structured values carry the ``rule_ids`` they transcribe.
Each STRUCT validator is the parser the rule itself uses (``exams.rules.*``).
"""

from django.utils.translation import gettext_lazy as _

from core.profiles.registry import Kind, Param, register
from core.profiles.validators import choice, list_of
from exams.rules.accommodations import validate_accommodation_deadline
from exams.rules.conflicts import validate_oral_timing
from exams.rules.convocations import validate_convocation_fields, validate_convocation_lead
from exams.rules.exits import (
    validate_definitive_exit,
    validate_overtime,
    validate_presence,
    validate_temporary_exit,
)
from exams.rules.invigilation import validate_calendar_lead, validate_min_invigilators
from exams.rules.lateness import validate_late_entry_rule
from exams.rules.materials import validate_dictionary
from exams.rules.reports import validate_exam_report, validate_incident_rules, validate_unlisted
from exams.rules.seating import validate_anonymity
from exams.rules.subjects import validate_subject_rules
from exams.rules.timetable import validate_schedule_lead


def _struct(key, label, rule_ids, presets, validator, help_="", unit="policy"):
    return Param(key=key, label=label, kind=Kind.STRUCT, unit=unit, rule_ids=rule_ids, default=None,
                 nullable=True, presets=presets, validator=validator, help=help_)


CATALOGUE = (
    _struct(
        "exams.late_entry_rule", _("Retard à une épreuve écrite"),
        ("UTC-3.01b-late-minor", "UTC-3.01b-late-major", "RSY-A3-lateness", "TOURS-VI-3.1-late", "STRAS-33"),
        {
            "iut-arl": None,
            "iut-rsy": {"may_count_as": "ABI", "type": "teacher_discretion"},
            "strasbourg": {"counted_from": "exam_start",
                           "cutoff_minutes": "60 if duration_min > 60 else duration_min / 2",
                           "extra_time": 0, "type": "minutes"},
            "tours": {"cutoff_event": "ouverture_enveloppes", "exception": "incident_transport_imprevisible",
                      "extra_time": 0, "type": "event"},
            "utc": {"counted_from": "first_subject_distribution", "discretionary_below": True, "extra_time": 0,
                    "max_fraction": 0.25, "proof_hours": 48, "type": "fraction_of_duration"},
        },
        validate_late_entry_rule,
        _("type : fraction_of_duration (max_fraction, discretionary_below, proof_hours), event (cutoff_event, "
          "exception), minutes (cutoff_minutes : nombre ou expression de duration_min), teacher_discretion, none. "
          "extra_time vaut toujours 0 : aucun temps supplémentaire pour un retardataire."),
    ),
    _struct(
        "exams.min_presence_before_definitive_exit", _("Sortie définitive : durée minimale de présence"),
        ("UTC-3.02c-early-exit", "TOURS-VI-3.1-early-exit", "STRAS-51"),
        {
            "iut-arl": None, "iut-rsy": None,
            "strasbourg": {"counted_from": "exam_start", "type": "minutes",
                           "value": "duration_min if duration_min <= 60 else 60"},
            "tours": {"counted_from": "subject_distribution", "type": "minutes", "value": 45},
            "utc": {"counted_from": "first_subject_distribution", "type": "fraction_of_duration", "value": 0.25},
        },
        validate_definitive_exit,
    ),
    _struct(
        "exams.temporary_exit_rule", _("Sortie temporaire pendant une épreuve"),
        ("UTC-3.02c-exits", "TOURS-VI-3.1-temporary-exit", "STRAS-50"),
        {
            "iut-arl": None, "iut-rsy": None,
            "strasbourg": {"escort": "preferred", "max_simultaneous": 1},
            "tours": {"escort": "required", "forbidden_if_duration_min_lte": 60, "max_simultaneous": 1},
            "utc": {"allowed": True, "extra_time": 0},
        },
        validate_temporary_exit,
    ),
    _struct(
        "exams.presence_before_start", _("Présence / appel avant le début de l'épreuve"),
        ("UTC-3.01b-arrival", "TOURS-VI-3.2-roll-call", "STRAS-31"),
        {
            "iut-arl": None, "iut-rsy": None,
            "strasbourg": {"min_minutes_before": 15},
            "tours": {"roll_call_window_minutes_before": [30, 15]},
            "utc": {"min_minutes_before": 15},
        },
        validate_presence, unit="minutes",
    ),
    _struct(
        "exams.min_invigilators", _("Nombre minimal de surveillants par salle"),
        ("UTC-2.04-roles-finals", "UTC-2.04-roles-medians", "TOURS-VI-3.2-min-invigilators", "STRAS-46"),
        {
            "iut-arl": None, "iut-rsy": None,
            "strasbourg": {"above_threshold": 2, "headcount_threshold": 100, "per_room": 1},
            "tours": {"headcount_threshold": None, "per_room": 2},
            "utc": {"per_room": None},
        },
        validate_min_invigilators, unit="invigilators",
    ),
    _struct(
        "exams.convocation_lead_time", _("Délai et canal des convocations"),
        ("ARL-ES03.4-audition-delay", "UTC-2.02-convocation-final", "UTC-2.02-convocation-nonfinal",
         "TOURS-VI-1-convocation", "TOURS-VI-1-individual", "STRAS-27", "STRAS-29"),
        {
            "iut-arl": {"day_kind": "ouvrables", "object": "audition", "value": 6},
            "iut-rsy": None,
            "strasbourg": {"channel": ["affichage_panneaux"], "day_kind": "calendar", "individual_channel": "courrier",
                           "individual_for": "dispenses_assiduite", "value": 15},
            "tours": {"channel": ["affichage", "site_internet"], "day_kind": "calendar",
                      "individual_for": "dispenses_assiduite", "value": 15},
            "utc": {"finals": {"channel": "email_individuel", "day_kind": "calendar", "value": 15},
                    "other": {"channel": "email", "day_kind": "calendar", "value": 2}},
        },
        validate_convocation_lead, unit="delay",
    ),
    _struct(
        "exams.convocation_required_fields", _("Mentions obligatoires d'une convocation"),
        ("ARL-ES03.4-audition-content", "UTC-2.02-convocation-content", "TOURS-VI-1-convocation-content", "STRAS-28"),
        {
            "iut-arl": {"required": ["modalites_audition", "criteres_principaux"]},
            "iut-rsy": None,
            "strasbourg": {"recommended": ["documents", "calculatrices"], "required": ["date", "heure", "duree", "lieu"]},
            "tours": {"recommended": ["documents", "calculatrices"], "required": ["date", "heure", "lieu"]},
            "utc": {"conditional": ["numero_place"],
                    "required": ["titre", "nature", "date", "heure_debut", "heure_fin_ou_duree", "lieu"]},
        },
        validate_convocation_fields, unit="fields",
    ),
    _struct(
        "exams.schedule_publication_lead_time", _("Publication du calendrier des épreuves"),
        ("ARL-ES17.3-exam-calendar", "UTC-2.01-median-schedule", "UTC-2.01-final-schedule", "UTC-2.01-other-schedule",
         "TOURS-I-calendar", "STRAS-27"),
        {
            "iut-arl": {"anchor": "semester_start", "value": None},
            "iut-rsy": None,
            "strasbourg": {"value": None},
            "tours": {"value": None},
            "utc": {"finals": {"day_kind": "calendar", "value": 15},
                    "medians": {"day_kind": "calendar", "value": 10},
                    "other": {"also_before": "first_assessment", "anchor": "semester_start", "day_kind": "months",
                              "value": 1}},
        },
        validate_schedule_lead, unit="delay",
    ),
    _struct(
        "exams.subject_rules", _("Sujets : délai de remise et mentions obligatoires"),
        ("UTC-2.03-archive-copies", "UTC-2.03-subject-content", "TOURS-VI-2-subject-delivery",
         "TOURS-VI-2-subject-content", "STRAS-26", "STRAS-25"),
        {
            "iut-arl": None, "iut-rsy": None,
            "strasbourg": {"lead_days": 8, "optional": ["annee_dans_diplome"],
                           "required": ["annee", "semestre", "diplome", "session", "intitule", "duree",
                                        "materiel_autorise"]},
            "tours": {"lead_days": 8, "optional": ["bareme"],
                      "required": ["annee", "semestre", "diplome", "annee_dans_diplome", "session", "intitule",
                                   "duree", "materiel_autorise"]},
            "utc": {"extra_archive_copies_finals": 2, "lead_days": None,
                    "required": ["intitule", "semestre", "date", "duree", "nombre_pages", "materiel_autorise"],
                    "required_any_of": ["bareme", "timing_indicatif"]},
        },
        validate_subject_rules,
        _("lead_days : jours calendaires avant l'épreuve ; required / required_any_of : mentions obligatoires."),
    ),
    _struct(
        "exams.anonymity", _("Anonymat des épreuves écrites et affichage des notes"),
        ("ARL-ES18.1-channels", "TOURS-VI-3.2-seats-anonymity", "TOURS-VI-4.5-cc-grades", "STRAS-10", "STRAS-8",
         "STRAS-101"),
        {
            "iut-arl": {"nominative_grade_display": False},
            "iut-rsy": None,
            "strasbourg": {"concours": "default_on", "nominative_results_list": True, "written_terminal": "if_M3C"},
            "tours": {"nominative_grade_display": False, "written_terminal": "mandatory"},
            "utc": None,
        },
        validate_anonymity,
    ),
    _struct(
        "exams.bilingual_dictionary", _("Dictionnaire bilingue pour les étudiants non francophones"),
        ("UTC-3.01d-dictionary", "TOURS-AN2-exam-conditions"),
        {
            "iut-arl": None, "iut-rsy": None, "strasbourg": None,
            "tours": {"eligible": ["etudiant_echange"], "excluded_exams": "enseignement_linguistique"},
            "utc": {"eligible": ["convention_non_francophone", "programme_UTC_etranger"], "excluded_exams": "langues"},
        },
        validate_dictionary,
    ),
    _struct(
        "exams.accommodation_request_deadline", _("Demande d'aménagements d'épreuves"),
        ("ARL-ES13-specific-publics", "UTC-2.05-disability-list", "RSY-FINAL-special-needs",
         "TOURS-VI-3.2-accommodation-request", "STRAS-11", "STRAS-14"),
        {
            "iut-arl": {"value": None}, "iut-rsy": {"value": None},
            "strasbourg": {"prior_authorisation": True, "value": None},
            "tours": {"anchor": "exams_start", "day_kind": "months", "direction": "before", "value": 1},
            "utc": {"value": None},
        },
        validate_accommodation_deadline, unit="delay",
    ),
    _struct(
        "exams.overtime_handling", _("Composition après la fin de l'épreuve"),
        ("UTC-3.02e-end", "RSY-A5-copy", "STRAS-78"),
        {
            "iut-arl": None, "tours": None,
            "iut-rsy": {"action": "copy_may_be_refused"},
            "strasbourg": {"action": "pv_and_jury_decides"},
            "utc": {"action": "notify_and_optional_penalty"},
        },
        validate_overtime,
    ),
)

ADDITIONS = (
    Param(
        key="exams.early_exit_exemptions", label=_("Dispenses de la durée minimale de présence"),
        kind=Kind.LIST, unit="publics", rule_ids=("UTC-3.02c-early-exit",), default=[],
        presets={"utc": ["amenagements"]}, validator=list_of(choice(("amenagements",))),
        help=_("« amenagements » : les candidats bénéficiant d'aménagements peuvent sortir à tout moment."),
    ),
    _struct(
        "exams.invigilation_calendar_lead_time", _("Envoi du calendrier des surveillances"), ("STRAS-47",),
        {"strasbourg": {"value": 15, "day_kind": "calendar", "anchor": "session_start_or_isolated_exam"}},
        validate_calendar_lead,
        _("Au moins N jours avant le début de la session, ou de l'épreuve si elle est isolée."), unit="delay",
    ),
    Param(
        key="exams.schedule_semester_start_window", label=_("Calendrier prévisionnel : délai « en début de semestre »"),
        kind=Kind.DELAY, unit="delay", rule_ids=("ARL-ES17.3-exam-calendar",), default=None, nullable=True,
        presets={"iut-arl": {"value": 7, "unit": "calendar"}}, max=60,
        help=_("Le texte dit « au début de chaque semestre » sans chiffre : choix local (première semaine)."),
    ),
    Param(
        key="exams.seat_allocation_order", label=_("Ordre de placement des candidats"), kind=Kind.CHOICE,
        unit="order", rule_ids=(), default="alphabetical", choices=("alphabetical", "random"),
        help=_("alphabetical : nom puis prénom ; random : tirage reproductible avec une graine par épreuve."),
    ),
    Param(
        key="exams.one_duration_per_room", label=_("Une seule durée d'épreuve par salle"), kind=Kind.BOOL,
        unit="flag", rule_ids=("TOURS-VI-3.2-room-durations",), default=False, presets={"tours": True},
    ),
    _struct(
        "exams.oral_timing", _("Oraux : temps de préparation et durée respectés pour chaque candidat"),
        ("STRAS-80", "TOURS-II-3-terminal-subject"),
        {"strasbourg": {"per_candidate": True, "rule_ids": ["STRAS-80"]},
         "tours": {"per_candidate": True, "rule_ids": ["TOURS-II-3-terminal-subject"]}},
        validate_oral_timing,
    ),
    _struct(
        "exams.exam_report", _("Procès-verbal de déroulement : mentions et contrôle copies / émargements"),
        ("TOURS-VI-3.2-count-check", "TOURS-VI-3.2-pv-content", "STRAS-54"),
        {
            "iut-arl": {"copies_must_match_signatures": True, "required_fields": [], "rule_ids": []},
            "utc": {"copies_must_match_signatures": True, "required_fields": [], "rule_ids": []},
            "iut-rsy": {"copies_must_match_signatures": True, "required_fields": [], "rule_ids": []},
            "tours": {"copies_must_match_signatures": True,
                      "required_fields": ["annee", "niveau", "diplome", "enseignement", "nb_inscrits", "nb_presents",
                                          "nb_emargements", "nb_copies", "observations"],
                      "rule_ids": ["TOURS-VI-3.2-count-check", "TOURS-VI-3.2-pv-content"]},
            "strasbourg": {"copies_must_match_signatures": True,
                           "required_fields": ["annee", "semestre", "diplome", "session", "enseignement", "date",
                                               "heure", "lieu", "duree", "nb_inscrits", "nb_presents", "nb_copies",
                                               "observations_incidents"],
                           "rule_ids": ["STRAS-54"]},
        },
        validate_exam_report,
    ),
    _struct(
        "exams.incident_rules", _("Incidents : sujets manquants ou erronés, retard massif"),
        ("TOURS-VI-3.2-incident-subjects", "STRAS-30"),
        {
            "tours": {"missing_subjects": {"before_distribution": "retarder_debut", "shortly_after": "prolonger_duree",
                                           "content_error": "reprise_epreuve"},
                      "decider": "president_jury", "rule_ids": ["TOURS-VI-3.2-incident-subjects"]},
            "strasbourg": {"massive_lateness": {"decider": "president_jury", "options": ["retarder_debut", "reporter"]},
                           "decider": "president_jury", "rule_ids": ["STRAS-30"]},
        },
        validate_incident_rules,
    ),
    _struct(
        "exams.unlisted_candidate", _("Candidat absent de la liste d'émargement"),
        ("STRAS-35", "TOURS-VI-3.1-not-on-list"),
        {
            "strasbourg": {"admit": True, "grade_hold": True, "rule_ids": ["STRAS-35"]},
            "tours": {"admit": True, "grade_hold": False, "follow_up": "verification_scolarite",
                      "rule_ids": ["TOURS-VI-3.1-not-on-list"]},
        },
        validate_unlisted,
    ),
)

register(*CATALOGUE, *ADDITIONS)
