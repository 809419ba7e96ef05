"""Exam events generated from the M3C, their rooms, each candidate's seat and convocation,
and the invigilators of each room."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EventNature(models.TextChoices):
    WRITTEN = "written", _("Écrit")
    ORAL = "oral", _("Oral")
    PRACTICAL = "practical", _("Pratique")
    CONSOLE = "console", _("Sur machine")


class ExamEvent(models.Model):
    """One exam of a session: an M3C assessment component at a date, start and duration.

    Allowed documents and materials are copied from the M3C when generated (UTC-2.02-convocation-content,
    STRAS-28). ``change_count`` grows with every change published to students: each change makes a
    new convocation notice key, so students concerned are notified again.
    """

    session = models.ForeignKey("exams.ExamSession", on_delete=models.CASCADE, related_name="events")
    assessment = models.ForeignKey("courses.AssessmentComponent", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="exam_events")
    module = models.ForeignKey("courses.Module", on_delete=models.PROTECT, related_name="exam_events")
    title = models.CharField(_("intitulé"), max_length=200)
    start = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveIntegerField(_("durée (min)"))
    nature = models.CharField(_("nature"), max_length=16, choices=EventNature.choices, default=EventNature.WRITTEN)
    prep_minutes = models.PositiveIntegerField(_("préparation (min, oraux)"), default=0)
    allowed_documents = models.TextField(_("documents autorisés"), blank=True)
    allowed_materials = models.TextField(_("matériel autorisé"), blank=True)
    session_number = models.PositiveSmallIntegerField(_("session"), default=1, choices=[(1, "1"), (2, "2")])
    anonymous = models.BooleanField(_("anonymat requis par les M3C"), default=False)
    change_count = models.PositiveIntegerField(_("modifications publiées"), default=0)
    seats_allocated_at = models.DateTimeField(_("places attribuées le"), null=True, blank=True)

    class Meta:
        verbose_name = _("épreuve planifiée")
        verbose_name_plural = _("épreuves planifiées")
        ordering = ["session_id", "start", "id"]
        constraints = [
            models.UniqueConstraint(name="examevent_assessment_unique", fields=["session", "assessment"],
                                    condition=Q(assessment__isnull=False)),
            models.CheckConstraint(name="examevent_duration_positive", condition=Q(duration_minutes__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start:%d/%m/%Y %H:%M})"

    def end_delta(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class EventRoom(models.Model):
    event = models.ForeignKey(ExamEvent, on_delete=models.CASCADE, related_name="event_rooms")
    room = models.ForeignKey("exams.Room", on_delete=models.PROTECT, related_name="event_rooms")
    planned_headcount = models.PositiveIntegerField(_("effectif prévu"), default=0)

    class Meta:
        verbose_name = _("salle d'une épreuve")
        verbose_name_plural = _("salles des épreuves")
        ordering = ["event_id", "room__code"]
        constraints = [models.UniqueConstraint(name="eventroom_unique", fields=["event", "room"])]

    def __str__(self) -> str:
        return f"{self.event} — {self.room.code}"


class Convocation(models.Model):
    """A candidate's seat and convocation at one exam (personal end time includes extra time,
    UTC-2.05-accommodations). ``individual_required`` when the regulation demands an individual
    convocation (UTC finals, TOURS-VI-1-individual, STRAS-29); everyone gets an e-mail anyway."""

    event = models.ForeignKey(ExamEvent, on_delete=models.CASCADE, related_name="convocations")
    student = models.ForeignKey("enrollment.Student", on_delete=models.PROTECT, related_name="exam_convocations")
    room = models.ForeignKey("exams.Room", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    seat_number = models.PositiveIntegerField(_("place"), null=True, blank=True)
    anonymity_number = models.PositiveIntegerField(_("numéro d'anonymat"), null=True, blank=True)
    end = models.DateTimeField(_("fin personnelle"))
    extra_minutes = models.PositiveIntegerField(_("temps supplémentaire (min)"), default=0)
    accommodations = models.JSONField(_("aménagements appliqués"), default=list, blank=True)
    individual_required = models.BooleanField(_("convocation individuelle obligatoire"), default=False)
    notified_version = models.PositiveIntegerField(_("version notifiée"), null=True, blank=True)

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        ordering = ["event_id", "room_id", "seat_number", "id"]
        constraints = [
            models.UniqueConstraint(name="convocation_unique", fields=["event", "student"]),
            models.UniqueConstraint(name="convocation_anonymity_unique", fields=["event", "anonymity_number"],
                                    condition=Q(anonymity_number__isnull=False)),
        ]
        indexes = [models.Index(fields=["student", "event"])]

    def __str__(self) -> str:
        return f"{self.event} — {self.student_id}"


class InvigilatorAssignment(models.Model):
    """An invigilator of a room at an exam; a replacement keeps the original row with its reason."""

    event_room = models.ForeignKey(EventRoom, on_delete=models.CASCADE, related_name="invigilators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invigilations")
    is_head = models.BooleanField(_("responsable de salle"), default=False)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces")
    replacement_reason = models.CharField(_("motif du remplacement"), max_length=300, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("surveillant")
        verbose_name_plural = _("surveillants")
        ordering = ["event_room_id", "-is_head", "id"]
        constraints = [models.UniqueConstraint(name="invigilator_unique", fields=["event_room", "user"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event_room}"

    @property
    def active(self) -> bool:
        return self.replaced_by_id is None


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A student's secret ICS feed token (subscribe in a calendar app; rotates on request)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_feed")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    rotated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("flux de calendrier d'examens")
        verbose_name_plural = _("flux de calendrier d'examens")

    def __str__(self) -> str:
        return f"feed {self.user_id}"
