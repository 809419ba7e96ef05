"""The catalogue copy, the registered parameters and the presets agree with the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from core.errors import NotFound
from core.profiles.registry import PRESETS, all_params, preset_values, validate_value
from core.rules_catalog import CATALOG_PATH, get_catalog, get_rule, load_catalog

SHARED = Path(settings.BASE_DIR).parent / "shared" / "rules" / "catalog.yaml"
CATALOG = get_catalog()
#: Areas whose conflict parameters this helper registers (the others come from their own apps).
MINE = ("discipline.", "absences.", "internships.")


@pytest.mark.skipif(not SHARED.exists(), reason="no ../shared/rules/catalog.yaml next to the checkout")
def test_vendored_catalog_is_an_exact_copy_of_the_shared_one():
    assert CATALOG_PATH.read_bytes() == SHARED.read_bytes(), (
        "core/rules/catalog.yaml is stale: cp ../shared/rules/catalog.yaml core/rules/catalog.yaml"
    )


def test_every_conflict_parameter_is_registered():
    registered = {p.key for p in all_params()}
    missing = [key for key in CATALOG.conflict_params() if key not in registered]
    assert missing == []


@pytest.mark.parametrize("key", [k for k in CATALOG.conflict_params() if k.startswith(MINE)])
def test_my_conflict_parameters_are_registered_with_presets_transcribed(key):
    param = {p.key: p for p in all_params()}[key]
    conflict = CATALOG.conflict(key)
    for preset in PRESETS:
        assert param.preset_value(preset) == conflict["values"][preset]["params"], (key, preset)
    cited = {r for v in conflict["values"].values() for r in v.get("rules", [])}
    assert cited <= set(param.rule_ids), f"{key} must cite every rule the catalogue gives for it"
    assert param.unit


@pytest.mark.parametrize("param", all_params(), ids=lambda p: p.key)
def test_every_rule_id_cited_by_a_parameter_exists(param):
    unknown = [r for r in param.rule_ids if r not in CATALOG.rules]
    assert unknown == []


@pytest.mark.parametrize("preset", PRESETS)
def test_presets_validate(preset):
    values = preset_values(preset)
    assert set(values) == {p.key for p in all_params()}
    for key, value in values.items():
        cleaned = validate_value(key, value)
        assert validate_value(key, cleaned) == cleaned, f"{key}: validation must be idempotent"


def test_get_rule_reads_the_entry():
    rule = get_rule("RSY-A3-malus")
    assert rule.institution == "iut-rsy"
    assert rule.quote and rule.source and rule.rule
    assert get_rule("RSY-A3-malus") is rule  # cached


def test_get_rule_unknown_is_not_found():
    with pytest.raises(NotFound):
        get_rule("NOPE-1")


def test_load_catalog_reads_conflicts_and_meta(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(
        "meta: {institutions: {utc: UTC}}\nconflicts: [{profile_param: a.b, values: {}}]\n"
        "rules: [{id: X-1, institution: utc, rule: r, source: s}]\n",
        encoding="utf-8",
    )
    catalog = load_catalog(path)
    assert catalog.conflict_params() == ["a.b"]
    assert catalog.rules["X-1"].institution == "utc"
    assert catalog.institutions == {"utc": "UTC"}


def test_the_counting_conventions_pinned_in_test_calendar_are_still_the_catalogues():
    """tests/core/test_calendar.py pins these conventions; a change in the catalogue must be reviewed there."""
    counting = " ".join(CATALOG.meta["conventions"]["counting"])
    for fragment in (
        "dies a quo excluded",
        "the N-th qualifying day after A",
        "clamped to the month end",
        "start + 1 month - 1 day",
        "A + N months + 1 day",
        "Saturday, Sunday or public holiday",
        "weekends are not excluded",
    ):
        assert fragment in counting, fragment
