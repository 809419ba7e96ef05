"""Delivery: transient errors retried within the budget, permanent ones failed, dead workers recovered."""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

from core.models import Notice
from core.models.notices import NoticeStatus
from core.notices.delivery import is_transient, message_id_for, notice_deliver, notices_redeliver
from core.notices.services import notice_enqueue
from core.tasks import notices_redeliver as notices_redeliver_task

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 10, 1, 10, 0, tzinfo=PARIS)
CTX = {"recipient_name": "A", "site_url": "http://s"}


class ScriptedBackend(LocmemBackend):
    """Raises the scripted exceptions in order, then delivers to the locmem outbox."""

    script: list[BaseException] = []
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).script:
            raise type(self).script.pop(0)
        return super().send_messages(messages)


@pytest.fixture
def scripted(settings):
    settings.EMAIL_BACKEND = f"{__name__}.ScriptedBackend"
    ScriptedBackend.script = []
    ScriptedBackend.calls = 0
    return ScriptedBackend


@pytest.mark.parametrize(
    ("exc", "transient"),
    [
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPConnectError(421, b"busy"), True),
        (smtplib.SMTPDataError(451, b"try later"), True),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (smtplib.SMTPSenderRefused(550, b"no", "a@b"), False),
        (smtplib.SMTPRecipientsRefused({"a@b": (450, b"mailbox busy")}), True),
        (smtplib.SMTPRecipientsRefused({"a@b": (550, b"no such user")}), False),
        (smtplib.SMTPNotSupportedError("no"), False),
        (TimeoutError("timed out"), True),
        (ConnectionRefusedError("refused"), True),
        (ValueError("bug"), False),
    ],
)
def test_transient_classification(exc, transient):
    assert is_transient(exc) is transient


def test_message_id_is_stable_per_key():
    assert message_id_for("a") == message_id_for("a") != message_id_for("b")


@pytest.mark.django_db
def test_transient_error_retried_then_sent(scripted, mailoutbox, django_capture_on_commit_callbacks):
    scripted.script = [smtplib.SMTPServerDisconnected("gone"), smtplib.SMTPDataError(451, b"later")]
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_enqueue(key="k", kind="core.test_notice", email="a@example.fr", context=CTX)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT
    assert notice.attempts == 3 and notice.last_error == ""
    assert len(mailoutbox) == 1 and scripted.calls == 3


@pytest.mark.django_db
def test_retry_budget_then_failed(scripted, settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.CURSUS_NOTICE_MAX_ATTEMPTS = 3
    scripted.script = [smtplib.SMTPServerDisconnected("gone") for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_enqueue(key="k", kind="core.test_notice", email="a@example.fr", context=CTX)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED
    assert notice.attempts == 3 and "SMTPServerDisconnected" in notice.last_error
    assert "3 tentatives" in notice.last_error
    assert not mailoutbox


@pytest.mark.django_db
def test_backoff_schedule(scripted, settings, django_capture_on_commit_callbacks, monkeypatch):
    settings.CURSUS_NOTICE_RETRY_BASE_SECONDS = 60
    queued = []
    from core import tasks

    monkeypatch.setattr(tasks.notice_send, "apply_async", lambda args, countdown: queued.append(countdown))
    scripted.script = [smtplib.SMTPServerDisconnected("gone")] * 2
    with time_machine.travel(NOW, tick=False):
        notice = Notice.objects.create(key="k", kind="core.test_notice", recipient_email="a@example.fr", context=CTX)
        assert notice_deliver(notice_id=notice.pk) == NoticeStatus.READY
        notice.refresh_from_db()
        assert notice.next_attempt_at == NOW + timedelta(seconds=60)
        # Too early: the task does nothing; the beat job re-queues it when due.
        assert notice_deliver(notice_id=notice.pk) is None
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        assert notice_deliver(notice_id=notice.pk) == NoticeStatus.READY
        notice.refresh_from_db()
        assert notice.next_attempt_at == NOW + timedelta(seconds=61 + 120)
    assert queued == [60.0, 120.0]


@pytest.mark.django_db
def test_permanent_error_fails_at_once(scripted, mailoutbox, django_capture_on_commit_callbacks):
    scripted.script = [smtplib.SMTPRecipientsRefused({"a@example.fr": (550, b"no such user")})]
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_enqueue(key="k", kind="core.test_notice", email="a@example.fr", context=CTX)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED and notice.attempts == 1
    assert "no such user" in notice.last_error


@pytest.mark.django_db
def test_worker_killed_mid_send_is_recovered_once(scripted, mailoutbox, settings, django_capture_on_commit_callbacks):
    settings.CURSUS_NOTICE_STALE_SENDING_SECONDS = 600
    scripted.script = [SystemExit("worker killed")]  # not an Exception: nothing records the outcome
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
            notice_enqueue(key="k", kind="core.test_notice", email="a@example.fr", context=CTX)
        notice = Notice.objects.get(key="k")
        assert notice.status == NoticeStatus.SENDING and notice.attempts == 1
        # Another copy of the task arriving now leaves it to the (presumed live) worker.
        assert notice_deliver(notice_id=notice.pk) is None
        assert notices_redeliver(now=NOW + timedelta(seconds=60)) == 0
    with time_machine.travel(NOW + timedelta(seconds=601), tick=False):
        assert notices_redeliver_task.delay().get() == 1
        assert notices_redeliver(now=NOW + timedelta(seconds=700)) == 0  # sent: nothing left
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT and notice.attempts == 2
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_redeliver_picks_lost_ready_notices_in_batches(mailoutbox):
    with time_machine.travel(NOW, tick=False):
        for i in range(5):
            Notice.objects.create(key=f"k{i}", kind="core.test_notice", recipient_email=f"a{i}@example.fr",
                                  context=CTX)
        assert notices_redeliver(now=NOW + timedelta(seconds=30), batch_size=2) == 0  # grace minute
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        assert notices_redeliver(now=NOW + timedelta(minutes=2), batch_size=2) == 5
    assert Notice.objects.filter(status=NoticeStatus.SENT).count() == 5
    assert len(mailoutbox) == 5


@pytest.mark.django_db
def test_sent_and_failed_are_never_resent(mailoutbox):
    for status in (NoticeStatus.SENT, NoticeStatus.FAILED):
        n = Notice.objects.create(key=status, kind="core.test_notice", recipient_email="a@example.fr",
                                  context=CTX, status=status)
        assert notice_deliver(notice_id=n.pk) is None
    assert not mailoutbox


@pytest.mark.django_db
def test_ics_attachment_is_attached(mailoutbox, django_capture_on_commit_callbacks):
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        notice_enqueue(key="k", kind="core.test_notice", email="a@example.fr", context=CTX,
                       attachments=[{"filename": "convocation.ics", "content_type": "text/calendar",
                                     "content": ics}])
    assert mailoutbox[0].attachments == [("convocation.ics", ics, "text/calendar")]


@pytest.mark.django_db
def test_linked_document_pdf_is_attached(mailoutbox, django_capture_on_commit_callbacks):
    import hashlib

    from django.db import transaction

    from core.documents.attestations import role_attestation_issue
    from core.models import Document
    from tests.factories import RoleAssignmentFactory

    admin = RoleAssignmentFactory(role="administrator")
    teacher = RoleAssignmentFactory(role="teacher", institution=admin.institution)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        # Same transaction: the PDF is rendered on commit before the notice is sent.
        doc = role_attestation_issue(actor=admin.user, assignment=teacher)
        notice_enqueue(key="with-doc", kind="core.test_notice", recipient=teacher.user, context=CTX,
                       documents=[doc])
    doc = Document.objects.get(pk=doc.pk)
    (name, content, mime), = mailoutbox[0].attachments
    assert (name, mime) == (f"{doc.reference}.pdf", "application/pdf")
    assert hashlib.sha256(content).hexdigest() == doc.sha256


@pytest.mark.django_db
def test_document_never_issued_exhausts_the_budget(settings, mailoutbox, django_capture_on_commit_callbacks):
    from core.models import Document

    settings.CURSUS_NOTICE_MAX_ATTEMPTS = 2
    doc = Document.objects.create(kind="x", reference="DOC-PENDING", title="x", template="documents/base.html")
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_enqueue(key="k", kind="core.test_notice", email="a@example.fr", context=CTX,
                                documents=[doc])
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.FAILED and notice.attempts == 2
    assert "DOC-PENDING" in notice.last_error
    assert not mailoutbox


@pytest.mark.django_db
def test_redeliver_requeues_a_due_retry_whose_task_was_lost(mailoutbox):
    with time_machine.travel(NOW, tick=False):
        n = Notice.objects.create(key="k", kind="core.test_notice", recipient_email="a@example.fr", context=CTX,
                                  attempts=1, next_attempt_at=NOW + timedelta(minutes=2), last_error="451")
        assert notices_redeliver(now=NOW + timedelta(minutes=1)) == 0
    with time_machine.travel(NOW + timedelta(minutes=3), tick=False):
        assert notices_redeliver(now=NOW + timedelta(minutes=3)) == 1
    n.refresh_from_db()
    assert n.status == NoticeStatus.SENT and n.attempts == 2 and n.last_error == ""


@pytest.mark.django_db
def test_permanent_failure_is_listed_for_staff(scripted, client, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from core.models import Role
    from tests.factories import ComponentFactory, RoleAssignmentFactory

    component = ComponentFactory()
    staff = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=component.institution, component=component).user
    student = RoleAssignmentFactory(role=Role.STUDENT, institution=component.institution, component=component).user
    scripted.script = [smtplib.SMTPDataError(554, b"5.7.1 message refused")]
    with django_capture_on_commit_callbacks(execute=True):
        notice_enqueue(key="refused", kind="core.test_notice", recipient=student, context=CTX)
    client.force_login(staff)
    html = client.get(reverse("notice_admin_list")).content.decode()
    assert "5.7.1 message refused" in html and "Relancer" in html
