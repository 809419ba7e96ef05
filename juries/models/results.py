"""Materialised results: one immutable row per computed version of a student's semester result.

A row is never edited once written except for its flags (``is_current``, publication). A
recomputation whose inputs changed writes a new row (``version`` + 1) and clears ``is_current``
on the previous one, which stays as the history (docs/decisions/results.md, RES-001). Students
read the latest *published* row of each semester; staff lists read the current rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ResultState(models.TextChoices):
    DRAFT = "draft", _("Calculé, non publié")
    PUBLISHED = "published", _("Publié")


class SemesterResult(models.Model):
    """The engine's result for (student, semester) at one version: means, credits, proposal."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="semester_results")
    semester = models.ForeignKey("courses.Semester", on_delete=models.CASCADE, related_name="results")
    academic_year = models.PositiveSmallIntegerField(_("année universitaire (début)"))
    version = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("version courante"), default=True)
    computed_at = models.DateTimeField(_("calculé le"))
    inputs_hash = models.CharField(_("empreinte des données d'entrée"), max_length=32)
    session = models.PositiveSmallIntegerField(_("session"), default=1)
    payload = models.JSONField(_("résultat détaillé"))
    # Denormalised for lists (read from the payload at write time).
    mean = models.DecimalField(_("moyenne"), max_digits=6, decimal_places=3, null=True, blank=True)
    mean_label = models.CharField(_("moyenne (affichée)"), max_length=8, blank=True)
    ects_acquired = models.DecimalField(_("crédits acquis"), max_digits=6, decimal_places=2, default=0)
    proposed_code = models.CharField(_("décision proposée"), max_length=16)
    state = models.CharField(_("état"), max_length=16, choices=ResultState.choices, default=ResultState.DRAFT)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    published_final = models.BooleanField(
        _("publication définitive"), default=False,
        help_text=_("Faux : publié sous réserve de la délibération du jury."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("résultat semestriel")
        verbose_name_plural = _("résultats semestriels")
        ordering = ["semester_id", "student_id", "-version"]
        indexes = [
            models.Index(name="semresult_current_idx", fields=["semester", "is_current"]),
            models.Index(name="semresult_student_idx", fields=["student", "state"]),
        ]
        constraints = [
            models.UniqueConstraint(name="semresult_version_unique", fields=["student", "semester", "version"]),
            models.UniqueConstraint(name="semresult_one_current", fields=["student", "semester"],
                                    condition=Q(is_current=True)),
            models.CheckConstraint(name="semresult_published_has_date",
                                   condition=Q(state="draft") | Q(published_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.student_id}/{self.semester_id} v{self.version} {self.proposed_code}"

    @property
    def is_published(self) -> bool:
        return self.state == ResultState.PUBLISHED
