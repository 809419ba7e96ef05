from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class DiplomaType(models.TextChoices):
    BUT = "BUT", _("BUT")
    DUT = "DUT", _("DUT")
    LP = "LP", _("Licence professionnelle")
    LICENCE = "LICENCE", _("Licence")
    MASTER = "MASTER", _("Master")
    DU = "DU", _("Diplôme d'université")


class M3CStateChoices(models.TextChoices):
    """M3C workflow of a programme version (see courses.services.workflow.TRANSITIONS)."""

    DRAFT = "draft", _("Brouillon")
    APPROVED = "approved", _("Approuvées par le conseil")
    PUBLISHED = "published", _("Publiées")
    FROZEN = "frozen", _("Figées")


class Programme(models.Model):
    """A diploma programme (formation) of a component: e.g. BUT Informatique of IUT ARL."""

    component = models.ForeignKey("core.Component", on_delete=models.PROTECT, related_name="programmes")
    diploma_type = models.CharField(_("type de diplôme"), max_length=16, choices=DiplomaType.choices)
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("intitulé"), max_length=200)
    mention = models.CharField(_("mention"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["component_id", "code"]
        constraints = [
            models.UniqueConstraint(name="programme_code_unique", fields=["component", "code"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_diploma_type_display()} {self.title}"


class ProgrammeVersion(models.Model):
    """The programme as taught during one academic year, with its M3C and their workflow state.

    Compensation and capitalisation settings default from the regulation profile
    (courses.parameters) and are set per programme version.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="versions")
    academic_year = models.PositiveSmallIntegerField(_("année universitaire (début)"))
    state = models.CharField(
        _("état des M3C"), max_length=16, choices=M3CStateChoices.choices, default=M3CStateChoices.DRAFT
    )
    # Compensation / capitalisation (defaults from the profile, see courses.parameters).
    compensation_within_ue = models.BooleanField(_("compensation entre modules d'une UE"), default=True)
    compensation_between_ues = models.BooleanField(_("compensation entre UE d'un semestre"), default=False)
    compensation_between_semesters = models.BooleanField(
        _("compensation entre semestres d'une année"), default=False
    )
    ue_capitalisation = models.BooleanField(_("capitalisation des UE acquises"), default=True)
    validation_threshold = models.DecimalField(
        _("seuil de validation (/20)"), max_digits=5, decimal_places=2, default=10
    )
    # Approval and publication.
    council = models.CharField(_("conseil ayant approuvé"), max_length=200, blank=True)
    council_date = models.DateField(_("date du conseil"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiées le"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("figées le"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("révision"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("version annuelle de formation")
        verbose_name_plural = _("versions annuelles de formation")
        ordering = ["programme_id", "-academic_year"]
        constraints = [
            models.UniqueConstraint(name="programmeversion_year_unique", fields=["programme", "academic_year"]),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.academic_year}-{self.academic_year + 1}"


class StudyYear(models.Model):
    """One year of study of a programme version (e.g. "BUT 1")."""

    programme_version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="study_years")
    level = models.PositiveSmallIntegerField(_("année d'études"))
    label = models.CharField(_("libellé"), max_length=100)

    class Meta:
        verbose_name = _("année d'études")
        verbose_name_plural = _("années d'études")
        ordering = ["programme_version_id", "level"]
        constraints = [
            models.UniqueConstraint(name="studyyear_level_unique", fields=["programme_version", "level"]),
            models.CheckConstraint(name="studyyear_level_positive", condition=Q(level__gte=1)),
        ]

    def __str__(self) -> str:
        return self.label


class Semester(models.Model):
    study_year = models.ForeignKey(StudyYear, on_delete=models.CASCADE, related_name="semesters")
    number = models.PositiveSmallIntegerField(_("numéro de semestre"))
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("semestre")
        verbose_name_plural = _("semestres")
        ordering = ["study_year_id", "number"]
        constraints = [
            models.UniqueConstraint(name="semester_number_unique", fields=["study_year", "number"]),
            models.CheckConstraint(
                name="semester_number_range", condition=Q(number__gte=1, number__lte=10)
            ),
            models.CheckConstraint(
                name="semester_end_after_start",
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"S{self.number}"

    @property
    def is_odd(self) -> bool:
        return self.number % 2 == 1


class Parcours(models.Model):
    programme_version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="parcours")
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("intitulé"), max_length=200)

    class Meta:
        verbose_name = _("parcours")
        verbose_name_plural = _("parcours")
        ordering = ["programme_version_id", "code"]
        constraints = [
            models.UniqueConstraint(name="parcours_code_unique", fields=["programme_version", "code"]),
        ]

    def __str__(self) -> str:
        return self.title


class Competence(models.Model):
    """A competence of the programme (BUT: national programme, e.g. "Réaliser un développement")."""

    programme_version = models.ForeignKey(ProgrammeVersion, on_delete=models.CASCADE, related_name="competences")
    number = models.PositiveSmallIntegerField(_("numéro"))
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("intitulé"), max_length=200)

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["programme_version_id", "number"]
        constraints = [
            models.UniqueConstraint(name="competence_code_unique", fields=["programme_version", "code"]),
        ]

    def __str__(self) -> str:
        return f"C{self.number} {self.title}"


class CompetenceLevel(models.Model):
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("niveau"))
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    study_year = models.ForeignKey(
        StudyYear, null=True, blank=True, on_delete=models.SET_NULL, related_name="competence_levels"
    )

    class Meta:
        verbose_name = _("niveau de compétence")
        verbose_name_plural = _("niveaux de compétence")
        ordering = ["competence_id", "level"]
        constraints = [
            models.UniqueConstraint(name="competencelevel_unique", fields=["competence", "level"]),
        ]

    def __str__(self) -> str:
        return f"{self.competence} — {_('niveau')} {self.level}"


class UE(models.Model):
    """Unité d'enseignement of a semester; in a BUT, one UE per competence level and semester."""

    semester = models.ForeignKey(Semester, on_delete=models.CASCADE, related_name="ues")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("intitulé"), max_length=200)
    ects = models.DecimalField(_("crédits ECTS"), max_digits=5, decimal_places=2)
    competence_level = models.ForeignKey(
        CompetenceLevel, null=True, blank=True, on_delete=models.SET_NULL, related_name="ues"
    )
    parcours = models.ManyToManyField(
        Parcours, blank=True, related_name="ues", help_text=_("Vide : commune à tous les parcours.")
    )

    class Meta:
        verbose_name = _("UE")
        verbose_name_plural = _("UE")
        ordering = ["semester_id", "code"]
        constraints = [
            models.UniqueConstraint(name="ue_code_unique", fields=["semester", "code"]),
            models.CheckConstraint(name="ue_ects_non_negative", condition=Q(ects__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class RCUE(models.Model):
    """Regroupement cohérent d'UE: the odd- and even-semester UEs of one competence level.

    Kept as a row so juries can attach results to it; built by courses.services.rcue_sync.
    """

    study_year = models.ForeignKey(StudyYear, on_delete=models.CASCADE, related_name="rcues")
    competence_level = models.ForeignKey(CompetenceLevel, on_delete=models.CASCADE, related_name="rcues")
    ue_odd = models.ForeignKey(UE, on_delete=models.CASCADE, related_name="rcues_as_odd")
    ue_even = models.ForeignKey(UE, on_delete=models.CASCADE, related_name="rcues_as_even")

    class Meta:
        verbose_name = _("RCUE")
        verbose_name_plural = _("RCUE")
        ordering = ["study_year_id", "competence_level_id"]
        constraints = [
            models.UniqueConstraint(
                name="rcue_unique", fields=["study_year", "competence_level", "ue_odd", "ue_even"]
            ),
        ]

    def __str__(self) -> str:
        return f"RCUE {self.ue_odd.code} + {self.ue_even.code}"


__all__ = [
    "RCUE",
    "UE",
    "Competence",
    "CompetenceLevel",
    "DiplomaType",
    "M3CStateChoices",
    "Parcours",
    "Programme",
    "ProgrammeVersion",
    "Semester",
    "StudyYear",
]
