"""Proofs sent by an absent candidate for their absence file (UTC-3.01e-reserve-request, RSY-A2-notify).

Files live in private storage (MEDIA_ROOT/exams/proofs/…) and are served only through the
permission-checked download view (the student, the module head, the exam office)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from exams.models.subjects import private_storage


def proof_upload_to(instance: ReserveProof, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"exams/proofs/{instance.reserve_id}/{uuid.uuid4().hex}{suffix}"


class ReserveProof(models.Model):
    """One document sent as proof for a missed exam (medical certificate…)."""

    reserve = models.ForeignKey("exams.ReserveFile", on_delete=models.CASCADE, related_name="proofs")
    file = models.FileField(_("fichier"), upload_to=proof_upload_to, storage=private_storage, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    note = models.CharField(_("commentaire"), max_length=500, blank=True)
    uploaded_at = models.DateTimeField(_("envoyé le"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("justificatif d'absence")
        verbose_name_plural = _("justificatifs d'absence")
        ordering = ["reserve_id", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name or self.file.name
