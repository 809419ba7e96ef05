"""Students' requests on a published mark: consulting their copy, contesting the mark."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConsultationState(models.TextChoices):
    REQUESTED = "requested", _("Demandée")
    SCHEDULED = "scheduled", _("Rendez-vous fixé")
    DONE = "done", _("Consultée")
    REFUSED = "refused", _("Refusée")


class CopyConsultationRequest(models.Model):
    """A student asks to see their marked copy (ARL-ES18.3-consultation, UTC-5.03a-consultation,
    TOURS-VI-4.6-consultation)."""

    evaluation = models.ForeignKey("juries.Evaluation", on_delete=models.CASCADE, related_name="consultations")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=16, choices=ConsultationState.choices, default=ConsultationState.REQUESTED)
    message = models.TextField(_("message"), blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("réponse"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("demande de consultation de copie")
        verbose_name_plural = _("demandes de consultation de copie")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(name="consultation_open_unique", fields=["evaluation", "student"],
                                    condition=Q(state="requested")),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} — {self.student_id}"


class ContestationState(models.TextChoices):
    SUBMITTED = "submitted", _("Déposée")
    UPHELD = "upheld", _("Acceptée (note modifiée)")
    REJECTED = "rejected", _("Rejetée")


class MarkContestation(models.Model):
    """A student contests a mark with reasons (UTC-5.03b-contest); staff answer, possibly
    changing the mark through the audited entry service."""

    mark = models.ForeignKey("juries.Mark", on_delete=models.CASCADE, related_name="contestations")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(_("motifs"))
    state = models.CharField(max_length=16, choices=ContestationState.choices, default=ContestationState.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("réponse"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    old_raw = models.CharField(max_length=12, blank=True)
    new_raw = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = _("contestation de note")
        verbose_name_plural = _("contestations de notes")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.mark} ({self.get_state_display()})"
