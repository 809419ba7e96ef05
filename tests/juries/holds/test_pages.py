"""Student pages show « Réservée » (UTC-3.01e-reserve-hold) or « Suspendue » (STRAS-35) instead of a
held mark, never the value and never another student's; the staff grid shows a badge."""

from __future__ import annotations

import pytest
from django.urls import reverse

from juries.models import HoldOutcome, Mark
from juries.results.services import results_compute, results_publish
from juries.services import evaluation_publish, exam_mark_set, mark_hold_place, mark_hold_release
from tests.juries.entry.factories import EXAM_DAY, grade_world
from tests.juries.results.factories import synthetic

pytestmark = pytest.mark.django_db

RESERVED = "Réservée"
SUSPENDED = "Suspendue — vérification de l&#x27;autorisation à composer"


def _html(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    text = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    return text


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    w = grade_world(preset="strasbourg", students=3)
    held, other, _third = w.students
    for student, value in ((held, "17.25"), (other, "9.75")):
        exam_mark_set(actor=None, component=w.component, session_number=1, on=EXAM_DAY, student_user=student,
                      value=value, reason="copie", rule_id="STRAS-35")
    mark_hold_place(actor=None, component=w.component, session_number=1, on=EXAM_DAY, student_user=held,
                    kind="unverified", key="unlisted", rule_id="STRAS-35")
    evaluation_publish(actor=w.head, evaluation=w.evaluation)
    return w


def test_held_student_sees_the_label_not_the_value(client, world):
    held, _other, _third = world.students
    client.force_login(held)
    for url in (reverse("juries:my_marks"), reverse("juries:my_mark", args=[world.evaluation.pk])):
        text = _html(client.get(url))
        assert SUSPENDED in text
        assert "17.25" not in text and "17,25" not in text
        assert "9.75" not in text and "9,75" not in text  # never another student's mark
    assert "Contester" not in _html(client.get(reverse("juries:my_mark", args=[world.evaluation.pk])))
    api = client.get("/api/v1/juries/my-marks/").json()
    assert api[0]["mark"] == "" and api[0]["hold"].startswith("Suspendue")


def test_other_student_sees_own_value_and_no_label(client, world):
    _held, other, _third = world.students
    client.force_login(other)
    text = _html(client.get(reverse("juries:my_marks")))
    assert "9,75" in text and "Suspendue" not in text and "17,25" not in text


def test_released_hold_shows_value_and_refused_shows_not_counted(client, world):
    held = world.students[0]
    mark_hold_release(actor=None, key="unlisted", outcome=HoldOutcome.CONFIRMED)
    client.force_login(held)
    text = _html(client.get(reverse("juries:my_marks")))
    assert "17,25" in text and "Suspendue" not in text


def test_refused_hold_hides_the_mark(client, world):
    held = world.students[0]
    mark_hold_release(actor=None, key="unlisted", outcome=HoldOutcome.REFUSED)
    client.force_login(held)
    text = _html(client.get(reverse("juries:my_mark", args=[world.evaluation.pk])))
    assert "Non prise en compte" in text and "17,25" not in text


def test_statistics_leave_the_held_mark_out(world):
    from juries.selectors import evaluations_statistics

    stats = evaluations_statistics([world.evaluation])[world.evaluation.pk]
    assert stats.count == 1 and str(stats.mean) == "9.75"


def test_staff_grid_shows_a_badge(client, world):
    client.force_login(world.teacher)
    text = _html(client.get(reverse("juries:grid", args=[world.evaluation.pk])))
    assert SUSPENDED in text and "(STRAS-35)" in text
    assert 'value="17.25"' in text  # staff still see and can correct the value


def test_results_page_shows_reserved_module(client):
    _scenario, seeded = synthetic(2)
    s1 = seeded.semesters["S1"]
    student = seeded.users["st0"]
    mark = Mark.objects.filter(student=student, evaluation__component__module__semester=s1).select_related(
        "evaluation__component__module").first()
    module = mark.evaluation.component.module
    mark_hold_place(actor=None, component=mark.evaluation.component, session_number=1, on=mark.evaluation.date,
                    student_user=student, kind="reserve", key="r", rule_id="UTC-3.01e-reserve-hold")
    results_compute(semester_ids=[s.pk for s in seeded.semesters.values()])
    results_publish(actor=None, semester=s1)
    client.force_login(student)
    text = _html(client.get(reverse("juries:results:my_results")))
    assert "Résultat réservé" in text
    assert f'<th scope="row">{module.code}</th><td><span class="badge hold">{RESERVED}</span>' in text
    client.force_login(seeded.users["st1"])
    assert "Résultat réservé" not in _html(client.get(reverse("juries:results:my_results")))


def test_staff_grid_api_carries_the_hold(client, world):
    client.force_login(world.teacher)
    rows = {r["student"]: r for r in client.get(f"/api/v1/juries/evaluations/{world.evaluation.pk}/marks/").json()}
    held, other, _third = world.students
    assert rows[held.pk]["hold"] == {"kind": "unverified", "label": "Suspendue — vérification de l'autorisation à composer",
                                     "rule_id": "STRAS-35", "active": True, "outcome": ""}
    assert rows[held.pk]["mark"] == "17.25" and rows[other.pk]["hold"] is None


def test_results_api_flags_the_reserved_semester(client):
    _scenario, seeded = synthetic(2)
    s1 = seeded.semesters["S1"]
    student = seeded.users["st0"]
    mark = Mark.objects.filter(student=student, evaluation__component__module__semester=s1).select_related(
        "evaluation__component__module").first()
    mark_hold_place(actor=None, component=mark.evaluation.component, session_number=1, on=mark.evaluation.date,
                    student_user=student, kind="reserve", key="r", rule_id="UTC-3.01e-reserve-hold")
    results_compute(semester_ids=[s.pk for s in seeded.semesters.values()])
    results_publish(actor=None, semester=s1)
    client.force_login(student)
    (row,) = client.get("/api/v1/juries/results/mine/").json()
    assert row["reserved"] is True and row["holds"] == {mark.evaluation.component.module.code: RESERVED}
    client.force_login(seeded.users["st1"])
    (row,) = client.get("/api/v1/juries/results/mine/").json()
    assert row["reserved"] is False and row["holds"] == {}


def test_staff_results_table_shows_hold_badges(client):
    from tests.juries.results.factories import staff

    _scenario, seeded = synthetic(2)
    s1 = seeded.semesters["S1"]
    student = seeded.users["st0"]
    mark = Mark.objects.filter(student=student, evaluation__component__module__semester=s1).select_related(
        "evaluation__component__module").first()
    mark_hold_place(actor=None, component=mark.evaluation.component, session_number=1, on=mark.evaluation.date,
                    student_user=student, kind="reserve", key="r", rule_id="UTC-3.01e-reserve-hold")
    results_compute(semester_ids=[s.pk for s in seeded.semesters.values()])
    client.force_login(staff(seeded))
    text = _html(client.get(reverse("juries:results:semester", args=[s1.pk])))
    assert text.count('<span class="badge hold">') == 1
    assert f"{mark.evaluation.component.module.code} : {RESERVED}" in text
