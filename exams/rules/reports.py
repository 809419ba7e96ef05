"""Exam report (PV de déroulement), incidents and the sign-in sheet.

* Closing the report (``exams.exam_report``): the number of copies must equal the number of
  signatures or an incident recorded in the report must explain the gap (TOURS-VI-3.2-count-check,
  STRAS-54); the required mentions are listed per profile (TOURS-VI-3.2-pv-content, STRAS-54).
* Incidents (``exams.incident_rules``): missing or faulty subjects (TOURS-VI-3.2-incident-subjects:
  delay the start, extend the duration, retake the exam), massive lateness (STRAS-30: the jury
  president delays or postpones).
* A candidate missing from the sign-in list (``exams.unlisted_candidate``): added by hand and allowed
  to compose; the grade is held until their right to sit is verified (STRAS-35,
  TOURS-VI-3.1-not-on-list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.profiles.validators import boolean, choice, list_of, struct, text

from .base import Decision, ExamSlot, cited_rules, pick
from .content import check_fields

REPORT_PARAM = "exams.exam_report"
INCIDENT_PARAM = "exams.incident_rules"
UNLISTED_PARAM = "exams.unlisted_candidate"
_ids = list_of(text(60))
MEASURES = ("retarder_debut", "prolonger_duree", "reprise_epreuve", "reporter", "sujet_de_secours")

validate_exam_report = struct(
    {"required_fields": list_of(text(60)), "copies_must_match_signatures": boolean(), "rule_ids": _ids},
    required=("copies_must_match_signatures",),
)
validate_incident_rules = struct(
    {
        "missing_subjects": struct({"before_distribution": choice(MEASURES), "shortly_after": choice(MEASURES),
                                    "content_error": choice(MEASURES)}),
        "massive_lateness": struct({"decider": text(60), "options": list_of(choice(MEASURES), min_items=1)},
                                   required=("decider", "options")),
        "decider": text(60),
        "rule_ids": _ids,
    }
)
validate_unlisted = struct(
    {"admit": boolean(), "grade_hold": boolean(), "follow_up": text(80), "rule_ids": _ids},
    required=("admit", "grade_hold"),
)

INCIDENT_KINDS = ("copy_count_gap", "missing_subjects", "faulty_subject", "massive_lateness", "overtime",
                  "fraud_suspicion", "other")


@dataclass(frozen=True)
class Incident:
    kind: str
    description: str
    at: datetime | None = None
    explains_count_gap: bool = False


@dataclass(frozen=True)
class ExamReport:
    """The figures and mentions of a PV de déroulement (``header``: year, diploma, session…)."""

    enrolled: int
    present: int
    signatures: int
    copies: int
    observations: str = ""
    incidents: tuple[Incident, ...] = ()
    header: dict[str, Any] = field(default_factory=dict)

    @property
    def other(self) -> dict[str, Any]:  # content.check_fields looks unknown codes up here
        counts = {"nb_inscrits": self.enrolled, "nb_presents": self.present, "nb_emargements": self.signatures,
                  "nb_copies": self.copies, "observations": self.observations or None,
                  "observations_incidents": self.observations or (self.incidents or None)}
        return {**self.header, **counts}


@dataclass(frozen=True)
class ReportDecision(Decision):
    fields: dict[str, str] = field(default_factory=dict)

    def raise_if_refused(self) -> None:
        if not self.allowed:
            raise ApplicationError(self.reason_code, self.message, fields=self.fields, rule_id=self.rule_id)


def can_close_report(rule_value: Any, report: ExamReport, *, preset: str | None = None) -> ReportDecision:
    """The report closes only when complete and balanced (copies = signatures, or an incident says why)."""
    rule: dict[str, Any] = (
        validate_exam_report(rule_value) if rule_value is not None else {"copies_must_match_signatures": True}
    )
    ids = cited_rules(REPORT_PARAM, rule_value, preset)
    count_rule, content_rule = pick(ids, 0), pick(ids, -1)
    if min(report.enrolled, report.present, report.signatures, report.copies) < 0:
        raise ValueError("report figures are counts (>= 0)")
    if rule["copies_must_match_signatures"] and report.copies != report.signatures and not any(
        i.explains_count_gap for i in report.incidents
    ):
        return ReportDecision(
            False, "exams.report_unbalanced", count_rule,
            _("%(c)d copies pour %(s)d émargements : consigner un incident qui explique l'écart avant de clore "
              "le procès-verbal (règle %(r)s).") % {"c": report.copies, "s": report.signatures, "r": count_rule or "—"},
            fields={"copies": _("Le nombre de copies doit être égal au nombre d'émargements."),
                    "incidents": _("Aucun incident n'explique l'écart.")},
        )
    content = check_fields(report, required=rule.get("required_fields", ()), rule_id=content_rule)
    if not content.complete:
        return ReportDecision(False, "exams.report_incomplete", content_rule,
                              _("Le procès-verbal est incomplet."), fields=content.fields)
    return ReportDecision(True, "exams.report_closable", count_rule, _("Procès-verbal complet et équilibré."))


@dataclass(frozen=True)
class IncidentMeasure(Decision):
    measures: tuple[str, ...] = ()
    decider: str = ""


def incident_measure(rule_value: Any, *, kind: str, found: str = "", preset: str | None = None) -> IncidentMeasure:
    """What to do about an incident. ``found`` (missing subjects): before_distribution /
    shortly_after / content_error. Returns the measure(s) and who decides."""
    rule = validate_incident_rules(rule_value) if rule_value is not None else {}
    rule_id = pick(cited_rules(INCIDENT_PARAM, rule_value, preset), 0)
    default_decider = rule.get("decider", "president_jury")
    if kind in ("missing_subjects", "faulty_subject") and found in (rule.get("missing_subjects") or {}):
        measure = rule["missing_subjects"][found]
        return IncidentMeasure(True, "exams.incident_" + measure, rule_id,
                               _("Mesure prévue par le règlement : %(m)s.") % {"m": measure},
                               measures=(measure,), decider="responsable_epreuve")
    if kind == "massive_lateness" and "massive_lateness" in rule:
        ml = rule["massive_lateness"]
        return IncidentMeasure(True, "exams.incident_massive_lateness", rule_id,
                               _("Retard massif : le président du jury décide de retarder le début ou de reporter "
                                 "l'épreuve."), measures=tuple(ml["options"]), decider=ml["decider"])
    options = ("retarder_debut", "reporter") if kind == "massive_lateness" else MEASURES
    return IncidentMeasure(True, "exams.incident_jury_president", rule_id,
                           _("Le président du jury décide des mesures nécessaires."),
                           measures=options, decider=default_decider)


def extended_end(slot: ExamSlot, delay: timedelta) -> datetime:
    """Start delayed or duration extended by ``delay`` for the candidates composing."""
    if delay < timedelta(0):
        raise ValueError("an incident never shortens an exam")
    return slot.end + delay


@dataclass(frozen=True)
class UnlistedDecision(Decision):
    grade_hold: bool = True
    follow_up: str = ""


def unlisted_candidate(rule_value: Any, *, preset: str | None = None) -> UnlistedDecision:
    """A candidate not on the list is added by hand; their grade is held until verified."""
    rule: dict[str, Any] = (
        validate_unlisted(rule_value) if rule_value is not None else {"admit": True, "grade_hold": True}
    )
    rule_id = pick(cited_rules(UNLISTED_PARAM, rule_value, preset), 0)
    message = (_("Candidat ajouté à la main ; sa note ne sera prise en compte qu'après vérification de son "
                 "autorisation à composer.") if rule["grade_hold"]
               else _("Candidat ajouté à la main ; il doit faire vérifier sa situation par la scolarité."))
    return UnlistedDecision(rule["admit"], "exams.unlisted_added" if rule["admit"] else "exams.unlisted_refused",
                            rule_id, message, grade_hold=rule["grade_hold"], follow_up=rule.get("follow_up", ""))
