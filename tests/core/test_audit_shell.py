"""Audit trail: append-only (model, queryset and, on PostgreSQL, a trigger) and the history page."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from core.audit import audit_record
from core.models import AuditEvent, Role
from tests.factories import InstitutionFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    institution = InstitutionFactory(name="Université A")
    actor = UserFactory(first_name="Paul", last_name="Scolarité")
    return audit_record(
        actor=actor, action="institution.rename", obj=institution,
        before={"name": "Université A"}, after={"name": "Université Alpha"}, reason="Nouveau nom", rule_id="",
    )


def test_audit_rows_refuse_save_and_delete(event):
    event.action = "forged"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "institution.rename"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_trigger_refuses_raw_update_and_delete(event):
    for sql in ("UPDATE core_auditevent SET action = 'forged' WHERE id = %s", "DELETE FROM core_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "institution.rename"


class TestHistoryPage:
    def url(self, event):
        return reverse("object_history", args=["core.institution", event.object_id])

    def test_staff_sees_before_and_after(self, client, event):
        client.force_login(RoleAssignmentFactory(role=Role.SECRETARIAT).user)
        response = client.get(self.url(event))
        assert response.status_code == 200
        html = response.content.decode()
        assert "institution.rename" in html
        assert "Université A<" in html.replace("</pre>", "<") and "Université Alpha" in html
        assert "Paul Scolarité" in html and "Nouveau nom" in html
        assert "INVALID_TEMPLATE_VARIABLE" not in html

    def test_student_gets_404(self, client, event):
        client.force_login(RoleAssignmentFactory(role=Role.STUDENT).user)
        assert client.get(self.url(event)).status_code == 404

    def test_anonymous_redirected(self, client, event):
        assert client.get(self.url(event)).status_code == 302

    def test_unknown_model_or_object_404(self, client, event):
        client.force_login(RoleAssignmentFactory(role=Role.SECRETARIAT).user)
        assert client.get(reverse("object_history", args=["core.nope", 1])).status_code == 404
        assert client.get(reverse("object_history", args=["core.institution", 999999])).status_code == 404

    def test_history_link_include_for_staff_only(self, rf, event):
        from django.template import Context, Template

        from core.models import Institution

        tpl = Template('{% include "includes/history_link.html" with obj=obj %}')
        obj = Institution.objects.get(pk=event.object_id)
        request = rf.get("/")
        request.user = RoleAssignmentFactory(role=Role.SECRETARIAT).user
        assert self.url(event) in tpl.render(Context({"obj": obj, "request": request}))
        request.user = RoleAssignmentFactory(role=Role.STUDENT).user
        assert "historique" not in tpl.render(Context({"obj": obj, "request": request}))


def test_history_page_query_count_is_bounded(client, django_assert_max_num_queries):
    institution = InstitutionFactory()
    actors = [UserFactory() for _ in range(5)]
    for i, actor in enumerate(actors * 4):
        audit_record(actor=actor, action="institution.rename", obj=institution, before={"n": i}, after={"n": i + 1})
    client.force_login(RoleAssignmentFactory(role=Role.SECRETARIAT).user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("object_history", args=["core.institution", institution.pk]))
    assert len(response.context["rows"]) == 20
