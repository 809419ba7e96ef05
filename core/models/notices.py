from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeStatus(models.TextChoices):
    READY = "ready", _("Prête")
    SENDING = "sending", _("En cours d'envoi")
    SENT = "sent", _("Envoyée")
    FAILED = "failed", _("Échec")


class Notice(models.Model):
    """A notice is a row before it is an e-mail (STYLE 7).

    ``key`` is unique: enqueuing the same notice twice returns the existing row, so a re-run
    never sends twice; a row left 'ready' or stuck in 'sending' by a dead worker is re-queued
    by the beat job, so a crash never loses one.
    """

    key = models.CharField(_("clé"), max_length=255, unique=True)
    kind = models.CharField(_("type"), max_length=80, db_index=True)
    rule_id = models.CharField(_("règle"), max_length=64, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    recipient_email = models.EmailField(_("destinataire"))
    language = models.CharField(_("langue"), max_length=5, default="fr")
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    context = models.JSONField(default=dict, blank=True)
    documents = models.ManyToManyField("core.Document", blank=True, related_name="notices")
    attachments = models.JSONField(
        default=list, blank=True, help_text="[{filename, content_type, content}] text attachments (ICS)."
    )
    status = models.CharField(
        _("état"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.READY, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["recipient", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_email} ({self.status})"
