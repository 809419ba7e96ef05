"""Evaluations and their marks, every change logged, entries grouped in undoable batches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from juries.rules.values import Special


class Evaluation(models.Model):
    """One sitting of an assessment component (an exam, or one of the CC evaluations) whose marks
    are entered. ``scale`` is copied from the component's ``marking_scale`` at creation."""

    component = models.ForeignKey(
        "courses.AssessmentComponent", on_delete=models.PROTECT, related_name="evaluations"
    )
    session = models.CharField(_("session"), max_length=1, choices=[("1", _("Session 1")), ("2", _("Session 2"))],
                               default="1")
    number = models.PositiveSmallIntegerField(_("numéro"), default=1)
    label = models.CharField(_("intitulé"), max_length=200)
    date = models.DateField(_("date de l'évaluation"))
    scale = models.PositiveSmallIntegerField(_("barème"), default=20)
    graders = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="graded_evaluations",
                                     verbose_name=_("correcteur·rice·s désigné·e·s"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(name="evaluation_unique", fields=["component", "session", "number"]),
            models.CheckConstraint(name="evaluation_scale_positive", condition=Q(scale__gt=0)),
        ]

    def __str__(self) -> str:
        return self.label


class MarkField(models.TextChoices):
    """Which value of a mark a change touches (double marking keeps both and the agreed one)."""

    FINAL = "final", _("Note retenue")
    FIRST = "first", _("Première correction")
    SECOND = "second", _("Seconde correction")


SPECIAL_CHOICES = [(s.value, s.value) for s in Special]


class Mark(models.Model):
    """A student's mark at an evaluation: a number on the evaluation's scale or a special code.

    ``value``/``special`` hold the retained (agreed) mark; with double marking ``first_*`` and
    ``second_*`` keep both correctors' marks. ``version`` grows on each change (optimistic
    concurrency for the autosaving grid).
    """

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="marks")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="marks")
    value = models.DecimalField(_("note"), max_digits=6, decimal_places=2, null=True, blank=True)
    special = models.CharField(_("code"), max_length=3, choices=SPECIAL_CHOICES, blank=True)
    first_value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    first_special = models.CharField(max_length=3, choices=SPECIAL_CHOICES, blank=True)
    second_value = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    second_special = models.CharField(max_length=3, choices=SPECIAL_CHOICES, blank=True)
    agreed = models.BooleanField(_("note retenue arrêtée"), default=False)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["evaluation_id", "student_id"]
        constraints = [
            models.UniqueConstraint(name="mark_unique", fields=["evaluation", "student"]),
            models.CheckConstraint(name="mark_value_or_special",
                                   condition=Q(value__isnull=True) | Q(special="")),
            models.CheckConstraint(name="mark_value_non_negative",
                                   condition=Q(value__isnull=True) | Q(value__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id}/{self.student_id}: {self.raw('final') or '—'}"

    def raw(self, field: str = MarkField.FINAL) -> str:
        """The canonical text of one of the mark's values ("12.50", "ABJ" or "")."""
        prefix = "" if field == MarkField.FINAL else f"{field}_"
        value, special = getattr(self, f"{prefix}value"), getattr(self, f"{prefix}special")
        if special:
            return str(special)
        return "" if value is None else f"{value:.2f}"


class BatchSource(models.TextChoices):
    GRID = "grid", _("Grille de saisie")
    IMPORT = "import", _("Import de fichier")
    API = "api", _("API")
    UNDO = "undo", _("Annulation d'un lot")
    CONTESTATION = "contestation", _("Réponse à une contestation")
    EXAM = "exam", _("Service des examens")


class EntryBatch(models.Model):
    """One act of entry (a grid submission, an import, an API call…): undoable as a whole."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="batches")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=16, choices=BatchSource.choices)
    filename = models.CharField(max_length=255, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        verbose_name = _("lot de saisie")
        verbose_name_plural = _("lots de saisie")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.pk}"


class MarkChange(models.Model):
    """The log of every change of a mark: old and new value, actor, time, reason, batch."""

    mark = models.ForeignKey(Mark, on_delete=models.CASCADE, related_name="changes")
    batch = models.ForeignKey(EntryBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="changes")
    field = models.CharField(max_length=8, choices=MarkField.choices, default=MarkField.FINAL)
    old_raw = models.CharField(max_length=12, blank=True)
    new_raw = models.CharField(max_length=12, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("modification de note")
        verbose_name_plural = _("modifications de notes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.old_raw or '∅'} → {self.new_raw or '∅'}"


class Publication(models.Model):
    """Publication of an evaluation's marks to students (provisional: "sous réserve de la
    délibération du jury", ARL-ES18.1-provisional-results, STRAS-87)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="publications")
    provisional = models.BooleanField(default=True)
    published_at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("publication des notes")
        verbose_name_plural = _("publications des notes")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.evaluation} ({self.published_at:%Y-%m-%d})"
