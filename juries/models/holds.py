"""Holds on a student's mark at an evaluation: the mark exists (or will) but must not count yet.

* ``reserve`` — UTC réserve (UTC-3.01e-reserve-decision): the jury's decision on the module is
  « réservée » until the réserve is lifted (make-up grade) or expires (zero).
* ``unverified`` — STRAS-35: a candidate who was not on the list sat the exam; the mark is
  « suspendue » until the exam office verifies the right to sit (confirmed: it counts; refused:
  it is excluded).

While a hold is active the results engine sees the mark as pending (ATT) and students see the
label, never the value. A released hold keeps its row (outcome, who, when) as the record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class HoldKind(models.TextChoices):
    RESERVE = "reserve", _("Réservée")
    UNVERIFIED = "unverified", _("Suspendue — vérification de l'autorisation à composer")


class HoldOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Autorisation vérifiée : la note compte")
    REFUSED = "refused", _("Non autorisé·e : la note est exclue")
    LIFTED = "lifted", _("Réserve levée : note de rattrapage")
    EXPIRED = "expired", _("Réserve expirée : zéro")


class MarkHold(models.Model):
    """A hold on (evaluation, student); ``key`` makes placing idempotent for the caller's object."""

    evaluation = models.ForeignKey("juries.Evaluation", on_delete=models.CASCADE, related_name="holds")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mark_holds")
    kind = models.CharField(_("type"), max_length=16, choices=HoldKind.choices)
    key = models.CharField(_("clé"), max_length=200, unique=True)
    rule_id = models.CharField(_("règle"), max_length=80)
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    placed_at = models.DateTimeField(_("posée le"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    released_at = models.DateTimeField(_("levée le"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    outcome = models.CharField(_("issue"), max_length=16, choices=HoldOutcome.choices, blank=True)
    release_reason = models.CharField(_("motif de la levée"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("suspension de note")
        verbose_name_plural = _("suspensions de notes")
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["evaluation", "student"], name="markhold_eval_student")]
        constraints = [
            models.CheckConstraint(
                name="markhold_released_has_outcome",
                condition=(Q(released_at__isnull=True) & Q(outcome=""))
                | (Q(released_at__isnull=False) & ~Q(outcome="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.evaluation_id}/{self.student_id}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None

    @property
    def excludes_mark(self) -> bool:
        """A refused right to sit (STRAS-35): the mark is left out as if the exam was not sat."""
        return self.outcome == HoldOutcome.REFUSED

    @property
    def label(self) -> str:
        """What a student sees instead of the mark (UTC-3.01e-reserve-hold « réservée »; STRAS-35
        « suspendue »; a refused right to sit: the mark is not taken into account)."""
        if self.outcome == HoldOutcome.REFUSED:
            return gettext("Non prise en compte — autorisation à composer non établie")
        if self.kind == HoldKind.RESERVE:
            return gettext("Réservée")
        return gettext("Suspendue — vérification de l'autorisation à composer")

    @property
    def hides_mark(self) -> bool:
        """The student sees the label, not the value: while active, and when excluded."""
        return self.is_active or self.excludes_mark
