from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class HolidaySubdivision(models.TextChoices):
    """Public-holiday calendars of the `holidays` package (France subdivisions).

    Metropolitan France has no subdivision code; Alsace (6AE) and Moselle (57) add Good Friday
    and 26 December; overseas departments add their own days (abolition of slavery, …).
    """

    METROPOLE = "", _("France métropolitaine")
    ALSACE = "6AE", _("Alsace (Bas-Rhin, Haut-Rhin)")
    MOSELLE = "57", _("Moselle")
    GUADELOUPE = "971", _("Guadeloupe")
    MARTINIQUE = "972", _("Martinique")
    GUYANE = "973", _("Guyane")
    REUNION = "974", _("La Réunion")
    MAYOTTE = "976", _("Mayotte")


class Institution(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("sigle"), max_length=40, blank=True)
    address = models.TextField(_("adresse"), blank=True)
    email = models.EmailField(_("e-mail de contact"), blank=True)
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        verbose_name = _("établissement")
        verbose_name_plural = _("établissements")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Site(models.Model):
    """A campus. Its subdivision decides which public holidays the calendar service skips."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="sites")
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("nom"), max_length=200)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    holiday_subdivision = models.CharField(
        _("jours fériés"), max_length=8, choices=HolidaySubdivision.choices, blank=True, default=""
    )
    is_main = models.BooleanField(_("site principal"), default=False)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["institution_id", "-is_main", "name"]
        constraints = [
            models.UniqueConstraint(name="site_code_unique", fields=["institution", "code"]),
            models.UniqueConstraint(
                name="site_one_main", fields=["institution"], condition=Q(is_main=True)
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ComponentKind(models.TextChoices):
    UFR = "ufr", _("UFR / faculté")
    IUT = "iut", _("IUT")
    SCHOOL = "school", _("École / institut")
    DEPARTMENT = "department", _("Département")
    SERVICE = "service", _("Service central")


class Component(models.Model):
    """UFR, IUT, school or department. Departments hang under their IUT/UFR (``parent``)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="components")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=16, choices=ComponentKind.choices)
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        verbose_name = _("composante")
        verbose_name_plural = _("composantes")
        ordering = ["institution_id", "name"]
        constraints = [
            models.UniqueConstraint(name="component_code_unique", fields=["institution", "code"]),
            models.CheckConstraint(name="component_not_own_parent", condition=~Q(parent=F("id"))),
        ]

    def __str__(self) -> str:
        return self.name


class ClosureDay(models.Model):
    """Days the institution is closed (e.g. Christmas closure). Counted as non-working days.

    Scope: the whole institution, or one site, or one component (and its sub-components).
    """

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="closures")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(
        Component, null=True, blank=True, on_delete=models.CASCADE, related_name="closures"
    )
    start = models.DateField(_("du"))
    end = models.DateField(_("au (inclus)"))
    label = models.CharField(_("motif"), max_length=200)

    class Meta:
        verbose_name = _("fermeture")
        verbose_name_plural = _("fermetures")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(name="closure_end_after_start", condition=Q(end__gte=F("start"))),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.start:%d/%m/%Y}–{self.end:%d/%m/%Y})"
