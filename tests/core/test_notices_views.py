"""Staff notices page (failed first, retry), own notices, API: scope and denials."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEvent, Notice, Role
from core.models.notices import NoticeStatus
from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

CTX = {"recipient_name": "A", "site_url": "http://s"}


def notice(recipient, key, status=NoticeStatus.SENT, **kw):
    return Notice.objects.create(key=key, kind="core.test_notice", recipient=recipient,
                                 recipient_email=recipient.email, context=CTX, status=status, **kw)


@pytest.fixture
def scene():
    component = ComponentFactory()
    other = ComponentFactory(institution=component.institution)
    staff = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=component.institution, component=component).user
    student = RoleAssignmentFactory(role=Role.STUDENT, institution=component.institution, component=component).user
    stranger = RoleAssignmentFactory(role=Role.STUDENT, institution=component.institution, component=other).user
    return {
        "staff": staff, "student": student, "stranger": stranger,
        "sent": notice(student, "sent"),
        "failed": notice(student, "failed", NoticeStatus.FAILED, attempts=6,
                         last_error="SMTPRecipientsRefused: 550 no such user"),
        "foreign": notice(stranger, "foreign", NoticeStatus.FAILED, last_error="x"),
    }


@pytest.mark.django_db
def test_staff_page_failed_first_with_error_and_scope(client, scene, django_assert_max_num_queries):
    for i in range(20):
        notice(scene["student"], f"more{i}")
    client.force_login(scene["staff"])
    with django_assert_max_num_queries(30):  # the page's own queries are ~6; the rest is the layout
        response = client.get(reverse("notice_admin_list"))
    assert response.status_code == 200
    keys = [n.key for n, _ in response.context["rows"]]
    assert keys[0] == "failed" and "foreign" not in keys and "sent" in keys
    html = response.content.decode()
    assert "550 no such user" in html and "INVALID_TEMPLATE_VARIABLE" not in html
    only_failed = client.get(reverse("notice_admin_list"), {"status": "failed"})
    assert [n.key for n, _ in only_failed.context["rows"]] == ["failed"]


@pytest.mark.django_db
def test_retry_resends_and_audits(client, scene, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(scene["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notice_retry", args=[scene["failed"].pk]))
    assert response.status_code == 302
    n = Notice.objects.get(pk=scene["failed"].pk)
    assert n.status == NoticeStatus.SENT and n.attempts == 1
    assert len(mailoutbox) == 1
    event = AuditEvent.objects.get(action="notice.retried")
    assert event.actor == scene["staff"] and "550" in event.before["last_error"]


@pytest.mark.django_db
def test_retry_denials(client, scene, mailoutbox):
    client.force_login(scene["staff"])
    assert client.post(reverse("notice_retry", args=[scene["foreign"].pk])).status_code == 404
    client.post(reverse("notice_retry", args=[scene["sent"].pk]))  # not failed: refused with a message
    assert Notice.objects.get(pk=scene["sent"].pk).status == NoticeStatus.SENT
    client.force_login(scene["student"])
    assert client.get(reverse("notice_admin_list")).status_code == 404
    assert client.post(reverse("notice_retry", args=[scene["failed"].pk])).status_code == 404
    assert Notice.objects.get(pk=scene["failed"].pk).status == NoticeStatus.FAILED
    assert client.get(reverse("notice_retry", args=[scene["failed"].pk])).status_code == 405
    assert not mailoutbox


@pytest.mark.django_db
def test_my_notices_lists_only_mine(client, scene):
    client.force_login(scene["student"])
    response = client.get(reverse("my_notices"))
    assert response.status_code == 200
    assert {n.key for n, _ in response.context["rows"]} == {"sent", "failed"}
    assert "INVALID_TEMPLATE_VARIABLE" not in response.content.decode()
    client.force_login(UserFactory())
    assert client.get(reverse("my_notices")).context["rows"] == []


@pytest.mark.django_db
def test_send_test_email(client, scene, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(scene["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("notice_test")).status_code == 302
    assert mailoutbox[0].to == [scene["staff"].email]
    client.force_login(scene["student"])
    assert client.post(reverse("notice_test")).status_code == 404


@pytest.mark.django_db
def test_api_notices_scope(client, scene):
    client.force_login(scene["student"])
    assert {r["key"] for r in client.get("/api/v1/notices/").json()["results"]} == {"sent", "failed"}
    assert client.get(f"/api/v1/notices/{scene['foreign'].pk}/").status_code == 404
    client.force_login(scene["staff"])
    assert {r["key"] for r in client.get("/api/v1/notices/").json()["results"]} == {"sent", "failed"}
    assert {r["key"] for r in client.get("/api/v1/notices/", {"status": "failed"}).json()["results"]} == {"failed"}
