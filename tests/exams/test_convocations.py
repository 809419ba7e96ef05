"""Convocations: lead time, individual convocations, content (UTC-2.02-convocation-final, UTC-2.02-convocation-nonfinal, UTC-2.02-convocation-content,
TOURS-VI-1-convocation, TOURS-VI-1-individual, TOURS-VI-1-convocation-content, STRAS-27, STRAS-28, STRAS-29)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.errors import ApplicationError
from exams.rules.convocations import (
    Convocation,
    check_convocation_content,
    check_convocation_sending,
    individual_convocation,
)

from .conftest import at, pv, slot

LEAD = "exams.convocation_lead_time"
FINALS = at(2027, 1, 11)


@pytest.mark.parametrize(
    ("preset", "kind", "exam_start", "sent", "late", "rule_id"),
    [
        ("utc", "final", at(2027, 1, 14), at(2026, 12, 27, 20), False, "UTC-2.02-convocation-final"),
        ("utc", "final", at(2027, 1, 14), at(2027, 1, 1, 9), True, "UTC-2.02-convocation-final"),  # 10 days
        ("utc", "median", at(2026, 11, 2), at(2026, 10, 31, 12), False, "UTC-2.02-convocation-nonfinal"),
        ("utc", "median", at(2026, 11, 2), at(2026, 11, 1, 12), True, "UTC-2.02-convocation-nonfinal"),
        ("tours", "final", at(2027, 1, 14), at(2026, 12, 27, 20), False, "TOURS-VI-1-convocation"),
        ("tours", "final", at(2027, 1, 14), at(2027, 1, 1, 9), True, "TOURS-VI-1-convocation"),
        ("strasbourg", "final", at(2027, 1, 14), at(2026, 12, 28, 0, 1), True, "STRAS-27"),
        ("strasbourg", "final", at(2027, 1, 14), at(2026, 12, 20), False, "STRAS-27"),
        ("iut-arl", "final", at(2027, 1, 14), at(2027, 1, 13), False, ""),  # ARL value is about auditions
        ("iut-rsy", "final", at(2027, 1, 14), at(2027, 1, 13), False, ""),
    ],
)
def test_sending_lead_time(preset, kind, exam_start, sent, late, rule_id, cal):
    d = check_convocation_sending(pv(preset, LEAD), slot=slot(120, start=exam_start, kind=kind), sent_at=sent,
                                  calendar=cal, period_start=FINALS, preset=preset)
    assert (d.late, d.rule_id) == (late, rule_id)
    assert d.allowed is not late
    if late:
        assert rule_id in d.message and d.reason_code == "exams.lead_late"


def test_continuous_assessment_has_no_convocation_at_tours(cal):
    d = check_convocation_sending(pv("tours", LEAD), slot=slot(60, kind="other", terminal=False),
                                  sent_at=at(2027, 1, 10), calendar=cal, preset="tours")
    assert d.reason_code == "exams.no_lead_time"


@pytest.mark.parametrize(
    ("preset", "kind", "exempt", "required", "channel", "rule_id"),
    [
        ("tours", "final", True, True, "", "TOURS-VI-1-individual"),
        ("tours", "final", False, False, "", ""),
        ("strasbourg", "final", True, True, "courrier", "STRAS-29"),
        ("strasbourg", "final", False, False, "", ""),
        ("utc", "final", False, True, "email_individuel", "UTC-2.02-convocation-final"),
        ("utc", "median", True, False, "", ""),
        ("iut-rsy", "final", True, False, "", ""),
    ],
)
def test_individual_convocations(preset, kind, exempt, required, channel, rule_id):
    d = individual_convocation(pv(preset, LEAD), slot=slot(kind=kind), exempt_from_attendance=exempt, preset=preset)
    assert (d.required, d.channel, d.rule_id) == (required, channel, rule_id)


FULL = Convocation(module_title="MT91", nature="final", start=at(2027, 1, 11), duration=timedelta(hours=2),
                   room="FA100", seat="12", allowed_documents=(), allowed_materials=("calculatrice",),
                   seats_assigned=True)
CONTENT = "exams.convocation_required_fields"


@pytest.mark.parametrize("preset", ["utc", "tours", "strasbourg"])
def test_full_convocation_is_complete(preset):
    c = check_convocation_content(pv(preset, CONTENT), FULL, preset=preset)
    assert c.complete and c.missing == () and c.missing_recommended == ()


@pytest.mark.parametrize(
    ("preset", "changes", "missing", "rule_id"),
    [
        ("utc", {"nature": None, "seat": None}, ("nature", "numero_place"), "UTC-2.02-convocation-content"),
        ("utc", {"seat": None, "seats_assigned": False}, (), "UTC-2.02-convocation-content"),
        ("utc", {"duration": None, "end": at(2027, 1, 11, 11)}, (), "UTC-2.02-convocation-content"),
        ("utc", {"duration": None}, ("heure_fin_ou_duree",), "UTC-2.02-convocation-content"),
        ("strasbourg", {"duration": None, "end": at(2027, 1, 11, 11)}, ("duree",), "STRAS-28"),
        ("strasbourg", {"room": "  "}, ("lieu",), "STRAS-28"),
        ("tours", {"duration": None, "module_title": None}, (), "TOURS-VI-1-convocation-content"),
        ("tours", {"start": None, "room": None}, ("date", "heure", "lieu"), "TOURS-VI-1-convocation-content"),
    ],
)
def test_missing_mentions_are_named_with_the_rule(preset, changes, missing, rule_id):
    from dataclasses import replace

    c = check_convocation_content(pv(preset, CONTENT), replace(FULL, **changes), preset=preset)
    assert c.missing == missing and c.rule_id == rule_id
    assert set(c.fields) == set(missing)
    for message in c.fields.values():
        assert rule_id in message
    if missing:
        with pytest.raises(ApplicationError) as exc:
            c.raise_if_incomplete("exams.convocation_incomplete", "Convocation incomplète.")
        assert exc.value.rule_id == rule_id and set(exc.value.fields) == set(missing)


def test_recommended_mentions_only_warn():
    from dataclasses import replace

    c = check_convocation_content(pv("strasbourg", CONTENT), replace(FULL, allowed_documents=None,
                                                                     allowed_materials=None), preset="strasbourg")
    assert c.complete and c.missing_recommended == ("documents", "calculatrices")
