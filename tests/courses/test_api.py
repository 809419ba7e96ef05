"""API read endpoints: permissions and denials."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse

from core.calendar.working import PARIS
from courses.services import module_team_set
from courses.services.workflow import m3c_approve, m3c_publish
from tests.courses.factories import build_year, component_with_preset, programme_head, with_calendar
from tests.courses.test_permissions_and_queries import _register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    component = component_with_preset("utc")
    with_calendar(component)
    b = build_year(component)
    m3c_approve(actor=None, version=b.version, council="Directeur", council_date=date(2026, 7, 1))
    m3c_publish(actor=None, version=b.version, at=datetime(2026, 7, 10, tzinfo=PARIS))
    return b


def test_programme_list_scoped(client, built):
    head = programme_head(built.programme.component)
    client.force_login(head)
    data = client.get(reverse("courses-api-programmes")).json()
    assert [p["code"] for p in data["results"]] == ["but-info"]
    client.force_login(UserFactory())
    assert client.get(reverse("courses-api-programmes")).json()["results"] == []
    response = client.get(reverse("courses-api-programme", args=[built.programme.pk]))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_module_detail_for_registered_student_only(client, built):
    m1, m2 = built.modules["R1.01"], built.modules["R2.01"]
    student = _register(UserFactory(), m1)
    client.force_login(student)
    data = client.get(reverse("courses-api-module", args=[m1.pk])).json()
    assert [c["code"] for c in data["components"]] == ["E1", "E2"]
    assert {c["ue"] for c in data["coefficients"]} == {"UE1.1", "UE1.2"}
    assert client.get(reverse("courses-api-module", args=[m2.pk])).status_code == 404
    # the student reads the published M3C of their programme, not the programme back-office
    assert client.get(reverse("courses-api-version-m3c", args=[built.version.pk])).status_code == 200
    assert client.get(reverse("courses-api-programme", args=[built.programme.pk])).status_code == 404


def test_my_modules_for_teacher(client, built):
    teacher = UserFactory()
    module_team_set(actor=None, module=built.modules["R2.01"], head=teacher)
    client.force_login(teacher)
    assert [m["code"] for m in client.get(reverse("courses-api-my-modules")).json()] == ["R2.01"]
    assert client.get(reverse("courses-api-module", args=[built.modules["R1.01"].pk])).status_code == 404
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(reverse("courses-api-version-m3c", args=[built.version.pk])).status_code == 404
