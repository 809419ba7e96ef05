"""Who sees what (negative tests) and bounded SQL queries on list/detail pages."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse

from core.calendar.working import PARIS
from core.models import Notice, Role
from courses.services import module_team_set
from courses.services.amendment import m3c_amend
from courses.services.structure import module_create
from courses.services.workflow import m3c_approve, m3c_publish
from enrollment.models import ModuleRegistration, PedagogicalRegistration
from tests.courses.factories import (
    add_component,
    build_year,
    component_with_preset,
    make_head,
    programme_head,
    with_calendar,
)
from tests.enrollment.factories import RegistrationFactory, StudentFactory
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _register(user, module, *, state="validated"):  # type: ignore[no-untyped-def]
    semester = module.semester
    student = StudentFactory(user=user, institution=semester.study_year.programme_version.programme.component.institution)
    registration = RegistrationFactory(student=student, study_year=semester.study_year, state=state)
    ped = PedagogicalRegistration.objects.create(administrative_registration=registration, semester=semester)
    ModuleRegistration.objects.create(pedagogical_registration=ped, module=module)
    return user


@pytest.fixture
def published():
    component = component_with_preset("tours")
    with_calendar(component)
    built = build_year(component)
    m3c_approve(actor=None, version=built.version, council="CFVU", council_date=date(2026, 9, 10))
    m3c_publish(actor=None, version=built.version, at=datetime(2026, 9, 20, 10, tzinfo=PARIS))
    built.version.refresh_from_db()
    return built


def test_teacher_sees_own_module_not_another(client, published):
    m1, m2 = published.modules["R1.01"], published.modules["R2.01"]
    teacher = UserFactory()
    module_team_set(actor=None, module=m1, head=teacher)
    client.force_login(teacher)
    ok = client.get(reverse("courses:module_detail", args=[m1.pk]))
    assert ok.status_code == 200 and "E1" in ok.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in ok.content.decode()
    assert client.get(reverse("courses:module_detail", args=[m2.pk])).status_code == 404
    mine = client.get(reverse("courses:my_modules")).content.decode()
    assert "R1.01" in mine and "R2.01" not in mine
    # A teacher of a module cannot manage the programme.
    assert client.get(reverse("courses:module_edit", args=[m1.pk])).status_code == 404
    assert client.post(reverse("courses:m3c_publish", args=[published.version.pk])).status_code == 404


def test_student_sees_only_registered_module(client, published):
    m1, m2 = published.modules["R1.01"], published.modules["R2.01"]
    student = _register(UserFactory(), m1)
    client.force_login(student)
    page = client.get(reverse("courses:module_detail", args=[m1.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "40" in body and "Épreuve E1" in body  # components and weights
    assert "remplace" in body  # second-session rule
    assert client.get(reverse("courses:module_detail", args=[m2.pk])).status_code == 404
    assert client.get(reverse("courses:version_detail", args=[published.version.pk])).status_code == 404
    assert client.get(reverse("courses:programme_detail", args=[published.programme.pk])).status_code == 404


def test_unregistered_or_unvalidated_student_gets_404(client, published):
    m1 = published.modules["R1.01"]
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(reverse("courses:module_detail", args=[m1.pk])).status_code == 404
    pending = _register(UserFactory(), m1, state="submitted")
    client.force_login(pending)
    assert client.get(reverse("courses:module_detail", args=[m1.pk])).status_code == 404


def test_programme_head_of_other_programme_cannot_manage(client, published):
    other = build_year(published.programme.component, code="autre")
    head = make_head(other)
    client.force_login(head)
    assert client.get(reverse("courses:version_detail", args=[other.version.pk])).status_code == 200
    assert client.get(reverse("courses:m3c_check", args=[published.version.pk])).status_code == 404
    assert client.post(reverse("courses:m3c_approve", args=[published.version.pk]),
                       {"council": "X", "council_date": "2026-09-01"}).status_code == 404


def test_amendment_notifies_registered_students(published, django_capture_on_commit_callbacks):
    module = published.modules["R2.01"]
    students = [_register(UserFactory(), module) for _ in range(3)]
    comp = module.components.get(code="E1")
    amendment = m3c_amend(actor=None, module=module, reason="Fermeture du bâtiment", council="CFVU",
                          council_date=date(2027, 3, 1), component_changes={comp.pk: {"type": "oral"}},
                          at=datetime(2027, 3, 2, 9, tzinfo=PARIS))
    notices = Notice.objects.filter(kind="courses.m3c_amendment")
    assert {n.recipient_id for n in notices} == {s.pk for s in students}
    assert all(n.rule_id == "TOURS-II-exceptional" for n in notices)
    assert amendment.snapshot.revision == 2


@pytest.mark.parametrize("extra", [1, 12])
def test_version_and_module_pages_bounded_queries(client, django_assert_max_num_queries, extra):
    component = component_with_preset("tours")
    with_calendar(component)
    built = build_year(component, competences=3)
    s1 = built.semesters[0]
    ue = built.ues["UE1.1"]
    for i in range(extra):
        module = module_create(actor=None, semester=s1, code=f"X{i}", title=f"X{i}", coefficients={ue: 1})
        add_component(module, "A", "50", when=date(2026, 10, 5))
        add_component(module, "B", "50", when=date(2026, 10, 6))
        module_team_set(actor=None, module=module, head=UserFactory())
    for _i in range(extra):
        _register(UserFactory(), built.modules["R1.01"])
    head = programme_head(component)
    client.force_login(head)
    with django_assert_max_num_queries(32):
        assert client.get(reverse("courses:version_detail", args=[built.version.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("courses:programme_list")).status_code == 200
    with django_assert_max_num_queries(17):
        assert client.get(reverse("courses:module_detail", args=[built.modules["R1.01"].pk])).status_code == 200
    with django_assert_max_num_queries(35):
        assert client.get(reverse("courses:m3c_check", args=[built.version.pk])).status_code == 200
    teacher = UserFactory()
    RoleAssignmentFactory(user=teacher, role=Role.TEACHER, institution=component.institution, component=component)
    for module in list(s1.modules.all()):
        module_team_set(actor=None, module=module, head=teacher)
    client.force_login(teacher)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("courses:my_modules")).status_code == 200
