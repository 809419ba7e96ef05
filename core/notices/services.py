"""Writes on notices: enqueue (idempotent on key, validated before anything is written), retry.

Context values must be JSON-serialisable (str, int, float, bool, None, lists and dicts of
them): the row keeps them so the e-mail can be rendered again after a crash. Format dates before
passing them (e.g. ``"12/06/2027"`` or an ISO string): a ``date`` object is refused with an error
naming the key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, PermissionDenied
from core.models import Document, Notice, User
from core.models.notices import NoticeStatus
from core.notices.kinds import TEST_NOTICE
from core.notices.rendering import DEFAULT_LANGUAGE, render_notice
from core.notices_registry import NoticeKind, get_kind

SUPPORTED_LANGUAGES = ("fr", "en")
KEY_MAX_LENGTH = 255  # Notice.key


def _queue_send(notice_id: int) -> None:
    from core.tasks import notice_send

    transaction.on_commit(lambda: notice_send.delay(notice_id))


def _check_context(kind: NoticeKind, context: Mapping[str, Any]) -> dict[str, Any]:
    missing = [key for key in kind.required if key not in context]
    if missing:
        raise ApplicationError(
            "notices.missing_context",
            _("Notification « %(kind)s » : variables manquantes : %(keys)s.")
            % {"kind": kind.code, "keys": ", ".join(missing)},
            fields={key: _("Variable requise par la notification %(kind)s.") % {"kind": kind.code}
                    for key in missing},
            rule_id=kind.rule_id,
        )
    bad: dict[str, str] = {}
    for key, value in context.items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            bad[str(key)] = _("Valeur non sérialisable en JSON (%(type)s) : passer une chaîne (date formatée…).") % {
                "type": type(value).__name__}
    if bad:
        raise ApplicationError(
            "notices.context_not_serialisable",
            _("Notification « %(kind)s » : contexte non sérialisable : %(keys)s.")
            % {"kind": kind.code, "keys": ", ".join(bad)}, fields=bad, rule_id=kind.rule_id,
        )
    return dict(context)


def _check_attachments(attachments: Iterable[Mapping[str, Any]], kind: NoticeKind) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for i, item in enumerate(attachments):
        if not all(isinstance(item.get(k), str) and item.get(k) for k in ("filename", "content_type", "content")):
            raise ApplicationError(
                "notices.invalid_attachment",
                _("Pièce jointe n° %(n)s invalide : filename, content_type et content (texte) sont requis.")
                % {"n": i + 1}, fields={"attachments": _("Pièce jointe n° %(n)s incomplète.") % {"n": i + 1}},
                rule_id=kind.rule_id,
            )
        out.append({"filename": item["filename"], "content_type": item["content_type"], "content": item["content"]})
    return out


def notice_enqueue(
    *,
    key: str,
    kind: str,
    recipient: User | None = None,
    email: str = "",
    context: Mapping[str, Any],
    rule_id: str = "",
    subject: models.Model | None = None,
    documents: Iterable[Document] = (),
    attachments: Iterable[Mapping[str, Any]] = (),
    language: str | None = None,
) -> Notice:
    """Record a notice and queue its sending on commit; the same ``key`` never makes a second row.

    Checks, before anything is written: the kind is registered, every required context key is
    present, the context is JSON-serialisable, there is an address, and the templates render
    (a dry run, strict on missing variables). The language is ``language``, else the
    recipient's ``preferred_language``, else French (and French when the language has no
    template). ``rule_id`` defaults to the kind's. Returns the existing row for a known key,
    without sending anything again.
    """
    notice_kind = get_kind(kind)
    if notice_kind is None:
        raise ApplicationError(
            "notices.unknown_kind", _("Type de notification inconnu : « %(kind)s ».") % {"kind": kind},
            fields={"kind": _("Déclarer le type dans <app>/notices.py (register_kind).")}, rule_id=rule_id,
        )
    if not key or len(key) > KEY_MAX_LENGTH:
        raise ApplicationError("notices.invalid_key", _("Clé de notification vide ou trop longue."),
                               fields={"key": _("1 à 255 caractères.")}, rule_id=rule_id or notice_kind.rule_id)
    data = _check_context(notice_kind, context)
    address = (email or (recipient.email if recipient is not None else "")).strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ApplicationError(
            "notices.no_recipient", _("Notification « %(kind)s » sans adresse e-mail valide.") % {"kind": kind},
            fields={"email": _("Adresse e-mail manquante ou invalide.")}, rule_id=rule_id or notice_kind.rule_id,
        ) from None
    wanted = language or (getattr(recipient, "preferred_language", "") if recipient is not None else "")
    wanted = wanted if wanted in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE
    files = _check_attachments(attachments, notice_kind)
    rendered = render_notice(notice_kind, data, wanted)  # dry run: template errors refuse the notice
    docs = list(documents)
    with transaction.atomic():
        notice, created = Notice.objects.get_or_create(
            key=key,
            defaults={
                "kind": kind,
                "rule_id": rule_id or notice_kind.rule_id,
                "recipient": recipient,
                "recipient_email": address,
                "language": rendered.language,
                "subject_type": ContentType.objects.get_for_model(subject) if subject is not None else None,
                "subject_id": subject.pk if subject is not None else None,
                "context": data,
                "attachments": files,
            },
        )
        if created:
            if docs:
                notice.documents.set(docs)
            _queue_send(notice.pk)
    return notice


def notice_retry(*, actor: User, notice: Notice) -> Notice:
    """Staff send a failed notice again: a fresh retry budget, audited with the previous error."""
    from core.notices.permissions import can_manage_notice

    if not can_manage_notice(actor, notice):
        raise PermissionDenied(_("Vous ne pouvez pas relancer cette notification."), code="notices.cannot_retry")
    with transaction.atomic():
        locked = Notice.objects.select_for_update(of=("self",)).get(pk=notice.pk)
        if locked.status != NoticeStatus.FAILED:
            raise ApplicationError(
                "notices.not_failed", _("Seule une notification en échec peut être relancée."),
                fields={"status": _("État actuel : %(s)s.") % {"s": locked.get_status_display()}},
                rule_id=locked.rule_id,
            )
        before = {"status": locked.status, "attempts": locked.attempts, "last_error": locked.last_error}
        locked.status = NoticeStatus.READY
        locked.attempts = 0
        locked.next_attempt_at = None
        locked.sending_started_at = None
        locked.save(update_fields=["status", "attempts", "next_attempt_at", "sending_started_at"])
        audit_record(actor=actor, action="notice.retried", obj=locked, before=before,
                     after={"status": locked.status, "attempts": 0}, rule_id=locked.rule_id)
        _queue_send(locked.pk)
    return locked


def notice_send_test(*, actor: User) -> Notice:
    """A test e-mail to the staff member themself (checks the SMTP configuration end to end)."""
    import uuid

    return notice_enqueue(
        key=f"test:{actor.pk}:{uuid.uuid4().hex}", kind=TEST_NOTICE, recipient=actor,
        context={"recipient_name": actor.get_full_name() or actor.email, "site_url": settings.CURSUS_SITE_URL},
    )
