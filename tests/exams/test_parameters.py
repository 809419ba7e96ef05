"""Exam parameters: faithful transcription of the catalogue, rule ids that exist, validators."""

from __future__ import annotations

import pytest

from core.errors import ApplicationError
from core.profiles.registry import PRESETS, all_params, get_param, validate_value
from core.rules_catalog import get_catalog, rule_exists
from exams.rules.base import check_minutes_expr, cited_rules, eval_minutes

EXAM_CONFLICTS = [c for c in get_catalog().conflicts if c["profile_param"].startswith("exams.")]


def test_every_exam_conflict_is_registered():
    assert len(EXAM_CONFLICTS) == 13
    registered = {p.key for p in all_params()}
    assert {c["profile_param"] for c in EXAM_CONFLICTS} <= registered


@pytest.mark.parametrize("conflict", EXAM_CONFLICTS, ids=lambda c: c["profile_param"])
@pytest.mark.parametrize("preset", PRESETS)
def test_preset_values_transcribe_the_catalogue(conflict, preset):
    param = get_param(conflict["profile_param"])
    assert param.preset_value(preset) == conflict["values"][preset]["params"]


@pytest.mark.parametrize("param", [p for p in all_params() if p.app == "exams"], ids=lambda p: p.key)
def test_rule_ids_exist(param):
    missing = [r for r in param.rule_ids if not rule_exists(r)]
    for preset in PRESETS:
        missing += [r for r in cited_rules(param.key, param.preset_value(preset)) if not rule_exists(r)]
    assert missing == []


@pytest.mark.parametrize("conflict", EXAM_CONFLICTS, ids=lambda c: c["profile_param"])
@pytest.mark.parametrize("preset", PRESETS)
def test_cited_rules_follow_the_preset(conflict, preset):
    entry = conflict["values"][preset]
    value = get_param(conflict["profile_param"]).preset_value(preset)
    expected = tuple(entry.get("rules") or ()) if value is not None else ()
    assert cited_rules(conflict["profile_param"], value, preset) == expected


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("exams.late_entry_rule", {"type": "sometimes"}, "type"),
        ("exams.late_entry_rule", {"type": "minutes", "cutoff_minutes": 30, "extra_time": 10}, "extra_time"),
        ("exams.late_entry_rule", {"type": "minutes"}, "cutoff_minutes"),
        ("exams.late_entry_rule", {"type": "minutes", "cutoff_minutes": "import os"}, "cutoff_minutes"),
        ("exams.late_entry_rule", {"type": "fraction_of_duration", "max_fraction": 2}, "max_fraction"),
        ("exams.min_invigilators", {"per_room": 1, "headcount_threshold": 100}, "above_threshold"),
        ("exams.presence_before_start", {"roll_call_window_minutes_before": [15, 30]}, "roll_call"),
        ("exams.subject_rules", {"lead_days": 8}, "required"),
        ("exams.convocation_lead_time", {"channel": ["affichage"]}, "value"),
        ("exams.min_presence_before_definitive_exit", {"type": "fraction_of_duration", "value": 3}, "value"),
        ("exams.exam_report", {"required_fields": []}, "copies_must_match_signatures"),
        ("exams.seat_allocation_order", "by_height", "alphabetical"),
    ],
)
def test_validators_name_field_and_rule(key, value, fragment):
    with pytest.raises(ApplicationError) as exc:
        validate_value(key, value)
    assert exc.value.code == "profiles.invalid_parameter"
    assert key in exc.value.fields
    assert fragment in exc.value.message


@pytest.mark.parametrize(
    ("expr", "duration", "expected"),
    [
        ("60 if duration_min > 60 else duration_min / 2", 180, 60),
        ("60 if duration_min > 60 else duration_min / 2", 60, 30),
        ("60 if duration_min > 60 else duration_min / 2", 45, 22.5),
        ("duration_min if duration_min <= 60 else 60", 60, 60),
        ("duration_min if duration_min <= 60 else 60", 45, 45),
        ("duration_min if duration_min <= 60 else 60", 240, 60),
        ("duration_min * 0.25", 120, 30),
        (45, 120, 45),
    ],
)
def test_duration_expressions(expr, duration, expected):
    assert check_minutes_expr(expr) == expr
    assert eval_minutes(expr, duration) == expected


@pytest.mark.parametrize("bad", ["__import__('os')", "60 if x > 1 else 2", True, -5, "duration_min ** 2"])
def test_bad_expressions_are_rejected(bad):
    with pytest.raises(ValueError):
        check_minutes_expr(bad)
