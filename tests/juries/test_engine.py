"""Engine behaviours driven by profile overrides and student inputs (scenario snippets, no DB)."""

import textwrap

import pytest

from juries.scenario import parse_scenario, simulate

LICENCE = """
profile: {{preset: {preset}, overrides: {overrides}}}
programme:
  kind: licence
  compensation: {compensation}
  semesters:
    - code: S1
      index: 1
      ues: [{{code: UE1, ects: 15}}, {{code: UE2, ects: 15}}]
  modules:
    - {{code: MA, ues: {{UE1: 1}}, evaluations: [{{code: A, weight: 1}}]}}
    - {{code: MB, ues: {{UE1: 1}}, evaluations: [{{code: B, weight: 1}}]}}
    - {{code: MC, ues: {{UE2: 1}}, evaluations: [{{code: C, weight: 1}}]}}
students:
{students}
"""


def run(students, *, preset="tours", overrides="{}", compensation="{}"):
    text = LICENCE.format(preset=preset, overrides=overrides, compensation=compensation,
                          students=textwrap.indent(textwrap.dedent(students), "  "))
    result = simulate(parse_scenario(text))
    return {s["id"]: s for s in result["students"]}


def ue(student, code):
    return next(u for u in student["semesters"][0]["ues"] if u["code"] == code)


def test_capitalised_ue_is_kept_with_its_mean():
    out = run("""
        - id: s
          capitalised: {UE2: 12.4}
          marks: {A: 11, B: 11, C: 3}
    """)["s"]
    assert (ue(out, "UE2")["mean"], ue(out, "UE2")["decision"]) == ("12.40", "ADM")
    assert ue(out, "UE2")["reasons"][0]["ref"] == "capitalisation"
    assert out["semesters"][0]["ects_acquired"] == 30


def test_abandon_overrides_every_decision():
    out = run("""
        - id: s
          abandoned: true
          marks: {A: 11, B: 11, C: 12}
    """)["s"]
    assert out["semesters"][0]["decision"] == "ABAN"


@pytest.mark.parametrize(("within_ue", "decision"), [("true", "ADM"), ("false", "AJ")])
def test_compensation_within_the_ue_is_a_programme_setting(within_ue, decision):
    out = run("""
        - id: s
          marks: {A: 14, B: 8, C: 12}
    """, compensation=f"{{within_ue: {within_ue}}}")["s"]
    assert ue(out, "UE1")["mean"] == "11.00"
    assert ue(out, "UE1")["decision"] == decision


@pytest.mark.parametrize(("compare", "decision"), [("exact", "AJ"), ("rounded", "ADM")])
def test_threshold_comparison_is_a_profile_parameter(compare, decision):
    out = run("""
        - id: s
          marks: {A: 9.99, B: 10, C: 20}
    """, overrides=f"{{juries.threshold_compare: {compare}}}", compensation="{between_ues: false}")["s"]
    assert ue(out, "UE1")["mean"] == "10.00"  # 9.995 shown rounded
    assert ue(out, "UE1")["decision"] == decision


def test_module_floor_blocks_compensation_of_the_ue():
    out = run("""
        - id: s
          marks: {A: 15, B: 5, C: 14}
    """, overrides='{juries.module_floor: "6"}')["s"]
    assert ue(out, "UE1")["decision"] == "AJ"
    assert out["semesters"][0]["decision"] == "AJ"  # not compensable by the semester mean


def test_malus_cap_override_and_exchange_student():
    out = run("""
        - id: s
          absences: {S1: {unjustified_hours: 30}}
          marks: {A: 12, B: 12, C: 12}
        - id: x
          exchange: true
          marks: {A: 14, B: 8, C: 12}
    """, preset="iut-rsy", overrides='{juries.malus_cap: "0.4"}')
    assert ue(out["s"], "UE1")["malus"] == "0.40"
    assert ue(out["x"], "UE1")["decision"] == "ADM"  # iut-rsy compensates for exchange students


def test_exchange_student_module_stands_alone_at_tours():
    out = run("""
        - id: x
          exchange: true
          marks: {A: 14, B: 8, C: 12}
    """)["x"]
    assert ue(out, "UE1")["decision"] == "AJ"  # TOURS-AN2-no-compensation


def test_module_eliminatory_mark_from_the_m3c():
    text = LICENCE.format(preset="tours", overrides="{}", compensation="{}", students=textwrap.indent(
        "- id: s\n  marks: {A: 15, B: 5.5, C: 14}\n", "  ")).replace(
        "{code: MB, ues: {UE1: 1},", "{code: MB, floor: 6, ues: {UE1: 1},")
    out = simulate(parse_scenario(text))["students"][0]
    assert ue(out, "UE1")["decision"] == "AJ"
    assert "MB" in ue(out, "UE1")["reasons"][0]["text"]
