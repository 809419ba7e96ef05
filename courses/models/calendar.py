from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class AcademicCalendar(models.Model):
    """The academic calendar of a component for one year, fixed before the year begins
    (UTC-2.01-calendar-deadline)."""

    component = models.ForeignKey("core.Component", on_delete=models.CASCADE, related_name="academic_calendars")
    academic_year = models.PositiveSmallIntegerField(_("année universitaire (début)"))
    fixed_at = models.DateTimeField(_("arrêté le"), null=True, blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendrier universitaire")
        verbose_name_plural = _("calendriers universitaires")
        ordering = ["component_id", "-academic_year"]
        constraints = [
            models.UniqueConstraint(name="academiccalendar_unique", fields=["component", "academic_year"]),
        ]

    def __str__(self) -> str:
        return f"{self.component} {self.academic_year}-{self.academic_year + 1}"


class PeriodKind(models.TextChoices):
    SEMESTER = "semester", _("Semestre")
    TEACHING = "teaching", _("Semaines d'enseignement")
    MIDTERM_EXAMS = "midterm_exams", _("Examens médians")
    FINAL_EXAMS = "final_exams", _("Examens finaux (session 1)")
    SECOND_SESSION = "second_session", _("Seconde session")
    HOLIDAY = "holiday", _("Vacances")
    CLOSURE = "closure", _("Fermeture")


#: Periods during which assessments may take place.
EXAM_PERIOD_KINDS = frozenset({PeriodKind.MIDTERM_EXAMS, PeriodKind.FINAL_EXAMS, PeriodKind.SECOND_SESSION})
#: Periods that become core.ClosureDay rows for the calendar service.
CLOSURE_PERIOD_KINDS = frozenset({PeriodKind.HOLIDAY, PeriodKind.CLOSURE})


class CalendarPeriod(models.Model):
    calendar = models.ForeignKey(AcademicCalendar, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("type"), max_length=20, choices=PeriodKind.choices)
    semester_number = models.PositiveSmallIntegerField(
        _("semestre (parité)"), null=True, blank=True,
        help_text=_("1 = semestres impairs, 2 = semestres pairs ; vide : toute l'année."),
    )
    start = models.DateField(_("du"))
    end = models.DateField(_("au (inclus)"))
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    closure = models.OneToOneField(
        "core.ClosureDay", null=True, blank=True, on_delete=models.SET_NULL, related_name="courses_period"
    )

    class Meta:
        verbose_name = _("période du calendrier")
        verbose_name_plural = _("périodes du calendrier")
        ordering = ["calendar_id", "start", "kind"]
        constraints = [
            models.CheckConstraint(name="calendarperiod_end_after_start", condition=Q(end__gte=F("start"))),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"
