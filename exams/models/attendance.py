"""Exam day: each candidate's attendance (digital sign-in), temporary exits, and what happened in the room.

One ``Attendance`` per convocation, created on the first action (a convocation without a row is
"expected"). Candidates added on site (STRAS-35, TOURS-VI-3.1-not-on-list) get a convocation created by
the invigilator and an attendance flagged ``added_on_site`` with a verification state.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceStatus(models.TextChoices):
    EXPECTED = "expected", _("Attendu")
    PRESENT = "present", _("Présent")
    LATE_ADMITTED = "late_admitted", _("Retard admis")
    LATE_REFUSED = "late_refused", _("Retard refusé")
    ABSENT = "absent", _("Absent")


#: Statuses counted as present in the room (PV: nb_presents).
PRESENT_STATUSES = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE_ADMITTED})
#: Statuses that make the candidate an absentee when the report closes (zero / ABI / réserve, H4).
MISSED_STATUSES = frozenset({AttendanceStatus.ABSENT, AttendanceStatus.LATE_REFUSED})


class SignInMethod(models.TextChoices):
    PAPER = "paper", _("Feuille papier")
    QR = "qr", _("QR code")
    INVIGILATOR = "invigilator", _("Surveillant")


class Verification(models.TextChoices):
    NONE = "", _("Sans objet")
    PENDING = "pending", _("À vérifier")
    CONFIRMED = "confirmed", _("Autorisé à composer")
    REFUSED = "refused", _("Non autorisé")


class Attendance(models.Model):
    """A candidate's presence at one exam: sign-in, lateness decision, definitive exit, notes."""

    convocation = models.OneToOneField("exams.Convocation", on_delete=models.CASCADE, related_name="attendance")
    event_room = models.ForeignKey("exams.EventRoom", on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("statut"), max_length=16, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.EXPECTED, db_index=True)
    signed_at = models.DateTimeField(_("émargé le"), null=True, blank=True)
    method = models.CharField(_("mode d'émargement"), max_length=16, choices=SignInMethod.choices, blank=True)
    arrived_at = models.DateTimeField(_("arrivée (retard)"), null=True, blank=True)
    late_decision = models.JSONField(_("décision sur le retard"), default=dict, blank=True)
    left_at = models.DateTimeField(_("sortie définitive"), null=True, blank=True)
    notes = models.TextField(_("remarques"), blank=True)
    added_on_site = models.BooleanField(_("ajouté sur place"), default=False)
    verification = models.CharField(_("vérification du droit à composer"), max_length=16,
                                    choices=Verification.choices, blank=True, default=Verification.NONE,
                                    db_index=True)
    verified_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    qr_window = models.BigIntegerField(_("fenêtre du QR code utilisé"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("présence à une épreuve")
        verbose_name_plural = _("présences aux épreuves")
        ordering = ["event_room_id", "convocation__seat_number", "id"]

    def __str__(self) -> str:
        return f"{self.convocation} — {self.status}"

    @property
    def is_present(self) -> bool:
        return self.status in PRESENT_STATUSES

    @property
    def is_out(self) -> bool:
        """Temporarily out of the room (a temporary exit without return)."""
        return any(e.back_at is None for e in self.exits.all())


class TemporaryExit(models.Model):
    """A candidate out of the room for a while (UTC-3.02c-exits, TOURS-VI-3.1-temporary-exit, STRAS-50)."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="exits")
    out_at = models.DateTimeField(_("sortie"))
    back_at = models.DateTimeField(_("retour"), null=True, blank=True)
    escorted = models.BooleanField(_("accompagné"), default=False)
    reason = models.CharField(_("motif"), max_length=20, blank=True)
    rule_id = models.CharField(_("règle"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("sortie temporaire")
        verbose_name_plural = _("sorties temporaires")
        ordering = ["attendance_id", "out_at", "id"]

    def __str__(self) -> str:
        return f"{self.attendance_id} {self.out_at:%H:%M}"


class RoomLog(models.Model):
    """What happened in the room that the exam-day rules count from (decision EX-03: without a
    recorded event the scheduled start is the reference): envelopes opened (TOURS-VI-3.1-late),
    first subject distribution (UTC-3.01b-late-minor, UTC-3.02c-early-exit, TOURS-VI-3.1-early-exit)."""

    event_room = models.OneToOneField("exams.EventRoom", on_delete=models.CASCADE, related_name="day_log")
    envelopes_opened_at = models.DateTimeField(_("ouverture des enveloppes"), null=True, blank=True)
    first_distribution_at = models.DateTimeField(_("première distribution des sujets"), null=True, blank=True)

    class Meta:
        verbose_name = _("déroulement d'une salle")
        verbose_name_plural = _("déroulements des salles")

    def __str__(self) -> str:
        return f"log {self.event_room_id}"
