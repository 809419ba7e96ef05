"""Sending a notice, at least once and (by its key) normally exactly once (docs/decisions/notices.md).

``notice_deliver`` is what the ``core.tasks.notice_send`` task runs:

1. **Claim** (short transaction, row locked, then a compare-and-set UPDATE that also holds on
   SQLite): a sent or failed notice is left alone; a ``sending`` one is left to its worker unless
   it is stale (older than ``CURSUS_NOTICE_STALE_SENDING_SECONDS``: that worker died); a ``ready``
   one waiting for a later retry is left for later. The claim sets ``sending``, ``attempts + 1``
   and ``sending_started_at`` and commits *before* talking to SMTP.
2. **Send** outside any transaction, with a ``Message-ID`` derived from the key.
3. **Record**: ``sent``; or, for a transient error (SMTP 4xx, disconnections, timeouts, network
   errors), back to ``ready`` with ``next_attempt_at = now + base × 2^(attempts−1)`` and a
   re-queue, until ``CURSUS_NOTICE_MAX_ATTEMPTS``; anything else is ``failed`` with the error.

A worker killed between 1 and 3 leaves ``sending``: ``notices_redeliver`` re-queues it once stale.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from core.errors import ApplicationError
from core.models import Notice
from core.models.documents import DocumentStatus
from core.models.notices import NoticeStatus
from core.notices.rendering import render_notice
from core.notices_registry import get_kind

logger = logging.getLogger(__name__)

REDELIVER_BATCH = 200
#: A 'ready' notice with no retry time that is older than this lost its queued task (broker down).
READY_GRACE = timedelta(minutes=1)


class TransientError(Exception):
    """Worth retrying later (the mail server or the network, not the notice)."""


class DocumentNotReady(TransientError):
    pass


def message_id_for(key: str) -> str:
    """A Message-ID derived from the notice key: a duplicate after a crash is recognisable."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or urlsplit(
        settings.CURSUS_SITE_URL).hostname or "cursus.localhost"
    return f"<notice.{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def is_transient(exc: BaseException) -> bool:
    """SMTP 4xx replies, dropped or refused connections, timeouts and network errors."""
    if isinstance(exc, TransientError):
        return True
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPException):
        return False  # e.g. SMTPNotSupportedError, authentication: configuration, not luck
    return isinstance(exc, OSError)  # ConnectionError, TimeoutError, socket errors


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=settings.CURSUS_NOTICE_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


@dataclass(frozen=True)
class Claim:
    notice_id: int
    attempt: int


def _claim(notice_id: int, now: datetime) -> Claim | None:
    stale_before = now - timedelta(seconds=settings.CURSUS_NOTICE_STALE_SENDING_SECONDS)
    with transaction.atomic():
        notice = Notice.objects.select_for_update(of=("self",)).filter(pk=notice_id).first()
        if notice is None or notice.status in (NoticeStatus.SENT, NoticeStatus.FAILED):
            return None
        if notice.status == NoticeStatus.SENDING and (
            notice.sending_started_at is not None and notice.sending_started_at > stale_before
        ):
            return None  # another worker has it
        if notice.status == NoticeStatus.READY and notice.next_attempt_at and notice.next_attempt_at > now:
            return None  # a retry is scheduled for later
        claimed = Notice.objects.filter(pk=notice_id, status=notice.status, attempts=notice.attempts).update(
            status=NoticeStatus.SENDING, attempts=F("attempts") + 1, sending_started_at=now, next_attempt_at=None,
        )
        return Claim(notice_id, notice.attempts + 1) if claimed else None


def build_message(notice: Notice) -> EmailMultiAlternatives:
    from core.documents.services import document_read_bytes

    kind = get_kind(notice.kind)
    if kind is None:
        raise ApplicationError("notices.unknown_kind", f"Type de notification inconnu : {notice.kind}")
    rendered = render_notice(kind, notice.context, notice.language)
    message = EmailMultiAlternatives(
        subject=rendered.subject, body=rendered.body, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.recipient_email],
        headers={"Message-ID": message_id_for(notice.key), "Auto-Submitted": "auto-generated",
                 "X-Cursus-Notice": notice.kind, **({"X-Cursus-Rule": notice.rule_id} if notice.rule_id else {})},
    )
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    for document in notice.documents.order_by("pk"):
        if document.status == DocumentStatus.PENDING:
            raise DocumentNotReady(f"document {document.reference} pas encore émis")
        if document.status != DocumentStatus.ISSUED:
            raise ApplicationError("notices.document_failed", f"document {document.reference} en échec")
        message.attach(f"{document.reference}.pdf", document_read_bytes(document), "application/pdf")
    for item in notice.attachments:
        message.attach(item["filename"], item["content"], item["content_type"])
    if kind.late_attachments and settings.CURSUS_NOTICE_LATE_ATTACHMENTS:
        for filename, content, content_type in import_string(kind.late_attachments)(notice):
            message.attach(filename, content, content_type)
    return message


def _record_failure(claim: Claim, exc: Exception, now: datetime) -> tuple[str, float | None]:
    """Back to ready with a later retry, or failed; returns (status, countdown seconds)."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    budget_left = claim.attempt < settings.CURSUS_NOTICE_MAX_ATTEMPTS
    if is_transient(exc) and budget_left:
        delay = retry_delay(claim.attempt)
        updated = Notice.objects.filter(pk=claim.notice_id, status=NoticeStatus.SENDING,
                                        attempts=claim.attempt).update(
            status=NoticeStatus.READY, next_attempt_at=now + delay, last_error=error, sending_started_at=None)
        return (NoticeStatus.READY, delay.total_seconds()) if updated else (NoticeStatus.SENDING, None)
    if is_transient(exc):
        error = f"{error} (abandon après {claim.attempt} tentatives)"
    Notice.objects.filter(pk=claim.notice_id, status=NoticeStatus.SENDING, attempts=claim.attempt).update(
        status=NoticeStatus.FAILED, last_error=error, next_attempt_at=None)
    logger.warning("Notice %s failed: %s", claim.notice_id, error)
    return NoticeStatus.FAILED, None


def notice_deliver(*, notice_id: int, now: datetime | None = None, connection=None) -> str | None:
    """Claim, send and record one notice; returns its new status (None if not claimed)."""
    now = now or timezone.now()
    claim = _claim(notice_id, now)
    if claim is None:
        return None
    try:
        notice = Notice.objects.get(pk=notice_id)
        message = build_message(notice)
        message.connection = connection or get_connection(fail_silently=False)
        message.send(fail_silently=False)
    except Exception as exc:
        if not is_transient(exc):
            logger.exception("Notice %s could not be sent", notice_id)
        status, countdown = _record_failure(claim, exc, timezone.now())
        if status == NoticeStatus.READY:
            from core.tasks import notice_send

            notice_send.apply_async((notice_id,), countdown=countdown)
        return status
    Notice.objects.filter(pk=notice_id).update(status=NoticeStatus.SENT, sent_at=timezone.now(), last_error="",
                                               next_attempt_at=None)
    return NoticeStatus.SENT


def notices_redeliver(*, now: datetime, batch_size: int = REDELIVER_BATCH) -> int:
    """Re-queue notices whose retry time has come, whose task was lost, or whose worker died.

    Walks the candidates in primary-key batches; queuing twice is harmless (the claim decides).
    """
    from core.tasks import notice_send

    stale_before = now - timedelta(seconds=settings.CURSUS_NOTICE_STALE_SENDING_SECONDS)
    due = (
        Q(status=NoticeStatus.READY, next_attempt_at__lte=now)
        | Q(status=NoticeStatus.READY, next_attempt_at__isnull=True, created_at__lte=now - READY_GRACE)
        | Q(status=NoticeStatus.SENDING, sending_started_at__lte=stale_before)
        | Q(status=NoticeStatus.SENDING, sending_started_at__isnull=True)
    )
    queued, last_id = 0, 0
    while True:
        ids = list(Notice.objects.filter(due, pk__gt=last_id).order_by("pk").values_list("pk", flat=True)[:batch_size])
        for notice_id in ids:
            notice_send.delay(notice_id)
        queued += len(ids)
        if len(ids) < batch_size:
            return queued
        last_id = ids[-1]
