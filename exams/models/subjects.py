"""Exam subjects handed in by the module head and checked by the exam office.

Required mentions (UTC-2.03-subject-content, TOURS-VI-2-subject-content, STRAS-25), hand-in lead time
(TOURS-VI-2-subject-delivery, STRAS-26) and archive copies of final subjects (UTC-2.03-archive-copies)
come from the profile parameter ``exams.subject_rules``. Files live in private storage
(MEDIA_ROOT/exams/subjects/…) and are only served through a permission-checked view.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivateStorage(FileSystemStorage):
    """MEDIA_ROOT (followed when settings change) without a public URL: subjects are never served
    as static media, only through the permission-checked download view."""

    def url(self, name: str | None) -> str:
        raise ValueError("private file: serve it through a permission-checked view")


_private = PrivateStorage()


def private_storage() -> FileSystemStorage:
    return _private


def subject_upload_to(instance: ExamSubject, filename: str) -> str:
    return f"exams/subjects/{instance.event_id}/{uuid.uuid4().hex}.pdf"


class SubjectState(models.TextChoices):
    SUBMITTED = "submitted", _("Déposé")
    ACCEPTED = "accepted", _("Accepté")
    REJECTED = "rejected", _("Refusé")


class ExamSubject(models.Model):
    """One version of the subject of an exam event (or an adapted version, e.g. large print)."""

    event = models.ForeignKey("exams.ExamEvent", on_delete=models.CASCADE, related_name="subjects")
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fichier PDF"), upload_to=subject_upload_to, storage=private_storage, max_length=255)
    original_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    module_title = models.CharField(_("intitulé de l'enseignement"), max_length=200, blank=True)
    academic_year = models.CharField(_("année universitaire"), max_length=20, blank=True)
    semester = models.CharField(_("semestre"), max_length=40, blank=True)
    diploma = models.CharField(_("diplôme"), max_length=200, blank=True)
    year_in_diploma = models.CharField(_("année dans le diplôme"), max_length=40, blank=True)
    session = models.PositiveSmallIntegerField(_("session"), null=True, blank=True)
    exam_date = models.DateField(_("date de l'épreuve"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("durée (min)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("nombre de pages"), null=True, blank=True)
    allowed_documents = models.TextField(_("documents autorisés"), blank=True)
    allowed_materials = models.TextField(_("matériel autorisé"), blank=True)
    nothing_allowed = models.BooleanField(_("aucun document ni matériel autorisé"), default=False)
    marking_scale = models.TextField(_("barème"), blank=True)
    indicative_timing = models.TextField(_("timing indicatif"), blank=True)
    is_adapted = models.BooleanField(_("version adaptée"), default=False)
    adapted_for = models.CharField(_("adaptée pour"), max_length=100, blank=True,
                                   help_text=_("Par exemple : gros caractères."))
    state = models.CharField(_("état"), max_length=16, choices=SubjectState.choices, default=SubjectState.SUBMITTED)
    reason = models.TextField(_("motif"), blank=True)
    late = models.BooleanField(_("déposé hors délai"), default=False)
    late_message = models.CharField(_("retard"), max_length=300, blank=True)
    archive_copies_required = models.PositiveSmallIntegerField(_("exemplaires d'archive"), default=0)
    rule_id = models.CharField(_("règle"), max_length=60, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("déposé le"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)

    class Meta:
        verbose_name = _("sujet d'examen")
        verbose_name_plural = _("sujets d'examen")
        ordering = ["event_id", "-version", "id"]
        constraints = [models.UniqueConstraint(name="examsubject_version_unique", fields=["event", "version"])]

    def __str__(self) -> str:
        return f"{self.event} — v{self.version}"
