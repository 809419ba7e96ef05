from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("En préparation")
    ISSUED = "issued", _("Émis")
    FAILED = "failed", _("Échec")


class Document(models.Model):
    """An issued PDF: immutable once issued; a correction is a new version pointing back.

    Rendered by WeasyPrint in a task from ``template`` and ``context``; the file's SHA-256 is
    kept so anyone can check a copy. Downloads go through core.permissions.
    """

    kind = models.CharField(_("type"), max_length=80, db_index=True)
    reference = models.CharField(_("référence"), max_length=64, unique=True)
    title = models.CharField(_("titre"), max_length=300)
    template = models.CharField(max_length=200)
    context = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=5, default="fr")
    institution = models.ForeignKey(
        "core.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    component = models.ForeignKey(
        "core.Component", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="documents", help_text=_("La personne que le document concerne (elle peut le télécharger)."),
    )
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    correction_reason = models.TextField(_("motif de la correction"), blank=True)
    status = models.CharField(max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.PENDING)
    file = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "kind"])]
        constraints = [
            models.CheckConstraint(
                name="document_issued_has_checksum",
                condition=~Q(status="issued") | Q(sha256__regex=r"^[0-9a-f]{64}$"),
            ),
        ]

    #: The status the row had when loaded or last saved (set by from_db/save; not a field).
    _loaded_status: str | None

    def __str__(self) -> str:
        return f"{self.reference} — {self.title} (v{self.version})"

    # Model-level guard behind the services (core.documents.services): a row that was issued
    # when loaded can be neither saved again nor deleted, whatever code path tries.
    def save(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self, "_loaded_status", None) == DocumentStatus.ISSUED:
            raise PermissionError("An issued document is immutable: issue a correction instead.")
        super().save(*args, **kwargs)
        self._loaded_status = self.status

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if getattr(self, "_loaded_status", None) == DocumentStatus.ISSUED or self.status == DocumentStatus.ISSUED:
            raise PermissionError("An issued document cannot be deleted.")
        return super().delete(*args, **kwargs)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Document:
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.__dict__.get("status")
        return instance

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "correction")
