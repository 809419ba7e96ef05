"""Administrative registration to a programme year, its documents and its transition log."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegistrationState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")  # being filled in by the student
    SUBMITTED = "submitted", _("Déposée")  # sent, waiting for the documents check
    INCOMPLETE = "incomplete", _("Incomplète")  # documents missing or rejected (ARL-ES05.5-check-file)
    COMPLETE = "complete", _("Complète")  # every mandatory document is there, awaiting validation
    VALIDATED = "validated", _("Validée")  # registered for the year
    CANCELLED = "cancelled", _("Annulée")


#: States in which the student may still change their file.
EDITABLE_STATES = frozenset({RegistrationState.DRAFT, RegistrationState.INCOMPLETE, RegistrationState.SUBMITTED,
                             RegistrationState.COMPLETE})
#: States that still count as a registration (a new one for the same year is refused).
LIVE_STATES = frozenset(set(RegistrationState.values) - {RegistrationState.CANCELLED})


class RequiredDocumentType(models.Model):
    """A document to provide, for every programme of the institution (``programme`` empty) or
    for one programme (ARL-ES05.3-first-enrollment: the complete list is given)."""

    institution = models.ForeignKey("core.Institution", on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        "courses.Programme", null=True, blank=True, on_delete=models.CASCADE, related_name="required_documents"
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("libellé"), max_length=200)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    mandatory = models.BooleanField(_("obligatoire"), default=True)
    first_registration_only = models.BooleanField(_("première inscription seulement"), default=False)
    accepted_types = models.JSONField(_("formats acceptés"), default=list, help_text='["pdf", "jpg", "png"]')
    max_size_kb = models.PositiveIntegerField(_("taille maximale (Ko)"), default=5120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("pièce à fournir")
        verbose_name_plural = _("pièces à fournir")
        ordering = ["position", "label", "id"]
        constraints = [
            models.UniqueConstraint(
                name="requireddoc_code_unique", fields=["institution", "programme", "code"], nulls_distinct=False
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)


class AdministrativeRegistration(models.Model):
    """Inscription administrative of a student to a programme year for an academic year."""

    student = models.ForeignKey("enrollment.Student", on_delete=models.PROTECT, related_name="registrations")
    study_year = models.ForeignKey("courses.StudyYear", on_delete=models.PROTECT, related_name="registrations")
    academic_year = models.PositiveSmallIntegerField(_("année universitaire"))
    state = models.CharField(
        _("état"), max_length=16, choices=RegistrationState.choices, default=RegistrationState.DRAFT, db_index=True
    )
    is_reregistration = models.BooleanField(_("réinscription"), default=False)
    previous_decision_code = models.CharField(_("décision de l'année précédente"), max_length=16, blank=True)
    remote_validation_pending_originals = models.BooleanField(
        _("validée à distance, originaux attendus"), default=False,
        help_text=_("ARL-ES07-overseas : originaux à présenter à la rentrée."),
    )
    originals_due = models.DateField(_("originaux à présenter avant le"), null=True, blank=True)
    originals_checked_at = models.DateTimeField(_("originaux vérifiés le"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inscription administrative")
        verbose_name_plural = _("inscriptions administratives")
        ordering = ["-academic_year", "student_id", "id"]
        indexes = [models.Index(fields=["academic_year", "state"])]
        constraints = [
            models.UniqueConstraint(
                name="adminreg_one_live_per_year",
                fields=["student", "academic_year"],
                condition=~Q(state="cancelled"),
            ),
            models.CheckConstraint(
                name="adminreg_originals_due_when_pending",
                condition=Q(remote_validation_pending_originals=False) | Q(originals_due__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.study_year} ({self.academic_year}-{self.academic_year + 1})"

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year}-{self.academic_year + 1}"


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("À vérifier")
    ACCEPTED = "accepted", _("Acceptée")
    REJECTED = "rejected", _("Refusée")


def registration_document_upload_to(instance: RegistrationDocument, filename: str) -> str:
    """Private storage: MEDIA_ROOT/enrollment/<year>/<registration>/<random>.<ext> (never served
    directly, MEDIA_URL is not routed; downloads go through enrollment.permissions)."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    reg = instance.registration
    return f"enrollment/{reg.academic_year}/{reg.pk}/{uuid.uuid4().hex}.{ext}"


class RegistrationDocument(models.Model):
    registration = models.ForeignKey(AdministrativeRegistration, on_delete=models.CASCADE, related_name="documents")
    document_type = models.ForeignKey(RequiredDocumentType, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=registration_document_upload_to, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(_("déposée le"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("état"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    rejection_reason = models.CharField(_("motif du refus"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pièce déposée")
        verbose_name_plural = _("pièces déposées")
        ordering = ["registration_id", "document_type_id", "-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="regdoc_rejected_has_reason",
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_type} — {self.original_name}"


class RegistrationTransition(models.Model):
    """The transition log: who moved the registration from which state to which, when, why."""

    registration = models.ForeignKey(
        AdministrativeRegistration, on_delete=models.CASCADE, related_name="transitions"
    )
    name = models.CharField(_("transition"), max_length=40)
    from_state = models.CharField(_("de"), max_length=16, choices=RegistrationState.choices)
    to_state = models.CharField(_("vers"), max_length=16, choices=RegistrationState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")
        ordering = ["registration_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.from_state} → {self.to_state}"
