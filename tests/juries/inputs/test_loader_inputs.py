"""The loader feeds the engine a student's history: capitalised UEs from last year's final result,
past repeats (RSY-A1-repeat-limit), first-year UEs (RSY-A1-S5) and bonus inputs (RSY-A7.2C-cap)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from courses.models import ProgrammeVersion
from juries.engine_types import StudentInput
from juries.models import BonusEntry, SemesterResult
from juries.results.inputs import CohortKey, History, HistoryRows, StudentHistory
from juries.results.loader import load_cohorts
from juries.results.services import results_compute
from juries.rules.values import Special
from tests.courses.factories import YEAR

from .factories import ALL_EIGHT, FAILED_YEAR, LAST, reregister, two_years

pytestmark = pytest.mark.django_db


def _ues(result: SemesterResult) -> dict[str, dict]:
    return {u["code"]: u for u in result.payload["semester"]["ues"]}


def _only_cohort(ty):  # type: ignore[no-untyped-def]
    (cohort,) = load_cohorts(ty.sem_ids())
    return cohort


def test_repeating_student_keeps_last_years_ue_and_repeat_limit_applies():
    ty = two_years([StudentInput(id="rep", name="Redoublant", marks=FAILED_YEAR)])
    user = ty.last.users["rep"]
    last_s1 = SemesterResult.objects.get(student=user, semester=ty.last.semesters["S1"])
    assert _ues(last_s1)["UE1.1"]["decision"] == "ADM" and _ues(last_s1)["UE1.1"]["mean"] == "13.33"
    assert last_s1.payload["year"]["decision"] == "RED"  # first repeat allowed
    reregister(ty, user, ALL_EIGHT)
    cohort = _only_cohort(ty)
    (student,) = cohort.students
    assert student.capitalised == {"UE1.1": pytest.approx(13.33)}
    assert student.repeats == {1: 1, 2: 1}  # this year is the repeat of S1 and S2
    assert cohort.history[student.id]["capitalised"] == [{"ue": "UE1.1", "mean": "13.33", "academic_year": LAST}]
    assert cohort.history[student.id]["earlier_years"] == [LAST]
    results_compute(semester_ids=ty.sem_ids())
    s1 = SemesterResult.objects.get(student=user, semester=ty.this.semesters["S1"], is_current=True)
    ue = _ues(s1)["UE1.1"]
    assert ue["mean"] == "13.33" and ue["decision"] == "ADM"  # not the 8 of this year's modules
    assert any("capitalisée" in r["text"] for r in ue["reasons"])
    assert _ues(s1)["UE1.2"]["mean"] == "8.00"
    # C1 = (13.33 + 8) / 2 >= 10, C2 = C3 = 8: one RCUE of three, a second repeat is refused
    year = s1.payload["year"]
    assert year["decision"] == "NAR"
    assert any(r.get("rule") == "RSY-A1-repeat-limit" and "déjà redoublé" in r["text"] for r in year["reasons"])
    assert s1.payload["history"]["capitalised"][0]["academic_year"] == LAST


def test_first_time_student_has_no_history_and_payload_has_no_history_key():
    ty = two_years([])
    other = two_years([StudentInput(id="x", marks=FAILED_YEAR)])
    user = other.last.users["x"]
    # registered to this year's version only: last year's registration belongs to another programme
    reregister(ty, user, ALL_EIGHT)
    (student,) = _only_cohort(ty).students
    assert student.capitalised == {} and student.repeats == {}
    results_compute(semester_ids=ty.sem_ids())
    row = SemesterResult.objects.get(student=user, semester=ty.this.semesters["S1"])
    assert "history" not in row.payload
    assert _ues(row)["UE1.1"]["mean"] == "8.00"


def test_provisional_results_are_not_capitalised():
    ty = two_years([StudentInput(id="rep", marks=FAILED_YEAR)], publish_final=False)
    reregister(ty, ty.last.users["rep"], ALL_EIGHT)
    (student,) = _only_cohort(ty).students
    assert student.capitalised == {}
    assert student.repeats == {1: 1, 2: 1}  # the registration still counts


def test_programme_version_without_capitalisation_keeps_nothing():
    ty = two_years([StudentInput(id="rep", marks=FAILED_YEAR)])
    ProgrammeVersion.objects.filter(pk=ty.this.version.pk).update(ue_capitalisation=False)
    reregister(ty, ty.last.users["rep"], ALL_EIGHT)
    (student,) = _only_cohort(ty).students
    assert student.capitalised == {}


def test_modules_of_capitalised_ue_neutralised_and_conflicting_exemption_flagged():
    """Registered to every module but R1.01: it is neutralised (EXC); since R1.01 also feeds UE1.2
    (not capitalised), the jury is told the exemption and the capitalisation disagree."""
    ty = two_years([StudentInput(id="rep", marks=FAILED_YEAR)])
    user = ty.last.users["rep"]
    codes = [m for m in ("R1.01", "R1.02", "SAE1.01", "R2.01", "R2.02", "SAE2.01") if m != "R1.01"]
    marks = {k: v for k, v in ALL_EIGHT.items() if not k.startswith("R1.01")}
    reregister(ty, user, marks, modules=codes)
    cohort = _only_cohort(ty)
    (student,) = cohort.students
    r101 = next(e.code for e in cohort.programme.modules["R1.01"].evaluations)
    assert student.marks[r101] is Special.EXC
    assert cohort.history[student.id]["exempted_open_modules"] == ["R1.01"]
    results_compute(semester_ids=ty.sem_ids())
    s1 = SemesterResult.objects.get(student=user, semester=ty.this.semesters["S1"])
    modules = {m["code"]: m["mean"] for m in s1.payload["semester"]["modules"]}
    assert modules["R1.01"] == "EXC"
    assert _ues(s1)["UE1.1"]["mean"] == "13.33"
    assert _ues(s1)["UE1.2"]["mean"] == "8.00"  # from R1.02 alone


def test_bonuses_feed_the_engine_within_the_caps():
    ty = two_years([])
    other = two_years([StudentInput(id="b", marks=ALL_EIGHT)])
    user = other.last.users["b"]
    reregister(ty, user, dict.fromkeys(ALL_EIGHT, 12))
    study_year = ty.study_year
    for kind, etype, value in (("sport", "", 25), ("engagement", "service_civique", "0.5"),
                               ("engagement", "benevolat_associatif", "0.5")):
        BonusEntry.objects.create(student=user, study_year=study_year, academic_year=YEAR, kind=kind,
                                  engagement_type=etype, value=Decimal(str(value)), recorded_at="2027-06-01T10:00Z")
    (student,) = _only_cohort(ty).students
    assert student.sport_sessions == {1: 25}
    assert sorted(student.engagement[1]) == [("benevolat_associatif", 0.5), ("service_civique", 0.5)]
    results_compute(semester_ids=ty.sem_ids())
    s2 = SemesterResult.objects.get(student=user, semester=ty.this.semesters["S2"])
    ue = _ues(s2)["UE2.1"]
    assert ue["raw_mean"] == "12.00" and ue["bonus"] == "1.00"  # 0.5 sport + 1 engagement capped at 1
    assert ue["mean"] == "13.00"
    assert any(r.get("rule") == "RSY-A7.2C-cap" for r in ue["reasons"])
    s1 = SemesterResult.objects.get(student=user, semester=ty.this.semesters["S1"])
    assert _ues(s1)["UE1.1"]["bonus"] == "1.00"  # engagement on every UE of the year; sport on S2 only


def test_new_bonus_changes_the_inputs_hash_and_a_new_version_is_written():
    ty = two_years([])
    other = two_years([StudentInput(id="b", marks=ALL_EIGHT)])
    user = other.last.users["b"]
    reregister(ty, user, dict.fromkeys(ALL_EIGHT, 12))
    results_compute(semester_ids=ty.sem_ids())
    BonusEntry.objects.create(student=user, study_year=ty.study_year, academic_year=YEAR, kind="sport",
                              value=Decimal(20), recorded_at="2027-06-01T10:00Z")
    report = results_compute(semester_ids=ty.sem_ids())
    # the sport bonus goes on S2's UEs; the year's RCUE means (in both semesters' payloads) change too
    assert report.computed == 1 and report.created == 2
    s2 = SemesterResult.objects.get(student=user, semester=ty.this.semesters["S2"], is_current=True)
    assert s2.version == 2 and _ues(s2)["UE2.1"]["bonus"] == "0.50"
    assert results_compute(semester_ids=ty.sem_ids()).created == 0  # stable once computed


def test_but2_student_first_year_ues_from_last_year():
    """RSY-A1-S5 needs S1-S2 UEs: read from last year's final BUT 1 results."""
    rows = HistoryRows(results=[
        (7, LAST, 1, 3, 1, [{"code": "UE1.1", "mean": "12", "decision": "ADM"}]),
        (7, LAST, 2, 3, 1, [{"code": "UE2.1", "mean": "9", "decision": "CMP"}]),
        (8, LAST, 1, 3, 1, [{"code": "UE1.1", "mean": "7", "decision": "AJ"}]),
        (8, LAST, 2, 3, 1, [{"code": "UE2.1", "mean": "12", "decision": "ADM"}]),
    ])
    key = CohortKey(study_year_id=1, academic_year=YEAR, programme_id=3, level=2, semester_numbers=frozenset({3, 4}),
                    capitalisation=True, but=True)
    history = History(rows)
    assert history.for_student(7, key, 2).first_year_ues_validated is True
    assert history.for_student(8, key, 2).first_year_ues_validated is False
    assert history.for_student(9, key, 2).first_year_ues_validated is None


@pytest.mark.parametrize(("level", "registrations", "expected"), [
    (1, [], {}),
    (1, [(LAST, 1, {1, 2})], {1: 1, 2: 1}),  # BUT 1 again: this year is the first repeat
    (1, [(LAST - 1, 1, {1, 2}), (LAST, 1, {1, 2})], {1: 2, 2: 2}),
    (1, [(YEAR, 1, {1, 2})], {}),  # this year's own registration is not history
    (2, [(LAST, 1, {1, 2})], {}),  # BUT 1 once, now BUT 2: no repeat
    (2, [(LAST - 1, 1, {1, 2}), (LAST, 1, {1, 2})], {1: 1, 2: 1}),  # BUT 1 repeated before: counts in the total
    (2, [(LAST - 1, 1, {1, 2}), (LAST, 2, {3, 4})], {3: 1, 4: 1}),  # BUT 2 again
])
def test_repeats_from_registrations(level, registrations, expected):
    rows = HistoryRows(registrations=[(5, y, 3, lv, n) for y, lv, numbers in registrations for n in numbers])
    numbers = frozenset({2 * level - 1, 2 * level})
    key = CohortKey(study_year_id=1, academic_year=YEAR, programme_id=3, level=level, semester_numbers=numbers,
                    capitalisation=True, but=True)
    assert History(rows).for_student(5, key, level).repeats == expected


def test_earliest_acquisition_is_reported_and_unvalidated_ues_are_not_kept():
    rows = HistoryRows(results=[
        (5, LAST - 1, 1, 3, 1, [{"code": "UE1.1", "mean": "11.50", "decision": "ADM"},
                                {"code": "UE1.2", "mean": "9.00", "decision": "AJ"}]),
        (5, LAST, 1, 3, 1, [{"code": "UE1.1", "mean": "11.50", "decision": "ADM"},
                            {"code": "UE1.2", "mean": "ATT", "decision": "ATT"}]),
        (5, LAST, 1, 3, 2, [{"code": "UE1.1", "mean": "11.50", "decision": "ADM"},
                            {"code": "UE1.2", "mean": "10.50", "decision": "ADM"}]),  # version 2 wins
    ])
    key = CohortKey(study_year_id=1, academic_year=YEAR, programme_id=3, level=1, semester_numbers=frozenset({1}),
                    capitalisation=True, but=False)
    h = History(rows).for_student(5, key, 1)
    assert h.capitalised == {"UE1.1": 11.5, "UE1.2": 10.5}
    assert h.capitalised_from == {"UE1.1": (LAST - 1, "11.50"), "UE1.2": (LAST, "10.50")}
    assert StudentHistory().summary() == {}


def test_ues_given_as_json_text_are_read_too():
    rows = HistoryRows(results=[(5, LAST, 1, 3, 1, '[{"code": "UE1.1", "mean": "12.00", "decision": "CMP"}]')])
    key = CohortKey(study_year_id=1, academic_year=YEAR, programme_id=3, level=1, semester_numbers=frozenset({1}),
                    capitalisation=True, but=False)
    assert History(rows).for_student(5, key, 1).capitalised == {"UE1.1": 12.0}
