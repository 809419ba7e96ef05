"""Pages: the staff bonus grid (RSY-A7.1-sport-bonus, RSY-A7.2C-cap), the history shown to the jury
(capitalised UEs with their year, repeats), the student's own bonus inputs; 404s."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import Role
from juries.engine_types import StudentInput
from juries.models import BonusEntry
from juries.results.services import results_compute, results_publish

from .factories import ALL_EIGHT, FAILED_YEAR, LAST, reregister, staff_of, two_years

pytestmark = pytest.mark.django_db


def _html(response, status: int = 200) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    text = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    return text


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    ty = two_years([StudentInput(id="rep", name="Redoublant", marks=FAILED_YEAR),
                    StudentInput(id="ok", name="Autre", marks=ALL_EIGHT)])
    rep, ok = ty.last.users["rep"], ty.last.users["ok"]
    reregister(ty, rep, ALL_EIGHT)
    reregister(ty, ok, ALL_EIGHT)
    return ty, rep, ok


def _grid(ty) -> str:  # type: ignore[no-untyped-def]
    return reverse("juries:results:bonuses", args=[ty.study_year.pk])


def test_grid_lists_registered_students_and_profile_types(client, world, django_assert_max_num_queries):
    ty, rep, ok = world
    client.force_login(staff_of(ty.component))
    with django_assert_max_num_queries(12):
        html = _html(client.get(_grid(ty)))
    assert f'name="value-sport-sessions-{rep.pk}"' in html and f'name="value-sport-sessions-{ok.pk}"' in html
    assert f'name="value-engagement-service_civique-{rep.pk}"' in html
    assert f'<label class="visually-hidden" for="value-sport-sessions-{rep.pk}">' in html
    assert '<th scope="col">Bénévolat associatif</th>' in html


def test_grid_query_count_does_not_grow(client, django_assert_max_num_queries):
    small = two_years([StudentInput(id=f"s{i}", marks=ALL_EIGHT) for i in range(2)])
    for user in small.last.users.values():
        reregister(small, user, {})
    big = two_years([StudentInput(id=f"s{i}", marks=ALL_EIGHT) for i in range(12)])
    for user in big.last.users.values():
        reregister(big, user, {})
    user = staff_of(small.component)
    client.force_login(user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        _html(client.get(_grid(small)))
    client.force_login(staff_of(big.component))
    with django_assert_max_num_queries(len(few.captured_queries)):
        _html(client.get(_grid(big)))


def test_grid_post_saves_and_reshows(client, world, django_capture_on_commit_callbacks):
    ty, rep, ok = world
    client.force_login(staff_of(ty.component, Role.PROGRAMME_HEAD))
    data = {f"value-sport-sessions-{rep.pk}": "22", f"value-engagement-service_civique-{rep.pk}": "0,5",
            f"evidence-{rep.pk}": "Liste SUAPS", f"value-sport-sessions-{ok.pk}": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_grid(ty), data)
    assert response.status_code == 302
    entries = {(e.student_id, e.kind, e.engagement_type): e for e in BonusEntry.objects.all()}
    assert entries[(rep.pk, "sport", "")].value == 22
    assert entries[(rep.pk, "engagement", "service_civique")].value == Decimal("0.5")
    assert entries[(rep.pk, "sport", "")].evidence == "Liste SUAPS"
    assert len(entries) == 2
    html = _html(client.get(_grid(ty)))
    assert f'id="value-sport-sessions-{rep.pk}" name="value-sport-sessions-{rep.pk}" value="22"' in html
    assert f'name="value-engagement-service_civique-{rep.pk}" value="0.5"' in html


def test_grid_post_over_the_cap_shows_field_error_and_saves_nothing(client, world):
    ty, rep, ok = world
    client.force_login(staff_of(ty.component))
    name = f"value-engagement-benevolat_associatif-{ok.pk}"
    html = _html(client.post(_grid(ty), {f"value-sport-sessions-{rep.pk}": "22", name: "2"}), status=400)
    assert 'role="alert"' in html and "RSY-A7.2C-cap" in html
    assert f'id="{name}" name="{name}" value="2" aria-invalid="true" aria-describedby="{name}-err"' in html
    assert 'value="22"' in html  # the other cells keep what was typed
    assert not BonusEntry.objects.exists()


def test_profile_without_bonuses_says_so(client):
    ty = two_years([StudentInput(id="a", marks=ALL_EIGHT)], preset="tours")
    reregister(ty, ty.last.users["a"], ALL_EIGHT)
    client.force_login(staff_of(ty.component))
    html = _html(client.get(_grid(ty)))
    assert "ne prévoit pas de bonification" in html and 'name="value-' not in html


@pytest.mark.parametrize("role", [Role.TEACHER, Role.JURY_MEMBER, Role.EXAM_OFFICE])
def test_grid_404_for_other_roles(client, world, role):
    ty, _rep, _ok = world
    client.force_login(staff_of(ty.component, role))
    assert client.get(_grid(ty)).status_code == 404
    assert client.post(_grid(ty), {}).status_code == 404


def test_grid_404_for_student_other_component_and_missing(client, world):
    ty, rep, _ok = world
    client.force_login(rep)
    assert client.get(_grid(ty)).status_code == 404
    other = two_years([])
    client.force_login(staff_of(other.component))  # secretariat of another component
    assert client.get(_grid(ty)).status_code == 404
    assert client.get(reverse("juries:results:bonuses", args=[10**8])).status_code == 404


def test_staff_table_and_detail_show_capitalised_ues_and_repeats(client, world):
    ty, rep, ok = world
    results_compute(semester_ids=ty.sem_ids())
    s1 = ty.this.semesters["S1"]
    president = staff_of(ty.component, Role.JURY_PRESIDENT)
    client.force_login(president)
    table = _html(client.get(reverse("juries:results:semester", args=[s1.pk])))
    assert f"UE1.1 capitalisée ({LAST})" in table
    assert "redoublant·e (1 année antérieure)" in table
    assert reverse("juries:results:bonuses", args=[ty.study_year.pk]) in table
    detail = _html(client.get(reverse("juries:results:detail", args=[s1.pk, rep.pk])))
    assert f"UE UE1.1 capitalisée : 13.33, acquise en {LAST}-{LAST + 1}" in detail
    assert "S1 × 1" in detail and "S2 × 1" in detail and "RSY-A1-repeat-limit" in detail
    other = _html(client.get(reverse("juries:results:detail", args=[s1.pk, ok.pk])))
    assert "capitalisée :" not in other  # ok validated nothing last year (all 8: RCUEs at 8)
    member = staff_of(ty.component, Role.JURY_MEMBER)
    client.force_login(member)
    assert "Saisir les bonifications" not in _html(client.get(reverse("juries:results:semester", args=[s1.pk])))


def test_student_sees_own_bonus_inputs_and_capitalised_ue_only(client, world):
    ty, rep, ok = world
    BonusEntry.objects.create(student=rep, study_year=ty.study_year, academic_year=ty.this.version.academic_year,
                              kind="sport", value=Decimal(22), recorded_at="2027-06-01T10:00Z")
    BonusEntry.objects.create(student=ok, study_year=ty.study_year, academic_year=ty.this.version.academic_year,
                              kind="engagement", engagement_type="service_civique", value=Decimal("0.5"),
                              recorded_at="2027-06-01T10:00Z")
    results_compute(semester_ids=ty.sem_ids())
    for semester in ty.this.semesters.values():
        results_publish(actor=None, semester=semester, final=False)
    client.force_login(rep)
    html = _html(client.get(reverse("juries:results:my_results")))
    assert "sport : 22 séance(s)" in html
    assert "Service civique" not in html  # ok's entry
    assert f"UE UE1.1 capitalisée : 13.33, acquise en {LAST}-{LAST + 1}" in html
    assert "Dispense incohérente" not in html
    client.force_login(ok)
    html = _html(client.get(reverse("juries:results:my_results")))
    assert "engagement « Service civique » : 0,50 point(s)" in html and "séance(s)" not in html
