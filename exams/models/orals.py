"""Oral passage schedules (STRAS-80, TOURS-II-3-terminal-subject): panels and each candidate's passage.

An ``OralSchedule`` belongs to one oral exam event; its timing (duration, preparation) is never shorter
than the M3C's (checked by ``exams.rules.orals.check_timing``). Each ``OralPassage`` is a candidate's
personal preparation start, passage start and end before one ``OralPanel``; ``version`` grows when the
passage changes after it was laid out, so a published change re-notifies only that candidate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class OralScheduleState(models.TextChoices):
    DRAFT = "draft", _("En préparation")
    PUBLISHED = "published", _("Publié")


class OralSchedule(models.Model):
    event = models.OneToOneField("exams.ExamEvent", on_delete=models.CASCADE, related_name="oral_schedule")
    duration_minutes = models.PositiveIntegerField(_("durée de passage (min)"))
    prep_minutes = models.PositiveIntegerField(_("temps de préparation (min)"), default=0)
    changeover_minutes = models.PositiveIntegerField(_("battement entre deux candidats (min)"), default=0)
    break_start = models.TimeField(_("pause : début"), null=True, blank=True)
    break_end = models.TimeField(_("pause : fin"), null=True, blank=True)
    prep_during_break = models.BooleanField(_("préparation possible pendant la pause"), default=False)
    state = models.CharField(_("état"), max_length=16, choices=OralScheduleState.choices,
                             default=OralScheduleState.DRAFT)
    laid_out_for = models.DateTimeField(_("début de l'épreuve lors du calcul"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planning d'oral")
        verbose_name_plural = _("plannings d'oraux")
        constraints = [
            models.CheckConstraint(name="oralschedule_duration_positive", condition=Q(duration_minutes__gt=0)),
            models.CheckConstraint(
                name="oralschedule_break_pair",
                condition=(Q(break_start__isnull=True, break_end__isnull=True)
                           | Q(break_start__isnull=False, break_end__isnull=False, break_end__gt=F("break_start"))),
            ),
        ]

    def __str__(self) -> str:
        return f"oral {self.event_id}"

    @property
    def published(self) -> bool:
        return self.state == OralScheduleState.PUBLISHED


class OralPanel(models.Model):
    """An examination panel (jury): a room and its examiners, hearing one candidate at a time."""

    schedule = models.ForeignKey(OralSchedule, on_delete=models.CASCADE, related_name="panels")
    code = models.CharField(_("jury"), max_length=40)
    room = models.ForeignKey("exams.Room", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    examiners = models.TextField(_("examinateurs"), blank=True, help_text=_("Un nom par ligne."))
    starts_at = models.DateTimeField(_("début des passages"), null=True, blank=True,
                                     help_text=_("Vide : début de l'épreuve."))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("jury d'oral")
        verbose_name_plural = _("jurys d'oral")
        ordering = ["schedule_id", "position", "id"]
        constraints = [models.UniqueConstraint(name="oralpanel_code_unique", fields=["schedule", "code"])]

    def __str__(self) -> str:
        return self.code

    @property
    def examiner_list(self) -> list[str]:
        return [line.strip() for line in self.examiners.splitlines() if line.strip()]


class OralPassage(models.Model):
    schedule = models.ForeignKey(OralSchedule, on_delete=models.CASCADE, related_name="passages")
    panel = models.ForeignKey(OralPanel, on_delete=models.PROTECT, related_name="passages")
    student = models.ForeignKey("enrollment.Student", on_delete=models.PROTECT, related_name="oral_passages")
    preparation_start = models.DateTimeField(_("début de la préparation"))
    start = models.DateTimeField(_("début du passage"))
    end = models.DateTimeField(_("fin du passage"))
    extra_percent = models.PositiveSmallIntegerField(_("temps supplémentaire (%)"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("passage d'oral")
        verbose_name_plural = _("passages d'oral")
        ordering = ["schedule_id", "start", "panel_id", "id"]
        constraints = [
            models.UniqueConstraint(name="oralpassage_unique", fields=["schedule", "student"]),
            models.CheckConstraint(name="oralpassage_order",
                                   condition=Q(start__gte=F("preparation_start"), end__gt=F("start"))),
        ]
        indexes = [models.Index(fields=["student", "schedule"])]

    def __str__(self) -> str:
        return f"{self.student_id} @ {self.panel_id} {self.start:%H:%M}"
