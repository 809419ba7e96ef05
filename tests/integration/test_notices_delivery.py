"""End to end: notices go through a Celery worker on real Redis to a real SMTP server on loopback."""

from __future__ import annotations

import time

import pytest
from django.core.mail import get_connection

from core.models import Notice
from core.models.notices import NoticeStatus
from core.notices.delivery import message_id_for, notice_deliver
from core.notices.services import notice_enqueue
from core.tasks import notice_send, notices_redeliver
from tests.factories import UserFactory

from .conftest import needs_redis, wait_until

pytestmark = [pytest.mark.integration, needs_redis, pytest.mark.django_db(transaction=True)]

CTX = {"recipient_name": "Camille", "site_url": "http://127.0.0.1:8000"}


def status_of(key: str) -> str:
    return Notice.objects.get(key=key).status


def test_same_notice_enqueued_twice_reaches_smtp_once(smtp_server, redis_worker):
    user = UserFactory(email="camille@example.fr")
    first = notice_enqueue(key="twice", kind="core.test_notice", recipient=user, context=CTX)
    second = notice_enqueue(key="twice", kind="core.test_notice", recipient=user, context=CTX)
    notice_send.delay(first.pk)  # a duplicate task too: the claim lets only one through
    assert first.pk == second.pk
    messages = smtp_server.wait_for(1)
    assert wait_until(lambda: status_of("twice") == NoticeStatus.SENT)
    time.sleep(1.0)  # leave time for any duplicate to arrive
    assert len(smtp_server.messages) == 1
    message = messages[0]
    assert message["To"] == "camille@example.fr"
    assert message["Subject"] == "Cursus : e-mail de test"
    assert message["Message-ID"] == message_id_for("twice")
    assert Notice.objects.get(key="twice").attempts == 1


def test_worker_killed_mid_send_is_delivered_later_once(smtp_server, redis_worker, settings):
    settings.CURSUS_NOTICE_STALE_SENDING_SECONDS = 1

    class DyingConnection:
        """The worker process dies while talking to SMTP (nothing after this line runs)."""

        def send_messages(self, messages):
            raise SystemExit("worker killed")

    notice = Notice.objects.create(key="killed", kind="core.test_notice", recipient_email="a@example.fr",
                                   context=CTX)
    with pytest.raises(SystemExit):
        notice_deliver(notice_id=notice.pk, connection=DyingConnection())
    assert status_of("killed") == NoticeStatus.SENDING
    notice_send.delay(notice.pk)  # a redelivered task right away: the worker leaves a fresh 'sending' alone
    time.sleep(0.5)
    assert status_of("killed") == NoticeStatus.SENDING and not smtp_server.messages
    time.sleep(1.0)  # now stale
    notices_redeliver.delay()  # the beat job
    assert len(smtp_server.wait_for(1)) == 1
    assert wait_until(lambda: status_of("killed") == NoticeStatus.SENT)
    notices_redeliver.delay()
    time.sleep(1.0)
    assert len(smtp_server.messages) == 1
    assert Notice.objects.get(key="killed").attempts == 2


def test_transient_smtp_reply_is_retried_then_delivered(smtp_server, redis_worker):
    smtp_server.replies = ["451 4.3.0 Try again later"]
    notice_enqueue(key="retry", kind="core.test_notice", email="b@example.fr", context=CTX)
    assert len(smtp_server.wait_for(1)) == 1
    assert wait_until(lambda: status_of("retry") == NoticeStatus.SENT)
    assert Notice.objects.get(key="retry").attempts == 2


def test_permanent_smtp_reply_fails_visibly(smtp_server, redis_worker):
    smtp_server.replies = ["550 5.1.1 No such user"]
    notice_enqueue(key="perm", kind="core.test_notice", email="c@example.fr", context=CTX)
    assert wait_until(lambda: status_of("perm") == NoticeStatus.FAILED)
    notice = Notice.objects.get(key="perm")
    assert "550" in notice.last_error and notice.attempts == 1
    assert not smtp_server.messages


def test_direct_smtp_backend_delivers(smtp_server):
    """The SMTP fixture alone (no worker): Django's SMTP backend reaches aiosmtpd."""
    notice = Notice.objects.create(key="direct", kind="core.test_notice", recipient_email="d@example.fr",
                                   context=CTX)
    assert notice_deliver(notice_id=notice.pk, connection=get_connection()) == NoticeStatus.SENT
    assert len(smtp_server.wait_for(1)) == 1
