from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineState(models.TextChoices):
    PENDING = "pending", _("À venir")
    MET = "met", _("Respectée")
    LATE = "late", _("En retard")
    WAIVED = "waived", _("Levée")


#: States in which the deadline still asks something of someone.
OPEN_DEADLINE_STATES = frozenset({DeadlineState.PENDING, DeadlineState.LATE})


class Deadline(models.Model):
    """What is due, by whom, for which object, from which rule, by when — and what became of it.

    Created and closed only by core.deadlines services; the daily sweep sends reminders and
    marks late ones. A deadline met after its due time stays visible as met late (``met_at``).
    """

    key = models.CharField(_("clé"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=80, db_index=True)
    rule_id = models.CharField(_("règle"), max_length=64)
    title = models.CharField(_("intitulé"), max_length=300)
    institution = models.ForeignKey("core.Institution", on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(
        "core.Component", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="deadlines"
    )
    assignee_role = models.CharField(_("rôle responsable"), max_length=32, blank=True)
    due_at = models.DateTimeField(_("échéance"), db_index=True)
    reminder_days = models.JSONField(
        _("rappels (jours avant)"), default=list, blank=True,
        help_text=_("Délais de rappel, en jours calendaires avant l'échéance, tirés du profil."),
    )
    state = models.CharField(
        _("état"), max_length=16, choices=DeadlineState.choices, default=DeadlineState.PENDING, db_index=True
    )
    met_at = models.DateTimeField(_("respectée le"), null=True, blank=True)
    waived_reason = models.TextField(_("motif de levée"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("échéance")
        verbose_name_plural = _("échéances")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_at:%d/%m/%Y})"

    @property
    def met_late(self) -> bool:
        return self.met_at is not None and self.met_at > self.due_at
