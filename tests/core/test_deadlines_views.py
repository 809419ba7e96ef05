"""Deadline dashboard, detail/waive page and API: scope, filters, bounded queries, denials."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.deadlines.services import deadline_meet, deadline_open
from core.models import Deadline, Role
from core.models.deadlines import DeadlineState
from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

RULE = "ARL-ES05.5-check-file"
RULE2 = "ARL-ES07-overseas"


def make(component, key, *, days, rule=RULE, **kw):
    values = {"key": key, "kind": "enrollment.file", "rule_id": rule, "title": f"Échéance {key}",
              "institution": component.institution, "component": component,
              "due_at": timezone.now() + timedelta(days=days), "assignee_role": Role.SECRETARIAT}
    values.update(kw)
    return deadline_open(**values)


@pytest.fixture
def scene():
    component = ComponentFactory()
    other = ComponentFactory(institution=component.institution)
    staff = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=component.institution, component=component).user
    student = RoleAssignmentFactory(role=Role.STUDENT, institution=component.institution, component=component).user
    late = make(component, "late", days=-2)
    Deadline.objects.filter(pk=late.pk).update(state=DeadlineState.LATE)
    soon = make(component, "soon", days=3, rule=RULE2)
    later = make(component, "later", days=30, assignee_role="", assignee_user=student)
    met = make(component, "met", days=5)
    deadline_meet(deadline=met)
    hidden = make(other, "hidden", days=1)
    unswept = make(component, "unswept", days=-1)  # past due, sweep not run yet: shown as late
    return {"component": component, "staff": staff, "student": student, "late": late, "soon": soon,
            "later": later, "met": met, "hidden": hidden, "unswept": unswept}


def group_keys(response):
    return {g.code: [d.key for d in g.rows] for g in response.context["groups"]}


@pytest.mark.django_db
def test_dashboard_groups_by_urgency_in_staff_scope(client, scene, django_assert_max_num_queries):
    client.force_login(scene["staff"])
    with django_assert_max_num_queries(30):  # the page's own queries are ~12; the rest is the layout
        response = client.get(reverse("deadline_dashboard"))
    assert response.status_code == 200
    assert group_keys(response) == {"late": ["late", "unswept"], "soon": ["soon"], "later": ["later"],
                                    "closed": ["met"]}
    html = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in html
    assert "Échéance hidden" not in html
    assert f'href="/regles/{RULE2}/"' in html  # the rule's wording (profiles' rule_detail page)
    waivable = {d.key for g in response.context["groups"] for d in g.rows if d.may_waive}
    assert waivable == {"late", "unswept", "soon", "later"}  # open ones; not the met one


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_rows(client, scene):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(scene["staff"])
    client.get(reverse("deadline_dashboard"))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("deadline_dashboard"))
    for i in range(40):
        make(scene["component"], f"extra{i}", days=i % 10 - 3, assignee_role="", assignee_user=UserFactory())
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("deadline_dashboard")).status_code == 200
    assert len(many) == len(few)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "late"}, {"late": ["late"], "soon": [], "later": [], "closed": []}),
        ({"rule_id": RULE2}, {"late": [], "soon": ["soon"], "later": [], "closed": []}),
        ({"assignee_role": "secretariat", "state": "pending"},
         {"late": ["unswept"], "soon": ["soon"], "later": [], "closed": []}),
    ],
)
def test_dashboard_filters(client, scene, query, expected):
    client.force_login(scene["staff"])
    assert group_keys(client.get(reverse("deadline_dashboard"), query)) == expected


@pytest.mark.django_db
def test_student_sees_only_own_deadlines_and_no_waive(client, scene):
    client.force_login(scene["student"])
    response = client.get(reverse("deadline_dashboard"))
    assert group_keys(response) == {"late": [], "soon": [], "later": ["later"], "closed": []}
    assert not any(d.may_waive for g in response.context["groups"] for d in g.rows)
    assert client.get(reverse("deadline_detail", args=[scene["late"].pk])).status_code == 404
    response = client.get(reverse("deadline_detail", args=[scene["later"].pk]))
    assert response.status_code == 200 and response.context["form"] is None
    assert client.post(reverse("deadline_detail", args=[scene["later"].pk]), {"reason": "x"}).status_code == 403
    assert Deadline.objects.get(pk=scene["later"].pk).state == DeadlineState.PENDING


@pytest.mark.django_db
def test_staff_waives_with_reason_only(client, scene):
    client.force_login(scene["staff"])
    url = reverse("deadline_detail", args=[scene["late"].pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "reason" in response.context["form"].errors
    assert Deadline.objects.get(pk=scene["late"].pk).state == DeadlineState.LATE
    response = client.post(url, {"reason": "Report accordé par le directeur"})
    assert response.status_code == 302
    d = Deadline.objects.get(pk=scene["late"].pk)
    assert d.state == DeadlineState.WAIVED and d.waived_reason == "Report accordé par le directeur"
    page = client.get(url).content.decode()
    assert "deadline.waived" in page and "INVALID_TEMPLATE_VARIABLE" not in page
    assert client.get(reverse("deadline_detail", args=[scene["hidden"].pk])).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_redirected(client):
    assert client.get(reverse("deadline_dashboard")).status_code == 302


@pytest.mark.django_db
def test_api_lists_scope_only_with_filters(client, scene):
    client.force_login(scene["staff"])
    data = client.get("/api/v1/deadlines/").json()
    keys = {row["key"] for row in data["results"]}
    assert keys == {"late", "soon", "later", "met", "unswept"}
    data = client.get("/api/v1/deadlines/", {"state": "late"}).json()
    assert [row["key"] for row in data["results"]] == ["late"]
    assert client.get(f"/api/v1/deadlines/{scene['hidden'].pk}/").status_code == 404
    client.force_login(scene["student"])
    assert {row["key"] for row in client.get("/api/v1/deadlines/").json()["results"]} == {"later"}
    assert client.get(f"/api/v1/deadlines/{scene['late'].pk}/").status_code == 404
