"""Pedagogical registration: semester, parcours, modules and teaching groups
(TOURS-VI-enrollment-prerequisite: the condition to be convened to any exam)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PedagogicalRegistration(models.Model):
    administrative_registration = models.ForeignKey(
        "enrollment.AdministrativeRegistration", on_delete=models.CASCADE, related_name="pedagogical_registrations"
    )
    semester = models.ForeignKey("courses.Semester", on_delete=models.PROTECT, related_name="+")
    parcours = models.ForeignKey(
        "courses.Parcours", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inscription pédagogique")
        verbose_name_plural = _("inscriptions pédagogiques")
        ordering = ["administrative_registration_id", "semester_id"]
        constraints = [
            models.UniqueConstraint(
                name="pedreg_one_per_semester", fields=["administrative_registration", "semester"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.administrative_registration.student} — {self.semester}"


class ModuleRegistration(models.Model):
    pedagogical_registration = models.ForeignKey(
        PedagogicalRegistration, on_delete=models.CASCADE, related_name="module_registrations"
    )
    module = models.ForeignKey("courses.Module", on_delete=models.PROTECT, related_name="registrations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inscription à un module")
        verbose_name_plural = _("inscriptions aux modules")
        ordering = ["pedagogical_registration_id", "module_id"]
        constraints = [
            models.UniqueConstraint(name="modreg_unique", fields=["pedagogical_registration", "module"]),
        ]

    def __str__(self) -> str:
        return str(self.module)


class GroupMembership(models.Model):
    pedagogical_registration = models.ForeignKey(
        PedagogicalRegistration, on_delete=models.CASCADE, related_name="group_memberships"
    )
    group = models.ForeignKey("courses.TeachingGroup", on_delete=models.PROTECT, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("appartenance à un groupe")
        verbose_name_plural = _("appartenances aux groupes")
        ordering = ["group_id", "pedagogical_registration_id"]
        constraints = [
            models.UniqueConstraint(name="groupmember_unique", fields=["pedagogical_registration", "group"]),
        ]

    def __str__(self) -> str:
        return str(self.group)
