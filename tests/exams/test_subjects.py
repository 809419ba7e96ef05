"""Subjects: mentions, hand-in lead time, archive copies (UTC-2.03-subject-content, UTC-2.03-archive-copies,
TOURS-VI-2-subject-content, TOURS-VI-2-subject-delivery, STRAS-25, STRAS-26)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from exams.rules.subjects import SubjectMetadata, check_subject, subject_print_run

from .conftest import at, pv, slot

KEY = "exams.subject_rules"
COMPLETE = SubjectMetadata(
    module_title="Analyse 1", academic_year="2026-2027", semester="S1", diploma="Licence Mathématiques",
    year_in_diploma="L1", session=1, exam_date=date(2027, 1, 11), duration=timedelta(hours=2), page_count=3,
    allowed_materials=(), marking_scale="4+6+10",
)


@pytest.mark.parametrize("preset", ["utc", "tours", "strasbourg"])
def test_complete_subject_in_time_is_accepted(preset, cal):
    d = check_subject(pv(preset, KEY), subject=COMPLETE, slot=slot(), submitted_at=at(2027, 1, 2), calendar=cal,
                      preset=preset)
    assert d.accepted and d.fields == {}


@pytest.mark.parametrize(
    ("preset", "missing", "rule_id"),
    [
        ("tours", {"annee", "semestre", "diplome", "annee_dans_diplome", "session", "duree", "materiel_autorise"},
         "TOURS-VI-2-subject-content"),
        ("strasbourg", {"annee", "semestre", "diplome", "session", "duree", "materiel_autorise"}, "STRAS-25"),
        ("utc", {"semestre", "date", "duree", "nombre_pages", "materiel_autorise", "bareme | timing_indicatif"},
         "UTC-2.03-subject-content"),
    ],
)
def test_missing_metadata_lists_each_field_with_the_rule(preset, missing, rule_id, cal):
    d = check_subject(pv(preset, KEY), subject=SubjectMetadata(module_title="Analyse 1"), slot=slot(),
                      submitted_at=at(2027, 1, 2), calendar=cal, preset=preset)
    assert not d.accepted
    assert set(d.content.missing) == missing and set(d.fields) == missing
    assert all(rule_id in m for m in d.fields.values())


def test_indicative_timing_replaces_the_scale_at_utc(cal):
    from dataclasses import replace

    subject = replace(COMPLETE, marking_scale=None, indicative_timing="Ex1 30 min")
    assert check_subject(pv("utc", KEY), subject=subject, slot=slot(), submitted_at=None, calendar=cal).accepted


def test_unstated_materials_are_not_accepted(cal):
    from dataclasses import replace

    d = check_subject(pv("tours", KEY), subject=replace(COMPLETE, allowed_materials=None), slot=slot(),
                      submitted_at=at(2027, 1, 2), calendar=cal, preset="tours")
    assert d.content.missing == ("materiel_autorise",)


@pytest.mark.parametrize(
    ("preset", "submitted", "accepted", "rule_id"),
    [
        ("tours", at(2027, 1, 3, 23, 0), True, "TOURS-VI-2-subject-delivery"),
        ("tours", at(2027, 1, 4, 8, 0), False, "TOURS-VI-2-subject-delivery"),
        ("strasbourg", at(2027, 1, 3, 12, 0), True, "STRAS-26"),
        ("strasbourg", at(2027, 1, 5, 12, 0), False, "STRAS-26"),
        ("utc", at(2027, 1, 11, 7, 0), True, ""),  # UTC sets no lead time
    ],
)
def test_subject_due_eight_days_before(preset, submitted, accepted, rule_id, cal):
    d = check_subject(pv(preset, KEY), subject=COMPLETE, slot=slot(), submitted_at=submitted, calendar=cal,
                      preset=preset)
    assert d.accepted is accepted and d.lead.rule_id == rule_id
    if not accepted:
        assert "submitted_at" in d.fields and d.lead.deadline.date() == date(2027, 1, 3)


@pytest.mark.parametrize(
    ("preset", "kind", "copies", "archive", "rule_id"),
    [
        ("utc", "final", 102, 2, "UTC-2.03-archive-copies"),
        ("utc", "median", 100, 0, ""),
        ("tours", "final", 100, 0, ""),
    ],
)
def test_print_run(preset, kind, copies, archive, rule_id):
    run = subject_print_run(pv(preset, KEY), slot=slot(kind=kind), candidates=100, preset=preset)
    assert (run.copies, run.archive_copies, run.rule_id) == (copies, archive, rule_id)
