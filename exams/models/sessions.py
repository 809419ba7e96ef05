"""Exam sessions (médians, finals, second session, other) and the rooms they use."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def new_seed() -> str:
    return secrets.token_hex(8)


class SessionKind(models.TextChoices):
    MEDIAN = "median", _("Médians")
    FINAL = "final", _("Examens finaux")
    SECOND_SESSION = "second_session", _("Seconde session")
    OTHER = "other", _("Autres épreuves")


class SessionState(models.TextChoices):
    """draft: being built by the exam office; published: timetable and convocations sent."""

    DRAFT = "draft", _("En préparation")
    PUBLISHED = "published", _("Publiée")


#: States in which events, rooms, seats and invigilators may still be changed without re-notifying.
EDITABLE_STATES = frozenset({SessionState.DRAFT})


class ExamSession(models.Model):
    """A set of exams of one component, year and semester (or study year), published together.

    ``timetable_check`` / ``convocation_check`` keep the lead-time verdicts computed at publication
    (UTC-2.01-final-schedule, UTC-2.02-convocation-final, TOURS-VI-1-convocation, STRAS-27): a late
    publication is flagged with its rule id, never hidden nor blocked.
    """

    component = models.ForeignKey("core.Component", on_delete=models.PROTECT, related_name="exam_sessions")
    academic_year = models.PositiveSmallIntegerField(_("année universitaire (début)"))
    semester = models.ForeignKey("courses.Semester", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="exam_sessions")
    study_year = models.ForeignKey("courses.StudyYear", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="exam_sessions")
    kind = models.CharField(_("type de session"), max_length=16, choices=SessionKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au (inclus)"))
    default_start_time = models.TimeField(_("heure de début par défaut"), default="09:00")
    state = models.CharField(_("état"), max_length=16, choices=SessionState.choices, default=SessionState.DRAFT,
                             db_index=True)
    seat_order = models.CharField(
        _("ordre de placement"), max_length=16, blank=True,
        choices=[("alphabetical", _("Alphabétique")), ("random", _("Aléatoire (avec graine)"))],
        help_text=_("Vide : paramètre du profil (exams.seat_allocation_order)."),
    )
    seed = models.CharField(_("graine du tirage"), max_length=40, default=new_seed)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    timetable_check = models.JSONField(_("délai de publication du calendrier"), default=dict, blank=True)
    convocation_check = models.JSONField(_("délai d'envoi des convocations"), default=dict, blank=True)
    invigilation_check = models.JSONField(_("délai d'envoi du calendrier des surveillances"), default=dict,
                                          blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session d'examens")
        verbose_name_plural = _("sessions d'examens")
        ordering = ["-academic_year", "start_date", "id"]
        constraints = [
            models.CheckConstraint(name="examsession_dates", condition=Q(end_date__gte=F("start_date"))),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def timetable_late(self) -> bool:
        return bool(self.timetable_check.get("late"))

    @property
    def convocation_late(self) -> bool:
        return bool(self.convocation_check.get("late"))


class Room(models.Model):
    """An exam room of an institution's site; ``adapted`` rooms receive accommodated candidates."""

    institution = models.ForeignKey("core.Institution", on_delete=models.CASCADE, related_name="exam_rooms")
    site = models.ForeignKey("core.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("nom"), max_length=200)
    capacity = models.PositiveIntegerField(_("places"))
    accessible = models.BooleanField(_("accessible (PMR)"), default=False)
    adapted = models.BooleanField(_("salle aménagée"), default=False,
                                  help_text=_("Équipée et surveillée pour les candidats bénéficiant d'aménagements."))

    class Meta:
        verbose_name = _("salle d'examen")
        verbose_name_plural = _("salles d'examen")
        ordering = ["institution_id", "code"]
        constraints = [models.UniqueConstraint(name="room_code_unique", fields=["institution", "code"])]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"
