from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegulationProfile(models.Model):
    """Every number and choice a regulation leaves to the institution, for one academic year.

    ``params`` holds one validated value per parameter of core.profiles.registry (always the
    full set: a preset fills them all). Changes go through core.profiles.services, which keeps
    a ProfileRevision and an audit row; older versions stay readable.
    """

    institution = models.ForeignKey(
        "core.Institution", on_delete=models.CASCADE, related_name="profiles"
    )
    preset = models.SlugField(_("préréglage"), max_length=32)
    academic_year = models.PositiveSmallIntegerField(
        _("année universitaire"), help_text=_("Année de début : 2026 pour 2026-2027.")
    )
    name = models.CharField(_("nom"), max_length=200)
    params = models.JSONField(_("paramètres"), default=dict)
    revision = models.PositiveIntegerField(_("révision"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil réglementaire")
        verbose_name_plural = _("profils réglementaires")
        ordering = ["institution_id", "-academic_year", "name"]
        constraints = [
            models.UniqueConstraint(
                name="profile_unique_per_year", fields=["institution", "academic_year", "preset"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.academic_year}-{self.academic_year + 1})"


class ProfileRevision(models.Model):
    """One change of a profile: the values before and after, who, when and why."""

    profile = models.ForeignKey(RegulationProfile, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    changes = models.JSONField(help_text="{key: {before, after}}")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("motif"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("révision de profil")
        ordering = ["profile_id", "-revision"]
        constraints = [
            models.UniqueConstraint(name="profilerevision_unique", fields=["profile", "revision"]),
        ]

    def __str__(self) -> str:
        return f"{self.profile} — r{self.revision}"


class ComponentProfile(models.Model):
    """Which profile a component follows in a given academic year (sub-components inherit)."""

    component = models.ForeignKey(
        "core.Component", on_delete=models.CASCADE, related_name="profile_assignments"
    )
    academic_year = models.PositiveSmallIntegerField(_("année universitaire"))
    profile = models.ForeignKey(RegulationProfile, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        verbose_name = _("profil d'une composante")
        ordering = ["component_id", "-academic_year"]
        constraints = [
            models.UniqueConstraint(
                name="componentprofile_unique", fields=["component", "academic_year"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.component} {self.academic_year}-{self.academic_year + 1}: {self.profile}"
