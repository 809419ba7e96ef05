"""Exam report (PV de déroulement) per room, its incidents, and réserve files (absences)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExamReport(models.Model):
    """The PV of one room at one exam, signed off by the head of room (STRAS-54, TOURS-VI-3.2-count-check).

    Closed only when copies = signatures or an incident explains the gap (exams.rules.reports)."""

    event_room = models.OneToOneField("exams.EventRoom", on_delete=models.CASCADE, related_name="report")
    enrolled = models.PositiveIntegerField(_("inscrits"), default=0)
    present = models.PositiveIntegerField(_("présents"), default=0)
    signatures = models.PositiveIntegerField(_("émargements"), default=0)
    copies = models.PositiveIntegerField(_("copies ramassées"), default=0)
    observations = models.TextField(_("observations"), blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")

    class Meta:
        verbose_name = _("procès-verbal de déroulement")
        verbose_name_plural = _("procès-verbaux de déroulement")
        ordering = ["event_room_id"]

    def __str__(self) -> str:
        return f"PV {self.event_room}"


class ReportIncident(models.Model):
    report = models.ForeignKey(ExamReport, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(_("nature"), max_length=60)
    description = models.TextField(_("description"))
    at = models.DateTimeField(_("heure"), null=True, blank=True)
    explains_count_gap = models.BooleanField(_("explique l'écart copies / émargements"), default=False)
    # The decision taken about it (TOURS-VI-3.2-incident-subjects: delay or postponement decided by the
    # jury president, or the measure the regulation prescribes).
    measure = models.CharField(_("mesure décidée"), max_length=40, blank=True)
    delay_minutes = models.PositiveIntegerField(_("retard accordé (min)"), default=0)
    decision_note = models.CharField(_("motif de la décision"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("décidé par"))
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["report_id", "id"]

    def __str__(self) -> str:
        return self.kind


class ReserveFile(models.Model):
    """An absent candidate's file (UTC-3.01e-zero … UTC-3.01e-reserve-deadline): states from
    exams.rules.reserves (zero_provisoire → justificatifs_recus → reserve_proposee → reserve_levee /
    zero_maintenu)."""

    convocation = models.OneToOneField("exams.Convocation", on_delete=models.PROTECT, related_name="reserve")
    state = models.CharField(_("état"), max_length=24, default="zero_provisoire", db_index=True)
    procedure = models.CharField(_("procédure"), max_length=16, default="reserve", db_index=True,
                                 choices=[("reserve", _("Mise en réserve")), ("makeup", _("Rattrapage")),
                                          ("none", _("Aucune (zéro)"))])
    next_semester_start = models.DateField(_("début du semestre suivant"), null=True, blank=True)
    opened_at = models.DateTimeField(_("ouvert le"), null=True, blank=True)
    proof_deadline = models.DateTimeField(_("justificatifs au plus tard le"), null=True, blank=True)
    mark_value = models.CharField(_("note inscrite à l'ouverture"), max_length=8, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    makeup_event = models.ForeignKey("exams.ExamEvent", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="makeup_files", verbose_name=_("épreuve de remplacement"))
    makeup_nature = models.CharField(_("format de l'épreuve de remplacement"), max_length=16, blank=True)
    makeup_duration_minutes = models.PositiveIntegerField(_("durée de l'épreuve de remplacement (min)"),
                                                          null=True, blank=True)
    makeup_at = models.DateTimeField(_("date de l'épreuve de remplacement"), null=True, blank=True)
    makeup_grade = models.DecimalField(_("note de l'épreuve de remplacement"), max_digits=5, decimal_places=2,
                                       null=True, blank=True)
    history = models.JSONField(_("historique"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dossier d'absence (réserve)")
        verbose_name_plural = _("dossiers d'absence (réserves)")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.convocation} — {self.state}"
