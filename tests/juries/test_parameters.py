"""Profile parameters of juries: faithful to the catalogue; every cited rule id exists."""

import re
from pathlib import Path

import pytest
import yaml

from core.profiles.registry import PRESETS, all_params, preset_values
from juries.engine_types import EngineParams
from juries.parameters_conflicts import CONFLICTS

CATALOGUE = Path("/work/shared/rules/catalog.yaml")
ROOT = Path(__file__).resolve().parents[2]
MY_TESTS = ("values", "averages", "compensation", "bonuses_malus", "progression", "engine", "scenarios",
            "command", "parameters", "benchmark")
needs_catalogue = pytest.mark.skipif(not CATALOGUE.exists(), reason="rules catalogue not available")


@pytest.fixture(scope="module")
def catalogue():
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))


@needs_catalogue
def test_every_grades_and_juries_conflict_is_registered_faithfully(catalogue):
    registered = {p.key: p for p in all_params()}
    expected = {c["profile_param"]: c for c in catalogue["conflicts"]
                if c["profile_param"].startswith(("grades.", "juries."))}
    assert set(expected) == set(CONFLICTS)
    for key, conflict in expected.items():
        param = registered[key]
        for preset in PRESETS:
            value = conflict["values"].get(preset)
            assert param.preset_value(preset) == (value or {}).get("params"), (key, preset)


@needs_catalogue
def test_every_rule_id_cited_by_juries_exists(catalogue):
    ids = {r["id"] for r in catalogue["rules"]}
    pattern = re.compile(r"\b(?:RSY|TOURS|STRAS|UTC|ARL)-[A-Za-z0-9.\-]*[A-Za-z0-9]")
    # The results engine's files (other juries files have their own owners and tests).
    juries = ROOT / "juries"
    tests = ROOT / "tests" / "juries"
    files = [
        *juries.joinpath("rules").glob("*.py"), *juries.glob("engine*.py"), *juries.glob("scenario*.py"),
        *juries.glob("parameters*.py"), juries / "management" / "commands" / "simulate_results.py",
        *(tests / f"test_{name}.py" for name in MY_TESTS), *tests.joinpath("scenarios").glob("*.yaml"),
        ROOT / "docs" / "decisions" / "juries.md", ROOT / "docs" / "scenario-format.md",
        ROOT / "docs" / "glossary" / "juries.md", ROOT / "benchmarks" / "bench_results_engine.py",
    ]
    cited = {m for f in files if f.exists() for m in pattern.findall(f.read_text(encoding="utf-8"))}
    cited |= {rule for p in all_params() if p.key.startswith(("juries.", "grades.")) for rule in p.rule_ids}
    assert cited, "no rule id found"
    assert sorted(cited - ids) == []


@pytest.mark.parametrize("preset", PRESETS)
def test_engine_params_build_for_every_preset(preset):
    params = EngineParams.from_profile(preset_values(preset))
    assert params.thresholds.pass_mark == 10.0


def test_rsy_preset_values():
    p = EngineParams.from_profile(preset_values("iut-rsy"))
    assert (p.malus.bracket_hours, p.malus.points_per_bracket, p.malus.cap) == (4.0, 0.2, None)
    assert (p.bonus.sport_max, p.bonus.total_max, p.bonus.engagement_per_type_max) == (0.5, 1.0, 0.5)
    assert p.bonus.sport_min_sessions == {"BUT1": 20, "BUT2": 16, "BUT3": 12}
    assert (p.progression.rcue_pass, p.progression.rcue_floor, p.progression.majority) == (10.0, 8.0, "more_than_half")
    assert (p.progression.max_repeats_per_semester, p.progression.max_repeats_total) == (1, 4)
    assert p.malus.block_ratio == 0.3 and p.malus.iti_days_per_year == 5


def test_other_presets_have_no_rsy_bonus_or_malus():
    for preset in ("tours", "strasbourg", "utc", "iut-arl"):
        p = EngineParams.from_profile(preset_values(preset))
        assert p.bonus.sport_max is None and p.malus.bracket_hours is None and p.malus.block_ratio is None
