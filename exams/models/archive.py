"""Copy lots: the marked copies of one room at one exam, from the closed report to their end
(kept, transferred to the archives, or destroyed) — UTC-5.03a-retention, STRAS-113.

A lot is created lazily for every closed exam report (``exams.services.archive.copy_lots_ensure``,
decision ARC-01); its earliest destruction date is never stored: it is computed on every read from
the results publication, the profile's ``juries.copy_retention`` and any litigation (ARC-02).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CopyLotState(models.TextChoices):
    """kept: in the component's custody; transferred: handed to the archives service (UTC);
    destroyed: destruction recorded with its PV (final)."""

    KEPT = "kept", _("Conservé")
    TRANSFERRED = "transferred", _("Versé aux archives")
    DESTROYED = "destroyed", _("Détruit")


class CopyLot(models.Model):
    """The copies collected in one room (``report.copies``), where they are, and what became of them."""

    report = models.OneToOneField("exams.ExamReport", on_delete=models.PROTECT, related_name="copy_lot")
    copies = models.PositiveIntegerField(_("nombre de copies"), default=0)
    storage_place = models.CharField(_("lieu de stockage"), max_length=200, blank=True)
    archive_box = models.CharField(_("boîte d'archives"), max_length=60, blank=True)
    handed_to = models.CharField(_("confié à"), max_length=200, blank=True,
                                 help_text=_("Ex. : service des archives, responsable du module."))
    state = models.CharField(_("état"), max_length=16, choices=CopyLotState.choices, default=CopyLotState.KEPT,
                             db_index=True)
    # Litigation known to the exam office but not recorded by Cursus (an appeal to the administrative
    # court, a disciplinary case): the lot is held until the final ruling (STRAS-113).
    hold_reason = models.CharField(_("motif de conservation (contentieux)"), max_length=300, blank=True)
    hold_since = models.DateTimeField(_("conservé pour contentieux depuis"), null=True, blank=True)
    ruling_on = models.DateField(_("décision définitive du"), null=True, blank=True)
    transferred_on = models.DateField(_("versé le"), null=True, blank=True)
    destroyed_on = models.DateField(_("détruit le"), null=True, blank=True)
    destroyed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("détruit par"))
    destruction_method = models.CharField(_("mode de destruction"), max_length=120, blank=True)
    pv_reference = models.CharField(_("référence du PV de destruction"), max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lot de copies")
        verbose_name_plural = _("lots de copies")
        ordering = ["report_id"]
        constraints = [
            models.CheckConstraint(
                name="copylot_destroyed_recorded",
                condition=~Q(state="destroyed") | (Q(destroyed_on__isnull=False) & ~Q(pv_reference="")),
            ),
            models.CheckConstraint(name="copylot_transferred_dated",
                                   condition=~Q(state="transferred") | Q(transferred_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"Copies PV {self.report_id} ({self.copies})"

    @property
    def litigation_open(self) -> bool:
        return bool(self.hold_reason) and self.ruling_on is None
