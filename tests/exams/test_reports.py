"""PV de déroulement (TOURS-VI-3.2-count-check, STRAS-54), incidents (STRAS-30, TOURS-VI-3.2-incident-subjects), sign-in (STRAS-35)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.errors import ApplicationError
from exams.rules.reports import (
    ExamReport,
    Incident,
    can_close_report,
    extended_end,
    incident_measure,
    unlisted_candidate,
)

from .conftest import at, pv, slot

KEY = "exams.exam_report"
HEADERS = {
    "tours": {"annee": "2026-2027", "niveau": "L1", "diplome": "Licence", "enseignement": "Analyse"},
    "strasbourg": {"annee": "2026-2027", "semestre": "S1", "diplome": "Licence", "session": 1,
                   "enseignement": "Analyse", "date": "2027-01-11", "heure": "09:00", "lieu": "Amphi A",
                   "duree": "2 h"},
}
GAP = Incident("copy_count_gap", "Un candidat est parti sans signer.", explains_count_gap=True)
OTHER = Incident("other", "Bruit de travaux.")


def report(preset, copies, signatures, incidents=(), observations="Néant"):
    return ExamReport(enrolled=60, present=signatures, signatures=signatures, copies=copies,
                      observations=observations, incidents=incidents, header=HEADERS.get(preset, {}))


@pytest.mark.parametrize(
    ("preset", "copies", "signatures", "incidents", "allowed", "code", "rule_id"),
    [
        ("tours", 50, 50, (), True, "exams.report_closable", "TOURS-VI-3.2-count-check"),
        ("tours", 49, 50, (), False, "exams.report_unbalanced", "TOURS-VI-3.2-count-check"),
        ("tours", 51, 50, (OTHER,), False, "exams.report_unbalanced", "TOURS-VI-3.2-count-check"),
        ("tours", 49, 50, (GAP,), True, "exams.report_closable", "TOURS-VI-3.2-count-check"),
        ("strasbourg", 50, 50, (), True, "exams.report_closable", "STRAS-54"),
        ("strasbourg", 48, 50, (), False, "exams.report_unbalanced", "STRAS-54"),
        ("strasbourg", 48, 50, (GAP,), True, "exams.report_closable", "STRAS-54"),
        ("utc", 48, 50, (), False, "exams.report_unbalanced", ""),
        ("iut-arl", 50, 50, (), True, "exams.report_closable", ""),
    ],
)
def test_copies_must_equal_signatures_or_an_incident_explains(preset, copies, signatures, incidents, allowed, code,
                                                              rule_id):
    d = can_close_report(pv(preset, KEY), report(preset, copies, signatures, incidents), preset=preset)
    assert (d.allowed, d.reason_code, d.rule_id) == (allowed, code, rule_id)
    if not allowed:
        with pytest.raises(ApplicationError) as exc:
            d.raise_if_refused()
        assert exc.value.code == code and "copies" in exc.value.fields


def test_missing_report_mentions_are_listed():
    r = ExamReport(enrolled=60, present=50, signatures=50, copies=50, header={"annee": "2026-2027"})
    d = can_close_report(pv("strasbourg", KEY), r, preset="strasbourg")
    assert d.reason_code == "exams.report_incomplete" and d.rule_id == "STRAS-54"
    assert set(d.fields) == {"semestre", "diplome", "session", "enseignement", "date", "heure", "lieu", "duree",
                             "observations_incidents"}
    d = can_close_report(pv("tours", KEY), ExamReport(60, 50, 50, 50, header=HEADERS["tours"]), preset="tours")
    assert d.fields.keys() == {"observations"} and d.rule_id == "TOURS-VI-3.2-pv-content"


@pytest.mark.parametrize(
    ("preset", "kind", "found", "measures", "decider", "rule_id"),
    [
        ("tours", "missing_subjects", "before_distribution", ("retarder_debut",), "responsable_epreuve",
         "TOURS-VI-3.2-incident-subjects"),
        ("tours", "missing_subjects", "shortly_after", ("prolonger_duree",), "responsable_epreuve",
         "TOURS-VI-3.2-incident-subjects"),
        ("tours", "faulty_subject", "content_error", ("reprise_epreuve",), "responsable_epreuve",
         "TOURS-VI-3.2-incident-subjects"),
        ("strasbourg", "massive_lateness", "", ("retarder_debut", "reporter"), "president_jury", "STRAS-30"),
        ("utc", "massive_lateness", "", ("retarder_debut", "reporter"), "president_jury", ""),
    ],
)
def test_incident_measures(preset, kind, found, measures, decider, rule_id):
    d = incident_measure(pv(preset, "exams.incident_rules"), kind=kind, found=found, preset=preset)
    assert (d.measures, d.decider, d.rule_id) == (measures, decider, rule_id)


def test_extended_end():
    assert extended_end(slot(120), timedelta(minutes=15)) == at(2027, 1, 11, 11, 15)
    with pytest.raises(ValueError):
        extended_end(slot(120), timedelta(minutes=-5))


@pytest.mark.parametrize(
    ("preset", "hold", "rule_id"),
    [("strasbourg", True, "STRAS-35"), ("tours", False, "TOURS-VI-3.1-not-on-list"), ("utc", True, "")],
)
def test_unlisted_candidate_is_added_and_grade_held(preset, hold, rule_id):
    d = unlisted_candidate(pv(preset, "exams.unlisted_candidate"), preset=preset)
    assert d.allowed and (d.grade_hold, d.rule_id) == (hold, rule_id)
