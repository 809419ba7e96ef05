"""Pages: the student's own published results only; the staff table, recompute and publish."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Role
from juries.models import Mark, ResultState, SemesterResult
from juries.results.services import results_compute, results_publish

from .factories import staff, synthetic

pytestmark = pytest.mark.django_db

MY = reverse("juries:results:my_results")


def _html(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    text = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    return text


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    _scenario, seeded = synthetic(3)
    results_compute(semester_ids=[s.pk for s in seeded.semesters.values()])
    return seeded


def test_unpublished_results_are_invisible(client, world):
    client.force_login(world.users["st0"])
    text = _html(client.get(MY))
    assert "Aucun résultat publié" in text


def test_student_sees_own_provisional_result_only(client, world):
    s1 = world.semesters["S1"]
    results_publish(actor=None, semester=s1)
    own = SemesterResult.objects.get(student=world.users["st0"], semester=s1)
    other = SemesterResult.objects.get(student=world.users["st1"], semester=s1)
    client.force_login(world.users["st0"])
    text = _html(client.get(MY))
    assert "sous réserve de la délibération du jury" in text
    assert own.proposed_code in text and own.mean_label in text
    assert "UE1.1" in text and text.count("<section") == 1  # S2 is not published
    assert other.student.get_full_name() not in text
    # other students' detail pages and the staff table are 404 for a student
    assert client.get(reverse("juries:results:detail", args=[s1.pk, world.users["st1"].pk])).status_code == 404
    assert client.get(reverse("juries:results:detail", args=[s1.pk, world.users["st0"].pk])).status_code == 404
    assert client.get(reverse("juries:results:semester", args=[s1.pk])).status_code == 404
    assert client.post(reverse("juries:results:publish", args=[s1.pk])).status_code == 404


def test_published_version_stays_until_republished_and_final_label(client, world):
    s1 = world.semesters["S1"]
    user = world.users["st0"]
    results_publish(actor=None, semester=s1, final=True)
    published = SemesterResult.objects.get(student=user, semester=s1)
    Mark.objects.filter(student=user, evaluation=world.evaluations["R1.01-DS"]).update(value=Decimal(0))
    results_compute(semester_ids=[s1.pk])
    client.force_login(user)
    text = _html(client.get(MY))
    assert "Résultat définitif" in text
    assert published.mean_label in text  # the draft v2 is not shown before it is published


def test_bonus_mentioned_only_when_effective(client, world):
    s1 = world.semesters["S1"]
    results_publish(actor=None, semester=s1)
    client.force_login(world.users["st0"])
    assert "bonification" not in _html(client.get(MY))


def test_president_table_recompute_and_publish(client, world, django_assert_max_num_queries):
    s1 = world.semesters["S1"]
    president = staff(world)
    client.force_login(president)
    url = reverse("juries:results:semester", args=[s1.pk])
    with django_assert_max_num_queries(15):
        text = _html(client.get(url))
    assert "Recalculer" in text and "Publier" in text
    for user in world.users.values():
        assert reverse("juries:results:detail", args=[s1.pk, user.pk]) in text
    detail = _html(client.get(reverse("juries:results:detail", args=[s1.pk, world.users["st2"].pk])))
    assert "UE1.1" in detail and "v1" in detail
    Mark.objects.filter(student=world.users["st2"], evaluation=world.evaluations["R1.02-DS"]).update(value=20)
    response = client.post(reverse("juries:results:compute", args=[s1.pk]))
    assert response.status_code == 302
    assert SemesterResult.objects.get(student=world.users["st2"], semester=s1, is_current=True).version == 2
    response = client.post(reverse("juries:results:publish", args=[s1.pk]), {"final": "0"})
    assert response.status_code == 302
    assert set(SemesterResult.objects.filter(semester=s1, is_current=True).values_list("state", flat=True)) == {
        ResultState.PUBLISHED}


def test_staff_table_queries_do_not_grow(client, django_assert_max_num_queries):
    _scenario, seeded = synthetic(25, seed=11)
    s1 = seeded.semesters["S1"]
    results_compute(semester_ids=[s1.pk])
    client.force_login(staff(seeded, Role.JURY_MEMBER))
    with django_assert_max_num_queries(15):
        text = _html(client.get(reverse("juries:results:semester", args=[s1.pk])))
    assert "Recalculer" not in text  # a jury member reads, does not recompute
    assert client.post(reverse("juries:results:compute", args=[s1.pk])).status_code == 404


def test_outsider_staff_of_another_component_gets_404(client, world):
    _scenario, other = synthetic(1, seed=5)
    client.force_login(staff(other))
    assert client.get(reverse("juries:results:semester", args=[world.semesters["S1"].pk])).status_code == 404
