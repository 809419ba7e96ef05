"""The student record and the accommodations decided for them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from enrollment import rules


class Regime(models.TextChoices):
    INITIAL = "initial", _("Formation initiale")
    APPRENTICE = "apprentice", _("Apprentissage")
    CONTINUING = "continuing", _("Formation continue")


class Student(models.Model):
    """A person registered (or registering) at an institution, with their administrative record.

    ``student_number`` is unique per institution; the INE is national (format checked by
    enrollment.rules.check_ine). The trusted person is called when absences are worrying.
    ``attendance_exempt`` (dispensé d'assiduité) changes how they are convened
    (TOURS-VI-1-individual, STRAS-29).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="student")
    institution = models.ForeignKey("core.Institution", on_delete=models.PROTECT, related_name="students")
    student_number = models.CharField(_("numéro étudiant"), max_length=20)
    ine = models.CharField(_("INE"), max_length=11, blank=True, help_text=_("11 caractères."))
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    birth_place = models.CharField(_("lieu de naissance"), max_length=120, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.TextField(_("adresse postale"), blank=True)
    resides_outside_metropole = models.BooleanField(
        _("réside hors métropole"), default=False,
        help_text=_("Permet une validation d'inscription à distance (ARL-ES07-overseas)."),
    )
    trusted_person_name = models.CharField(_("personne de confiance"), max_length=150, blank=True)
    trusted_person_phone = models.CharField(_("téléphone de la personne de confiance"), max_length=30, blank=True)
    trusted_person_email = models.EmailField(_("e-mail de la personne de confiance"), blank=True)
    regime = models.CharField(_("régime"), max_length=16, choices=Regime.choices, default=Regime.INITIAL)
    attendance_exempt = models.BooleanField(_("dispensé·e d'assiduité"), default=False)
    attendance_exempt_from = models.DateField(_("dispense du"), null=True, blank=True)
    attendance_exempt_until = models.DateField(_("dispense jusqu'au"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("étudiant·e")
        verbose_name_plural = _("étudiant·e·s")
        ordering = ["user__last_name", "user__first_name", "id"]
        constraints = [
            models.UniqueConstraint(name="student_number_unique", fields=["institution", "student_number"]),
            models.UniqueConstraint(name="student_ine_unique", fields=["ine"], condition=~Q(ine="")),
            models.CheckConstraint(
                name="student_exemption_period",
                condition=Q(attendance_exempt_until__isnull=True)
                | Q(attendance_exempt_from__isnull=True)
                | Q(attendance_exempt_until__gte=F("attendance_exempt_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.email} ({self.student_number})"

    def clean(self) -> None:
        check = rules.check_ine(self.ine)
        if not check.valid:
            raise ValidationError({"ine": check.reason})
        self.ine = check.normalized

    def is_attendance_exempt_on(self, day) -> bool:  # type: ignore[no-untyped-def]
        return self.attendance_exempt and rules.is_valid_on(
            day, self.attendance_exempt_from, self.attendance_exempt_until
        )


class AccommodationKind(models.TextChoices):
    EXTRA_TIME = "extra_time", _("Temps majoré (tiers-temps)")
    SEPARATE_ROOM = "separate_room", _("Salle à part")
    LARGE_PRINT = "large_print", _("Sujets en gros caractères")
    SECRETARY = "secretary", _("Secrétaire")
    OTHER = "other", _("Autre aménagement")


def accommodation_upload_to(instance: Accommodation, filename: str) -> str:
    return f"enrollment/accommodations/{instance.student_id}/{filename}"


class Accommodation(models.Model):
    """A special exam/study arrangement decided by the disability office, with its validity
    (TOURS-VI-3.2-accommodation-request, STRAS-14, ARL-ES13-specific-publics)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="accommodations")
    kind = models.CharField(_("aménagement"), max_length=16, choices=AccommodationKind.choices)
    extra_time_percent = models.PositiveSmallIntegerField(
        _("temps majoré (%)"), null=True, blank=True, help_text=_("33 pour un tiers-temps.")
    )
    details = models.CharField(_("précisions"), max_length=300, blank=True)
    valid_from = models.DateField(_("valable du"))
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("décidé par"),
    )
    decided_at = models.DateTimeField(_("décidé le"), auto_now_add=True)
    decision_file = models.FileField(_("décision (PDF)"), upload_to=accommodation_upload_to, blank=True)

    class Meta:
        verbose_name = _("aménagement")
        verbose_name_plural = _("aménagements")
        ordering = ["student_id", "-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                name="accommodation_period",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
            ),
            models.CheckConstraint(
                name="accommodation_extra_time_percent",
                condition=(Q(kind="extra_time") & Q(extra_time_percent__gt=0) & Q(extra_time_percent__lte=100))
                | (~Q(kind="extra_time") & Q(extra_time_percent__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == AccommodationKind.EXTRA_TIME:
            return f"{self.get_kind_display()} {self.extra_time_percent} %"
        return str(self.get_kind_display())

    def is_valid_on(self, day) -> bool:  # type: ignore[no-untyped-def]
        return rules.is_valid_on(day, self.valid_from, self.valid_until)
