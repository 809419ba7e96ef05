"""Requests for exam accommodations filed with the disability office, and their workflow log.

The request deadline (TOURS-VI-3.2-accommodation-request: one month before the exams, force majeure
excepted) and the prior authorisation (STRAS-11) come from the profile parameter
``exams.accommodation_request_deadline``; the verdict computed when the request is filed is kept on
the row (``deadline``, ``late``, ``deadline_rule_id``) and shown in the disability office's queue.
Reasons and supporting documents are medical: only the student and the disability office see them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .students import Accommodation, Student


class RequestState(models.TextChoices):
    """submitted: filed, not yet looked at; under_review: the disability office examines it;
    granted / partially_granted / refused: decided (reasons required unless fully granted);
    withdrawn: the student (or the office on their behalf) gave it up before a decision."""

    SUBMITTED = "submitted", _("Déposée")
    UNDER_REVIEW = "under_review", _("En cours d'examen")
    GRANTED = "granted", _("Accordée")
    PARTIALLY_GRANTED = "partially_granted", _("Accordée en partie")
    REFUSED = "refused", _("Refusée")
    WITHDRAWN = "withdrawn", _("Retirée")


#: Requests still waiting for a decision.
OPEN_REQUEST_STATES = frozenset({RequestState.SUBMITTED, RequestState.UNDER_REVIEW})
#: Requests that created accommodations.
GRANTED_REQUEST_STATES = frozenset({RequestState.GRANTED, RequestState.PARTIALLY_GRANTED})


class RequestScope(models.TextChoices):
    SEMESTER = "semester", _("Les épreuves d'un semestre")
    YEAR = "year", _("Toutes les épreuves de l'année")


class AccommodationRequest(models.Model):
    """A student's request for exam accommodations (kinds of ``AccommodationKind``)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="accommodation_requests")
    component = models.ForeignKey("core.Component", on_delete=models.PROTECT, related_name="+",
                                  help_text=_("Composante de l'inscription (profil réglementaire, sessions)."))
    academic_year = models.PositiveSmallIntegerField(_("année universitaire"))
    scope = models.CharField(_("épreuves concernées"), max_length=16, choices=RequestScope.choices,
                             default=RequestScope.YEAR)
    semester = models.ForeignKey("courses.Semester", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("semestre"))
    kinds = models.JSONField(_("aménagements demandés"), default=list)
    extra_time_percent = models.PositiveSmallIntegerField(_("temps majoré demandé (%)"), null=True, blank=True)
    reasons = models.TextField(_("motifs (confidentiel)"))
    details = models.TextField(_("besoins pratiques"), blank=True)
    force_majeure = models.BooleanField(_("force majeure"), default=False)
    force_majeure_explanation = models.TextField(_("explication de la force majeure"), blank=True)
    prior_authorisation = models.BooleanField(_("autorisation préalable du service compétent"), default=False)
    prior_authorisation_ref = models.CharField(_("référence de l'autorisation"), max_length=200, blank=True)
    state = models.CharField(_("état"), max_length=20, choices=RequestState.choices, default=RequestState.SUBMITTED,
                             db_index=True)
    submitted_at = models.DateTimeField(_("déposée le"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    exams_start = models.DateField(_("début des épreuves concernées"), null=True, blank=True)
    deadline = models.DateField(_("date limite de demande"), null=True, blank=True)
    late = models.BooleanField(_("hors délai"), default=False)
    authorisation_required = models.BooleanField(_("autorisation préalable exigée"), default=False)
    deadline_rule_id = models.CharField(_("règle"), max_length=60, blank=True)
    deadline_message = models.CharField(_("délai"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decision_reasons = models.TextField(_("motifs de la décision"), blank=True)
    valid_from = models.DateField(_("aménagements valables du"), null=True, blank=True)
    valid_until = models.DateField(_("aménagements valables jusqu'au"), null=True, blank=True)
    granted_accommodations = models.ManyToManyField(Accommodation, blank=True, related_name="requests")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("demande d'aménagement")
        verbose_name_plural = _("demandes d'aménagement")
        ordering = ["-submitted_at", "id"]
        indexes = [models.Index(fields=["state", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                name="accreq_semester_scope",
                condition=Q(scope="year", semester__isnull=True) | Q(scope="semester", semester__isnull=False),
            ),
            models.CheckConstraint(
                name="accreq_validity",
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.get_state_display()} ({self.submitted_at:%d/%m/%Y})"

    @property
    def kind_labels(self) -> list[str]:
        from .students import AccommodationKind

        labels = dict(AccommodationKind.choices)
        return [str(labels.get(k, k)) for k in self.kinds]


def request_document_upload_to(instance: AccommodationRequestDocument, filename: str) -> str:
    """Private storage (MEDIA_URL is not routed): downloads go through enrollment.permissions."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"enrollment/accommodation-requests/{instance.request_id}/{uuid.uuid4().hex}.{ext}"


class AccommodationRequestDocument(models.Model):
    """A supporting document (medical certificate, previous decision…) of a request."""

    request = models.ForeignKey(AccommodationRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=request_document_upload_to, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce d'une demande d'aménagement")
        verbose_name_plural = _("pièces des demandes d'aménagement")
        ordering = ["request_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class AccommodationRequestTransition(models.Model):
    """The workflow log: who moved the request, from where to where, why."""

    request = models.ForeignKey(AccommodationRequest, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("étape d'une demande d'aménagement")
        verbose_name_plural = _("étapes des demandes d'aménagement")
        ordering = ["request_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_state} → {self.to_state}"
