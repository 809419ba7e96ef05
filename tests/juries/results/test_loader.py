"""The DB loader feeds the engine exactly like a scenario file does (same means, codes, credits)."""

from __future__ import annotations

import pytest

from juries.engine import cohort_json, compute_cohort
from juries.models import SemesterResult
from juries.results.services import results_compute

from .factories import seeded_scenario

pytestmark = pytest.mark.django_db


def _expected(scenario):  # type: ignore[no-untyped-def]
    results = compute_cohort(scenario.programme, scenario.students, scenario.params, session=scenario.session)
    return {doc["id"]: doc for doc in cohort_json(scenario.programme, results, scenario.params)}


@pytest.mark.parametrize("name", ["but1_progression.yaml", "licence_compensation.yaml",
                                  "licence_rattrapage.yaml", "lp_required_group.yaml"])
def test_db_results_equal_scenario_runner(name):
    scenario, seeded = seeded_scenario(name)
    expected = _expected(scenario)
    report = results_compute(semester_ids=[s.pk for s in seeded.semesters.values()])
    assert report.students == len(scenario.students)
    rows = {(r.student_id, r.semester_id): r for r in SemesterResult.objects.filter(is_current=True)}
    assert len(rows) == len(scenario.students) * len(scenario.programme.semesters)
    for student in scenario.students:
        doc = expected[student.id]
        user = seeded.users[student.id]
        for sem in doc["semesters"]:
            row = rows[(user.pk, seeded.semesters[sem["code"]].pk)]
            assert row.payload["semester"] == sem
            assert row.payload["session"] == scenario.session
            assert row.proposed_code == sem["decision"]
            assert row.mean_label == sem["mean"]
            assert float(row.ects_acquired) == sem["ects_acquired"]
            year = next(y for y in doc["years"] if sem["code"] in y["semesters"])
            assert row.payload["year"] == year


def test_but_semester_known_values():
    """Hand-checked: alice passes every UE; bruno has one RCUE out of three >= 10 (RSY-A1-odd-semester)."""
    _scenario, seeded = seeded_scenario("but1_progression.yaml")
    s1, s2 = seeded.semesters["S1"], seeded.semesters["S2"]
    results_compute(semester_ids=[s1.pk])  # the whole study year is computed (RCUEs need S1 + S2)
    alice = SemesterResult.objects.get(student=seeded.users["alice"], semester=s1)
    # R1.01 14, R1.02 13, SAE1.01 (2x15 + 15)/3 = 15; UE1.1 = (2x14 + 15)/3 = 14.333
    ues = {u["code"]: u for u in alice.payload["semester"]["ues"]}
    assert ues["UE1.1"]["mean"] == "14.33"
    assert alice.proposed_code == "ADM" and alice.ects_acquired == 30
    bruno = SemesterResult.objects.get(student=seeded.users["bruno"], semester=s2)
    assert bruno.payload["year"]["decision"] == "RED"
    assert "bonus" not in str(bruno.payload)  # no bonus without the sport/engagement inputs


def test_licence_second_session_replaces_first():
    _scenario, seeded = seeded_scenario("licence_rattrapage.yaml")
    results_compute(semester_ids=[seeded.semesters["S1"].pk])
    rows = SemesterResult.objects.filter(is_current=True)
    assert {r.session for r in rows} == {2}
    resat = [m for r in rows for m in r.payload["semester"]["modules"] if "session1_mean" in m]
    assert resat, "second-session marks were read from the session-2 sittings"
