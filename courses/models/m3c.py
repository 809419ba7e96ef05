from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models.programmes import M3CStateChoices as M3CState


class SnapshotKind(models.TextChoices):
    PUBLICATION = "publication", _("Publication")
    AMENDMENT = "amendment", _("Modification exceptionnelle")


class M3CSnapshot(models.Model):
    """The M3C of a programme version as published (or amended): JSON + issued PDF. Never edited."""

    programme_version = models.ForeignKey(
        "courses.ProgrammeVersion", on_delete=models.CASCADE, related_name="snapshots"
    )
    revision = models.PositiveSmallIntegerField(_("révision"))
    kind = models.CharField(_("nature"), max_length=16, choices=SnapshotKind.choices)
    data = models.JSONField(_("contenu"))
    document = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("version publiée des M3C")
        verbose_name_plural = _("versions publiées des M3C")
        ordering = ["programme_version_id", "revision"]
        constraints = [
            models.UniqueConstraint(name="m3csnapshot_revision_unique", fields=["programme_version", "revision"]),
        ]

    def __str__(self) -> str:
        return f"M3C {self.programme_version} r{self.revision}"


class M3CAmendment(models.Model):
    """An exceptional amendment of published M3C (TOURS): council approval, reason, lead time.

    Applied by courses.services.m3c_amend, which checks that it is published to the students
    concerned at least the profile's lead time before the first exam it affects.
    """

    programme_version = models.ForeignKey(
        "courses.ProgrammeVersion", on_delete=models.CASCADE, related_name="amendments"
    )
    module = models.ForeignKey("courses.Module", on_delete=models.CASCADE, related_name="amendments")
    reason = models.TextField(_("motif"))
    council = models.CharField(_("conseil ayant approuvé"), max_length=200)
    council_date = models.DateField(_("date du conseil"))
    changes = models.JSONField(_("modifications"), default=dict)
    first_affected_exam = models.DateField(_("première épreuve concernée"))
    published_at = models.DateTimeField(_("publiée le"))
    snapshot = models.OneToOneField(
        M3CSnapshot, null=True, blank=True, on_delete=models.SET_NULL, related_name="amendment"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("modification exceptionnelle des M3C")
        verbose_name_plural = _("modifications exceptionnelles des M3C")
        ordering = ["programme_version_id", "published_at"]

    def __str__(self) -> str:
        return f"{self.module} — {self.published_at:%d/%m/%Y}"


__all__ = ["M3CAmendment", "M3CSnapshot", "M3CState", "SnapshotKind"]
