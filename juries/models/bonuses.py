"""Bonus inputs of the results engine (bonifications, RSY-A7.1-sport-bonus, RSY-A7.2C-cap).

One row per (student, programme year, kind, engagement type): the sport sessions the student
attended that year (the SUAPS list, RSY-A7.1-sport-eligibility) or the points the engagement
commission granted for one activity type (RSY-A7.2B-commission, RSY-A7.2C-cap). The engine turns
them into UE bonuses within the profile's caps; these rows are only the recorded facts.
Written only through ``juries.services.bonuses`` (validated against the profile, audited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BonusKind(models.TextChoices):
    SPORT = "sport", _("Sport (séances suivies)")
    ENGAGEMENT = "engagement", _("Engagement étudiant (points)")


#: Display labels of the engagement activity types of the profiles (juries.engagement_bonus_types,
#: RSY-A7.2A-activities); a type without a label is shown as its code.
ENGAGEMENT_LABELS = {
    "benevolat_associatif": _("Bénévolat associatif"),
    "activite_professionnelle": _("Activité professionnelle"),
    "reserve_operationnelle": _("Réserve opérationnelle"),
    "sapeur_pompier_volontaire": _("Sapeur-pompier volontaire"),
    "volontariat_armees": _("Volontariat dans les armées"),
    "service_civique": _("Service civique"),
    "artistique_culturel": _("Activité artistique ou culturelle"),
    "elu_conseils_centraux": _("Élu·e aux conseils centraux"),
    "elu_conseil_institut": _("Élu·e au conseil de l'IUT"),
}


def engagement_label(code: str) -> str:
    return str(ENGAGEMENT_LABELS.get(code, code.replace("_", " ")))


class BonusEntry(models.Model):
    """A student's sport sessions or engagement points for one academic year of a programme."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bonus_entries")
    study_year = models.ForeignKey("courses.StudyYear", on_delete=models.CASCADE, related_name="bonus_entries")
    academic_year = models.PositiveSmallIntegerField(_("année universitaire (début)"))
    kind = models.CharField(_("nature"), max_length=16, choices=BonusKind.choices)
    engagement_type = models.CharField(
        _("type d'engagement"), max_length=40, blank=True,
        help_text=_("Vide pour le sport ; pour l'engagement, un type de la liste du profil (RSY-A7.2A-activities)."),
    )
    value = models.DecimalField(_("valeur"), max_digits=6, decimal_places=2,
                                help_text=_("Sport : nombre de séances ; engagement : points accordés."))
    evidence = models.CharField(_("justificatif"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("saisi le"))

    class Meta:
        verbose_name = _("bonification (donnée)")
        verbose_name_plural = _("bonifications (données)")
        ordering = ["study_year_id", "student_id", "kind", "engagement_type"]
        indexes = [models.Index(fields=["study_year", "student"], name="bonusentry_year_student")]
        constraints = [
            models.UniqueConstraint(name="bonusentry_unique",
                                    fields=["student", "study_year", "kind", "engagement_type"]),
            models.CheckConstraint(name="bonusentry_value_non_negative", condition=Q(value__gte=0)),
            models.CheckConstraint(
                name="bonusentry_type_matches_kind",
                condition=(Q(kind="sport") & Q(engagement_type="")) | (Q(kind="engagement") & ~Q(engagement_type="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student_id}/{self.academic_year} {self.kind} {self.engagement_type} {self.value}"

    @property
    def type_label(self) -> str:
        return engagement_label(self.engagement_type) if self.engagement_type else ""
