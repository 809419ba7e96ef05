"""Every rule id cited by the results-inputs code, templates and docs exists in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

CATALOGUE = Path("/work/shared/rules/catalog.yaml")
ROOT = Path(__file__).resolve().parents[3]
FILES = [
    "juries/results/inputs.py", "juries/rules/bonus_inputs.py", "juries/services/bonuses.py",
    "juries/models/bonuses.py", "juries/results/bonus_views.py", "juries/demo_inputs.py",
    "templates/juries/results/bonuses.html", "templates/juries/results/_semester_detail.html",
    "docs/decisions/results-inputs.md", "docs/glossary/results-inputs.md",
    *(str(p.relative_to(ROOT)) for p in Path(__file__).parent.glob("test_*.py")),
]


@pytest.mark.skipif(not CATALOGUE.exists(), reason="rules catalogue not available")
def test_every_cited_rule_id_exists():
    ids = {r["id"] for r in yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["rules"]}
    pattern = re.compile(r"\b(?:RSY|TOURS|STRAS|UTC|ARL)-[A-Za-z0-9.\-]*[A-Za-z0-9]")
    cited = {m for f in FILES for m in pattern.findall((ROOT / f).read_text(encoding="utf-8"))}
    assert {"RSY-A1-repeat-limit", "RSY-A7.2C-cap", "RSY-A7.2A-activities"} <= cited
    assert sorted(cited - ids) == []
