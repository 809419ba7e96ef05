"""``simulate_results``: JSON on stdout, clear errors naming the YAML path, no database at all."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from juries.scenario import ScenarioError, parse_scenario

SCENARIOS = Path(__file__).parent / "scenarios"
ROOT = Path(__file__).resolve().parents[2]


def _call(path):
    out = StringIO()
    call_command("simulate_results", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_prints_results_as_json_without_touching_the_database():
    # No django_db mark: any query would raise "Database access not allowed".
    result = _call(SCENARIOS / "licence_compensation.yaml")
    assert result["profile"]["preset"] == "tours"
    assert [s["id"] for s in result["students"]][:2] == ["ines", "jules"]


@pytest.mark.django_db
def test_makes_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        result = _call(SCENARIOS / "but1_progression.yaml")
    assert result["students"][0]["years"][0]["decision"] == "ADM"


BAD = """
profile: {preset: tours, overrides: {juries.pass_mark: "25"}}
programme:
  kind: licence
  semesters:
    - code: S1
      index: 1
      ues: [{code: UE1, ects: 30}]
  modules:
    - code: M1
      ues: {UE1: 1, UE9: 1}
      evaluations: [{code: E1, weight: 1}, {code: E2, weight: 1}]
students:
  - id: s1
    marks: {E1: 21, E2: ABS, E3: 10}
    colour: blue
"""


def test_bad_values_are_all_reported_with_their_yaml_path():
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(BAD)
    paths = dict(exc.value.errors)
    assert "dépasse le maximum" in paths["profile.overrides.juries.pass_mark"]
    assert paths["programme.modules[0].ues.UE9"] == "UE inconnue"
    assert "hors de l'intervalle 0–20" in paths["students[0].marks.E1"]
    assert "ni une note ni un code connu" in paths["students[0].marks.E2"]
    assert paths["students[0].marks.E3"] == "évaluation inconnue"
    assert "clé inconnue" in paths["students[0].colour"]


def test_command_error_names_the_path(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("simulate_results", str(bad), stdout=StringIO())
    assert "students[0].marks.E1" in str(exc.value)


def test_yaml_syntax_error_names_line(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("programme: [unclosed\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("simulate_results", str(bad), stdout=StringIO())
    assert f"{bad}:2:1" in str(exc.value) and "YAML invalide" in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("simulate_results", str(tmp_path / "nope.yaml"), stdout=StringIO())
    assert "fichier illisible" in str(exc.value)


def _shell(path, tmp_path):
    # A database that does not exist: no migrations applied, and it must stay untouched.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'never-created.sqlite3'}"}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "simulate_results", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False, env=env,
    )


def test_shell_run_needs_no_migrated_database_and_exit_status_is_non_zero_on_error(tmp_path):
    ok = _shell(SCENARIOS / "lp_required_group.yaml", tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["programme"] == "LP-METIERS"
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    proc = _shell(bad, tmp_path)
    assert proc.returncode != 0
    assert "students[0].marks.E1" in proc.stderr
    assert proc.stdout == ""
    assert not (tmp_path / "never-created.sqlite3").exists()


def test_second_session_needs_a_programme_with_one():
    text = (SCENARIOS / "lp_required_group.yaml").read_text(encoding="utf-8").replace("session: 1", "session: 2")
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text)
    assert [p for p, _ in exc.value.errors] == ["session"]


def test_structure_errors_are_reported():
    text = (SCENARIOS / "but2_s5_entry.yaml").read_text(encoding="utf-8")
    text = text.replace("{code: UE4.3, ects: 10, competence: C3}", "{code: UE4.3, ects: 10}")
    text = text.replace("index: 4", "index: 3")
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text)
    assert dict(exc.value.errors) == {
        "programme.semesters[1].index": "numéro de semestre en double : 3",
        "programme.semesters[1].ues[2].competence": "BUT : la compétence de l'UE est obligatoire (appariement des RCUE)",
    }
