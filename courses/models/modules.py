from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ModuleKind(models.TextChoices):
    RESSOURCE = "ressource", _("Ressource")
    SAE = "sae", _("SAÉ")
    COURSE = "course", _("Enseignement (EC/UV)")
    PROJECT = "project", _("Projet")
    INTERNSHIP = "internship", _("Stage")
    PORTFOLIO = "portfolio", _("Portfolio")
    OTHER = "other", _("Autre")


class SecondSessionRule(models.TextChoices):
    """What a second-session mark does to the first-session one (M3C, per module)."""

    REPLACE = "replace", _("La note de seconde session remplace celle de première session")
    BEST = "best", _("La meilleure des deux notes est retenue")
    NONE = "none", _("Pas de seconde session (non rattrapable)")


class Module(models.Model):
    """A teaching unit of a semester (ressource, SAÉ, EC, UV, project, internship…).

    Feeds one or more UEs with a coefficient each (``ModuleUE``). Its assessment rules (M3C)
    are its components plus the fields below. The team is held in core.RoleAssignment scoped
    to the module (courses.services.module_team_set).
    """

    semester = models.ForeignKey("courses.Semester", on_delete=models.CASCADE, related_name="modules")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("intitulé"), max_length=200)
    kind = models.CharField(_("nature"), max_length=16, choices=ModuleKind.choices, default=ModuleKind.RESSOURCE)
    hours = models.DecimalField(_("volume horaire (h)"), max_digits=6, decimal_places=1, default=0)
    ects = models.DecimalField(
        _("crédits ECTS propres"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("Pour les formations où le module porte des crédits (UV, EC)."),
    )
    parcours = models.ManyToManyField(
        "courses.Parcours", blank=True, related_name="modules",
        help_text=_("Vide : commun à tous les parcours."),
    )
    is_optional = models.BooleanField(_("optionnel"), default=False)
    ues = models.ManyToManyField("courses.UE", through="courses.ModuleUE", related_name="modules")
    # Module-level assessment rules (M3C).
    validation_threshold = models.DecimalField(
        _("seuil de validation (/20)"), max_digits=5, decimal_places=2, null=True, blank=True,
        help_text=_("Vide : seuil de la formation."),
    )
    eliminatory_mark = models.DecimalField(
        _("note éliminatoire (strictement inférieure à)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    attendance_condition = models.TextField(_("conditions d'assiduité"), blank=True)
    second_session_rule = models.CharField(
        _("règle de seconde session"), max_length=16, choices=SecondSessionRule.choices,
        default=SecondSessionRule.REPLACE,
    )
    cc_carry_over = models.TextField(
        _("notes de contrôle continu conservées en seconde session"), blank=True
    )
    min_assessments_exception = models.TextField(
        _("motif de dérogation au nombre minimal d'évaluations"), blank=True,
        help_text=_("À renseigner si le module ne comporte qu'un seul moyen d'évaluation."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["semester_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(name="module_code_unique", fields=["semester", "code"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ModuleUE(models.Model):
    """A module feeds a UE with a coefficient (a BUT module can feed several UEs)."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="ue_links")
    ue = models.ForeignKey("courses.UE", on_delete=models.CASCADE, related_name="module_links")
    coefficient = models.DecimalField(_("coefficient"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("coefficient module → UE")
        verbose_name_plural = _("coefficients module → UE")
        ordering = ["module_id", "ue_id"]
        constraints = [
            models.UniqueConstraint(name="moduleue_unique", fields=["module", "ue"]),
            models.CheckConstraint(name="moduleue_coefficient_positive", condition=Q(coefficient__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.module_id} → {self.ue_id} ×{self.coefficient}"


class AssessmentType(models.TextChoices):
    WRITTEN = "written", _("Écrit")
    ORAL = "oral", _("Oral")
    COMPUTER = "computer", _("Épreuve sur machine")
    TP_REPORT = "tp_report", _("Compte rendu de TP")
    PROJECT = "project", _("Projet")
    DEFENCE = "defence", _("Soutenance")
    INTERNSHIP = "internship", _("Stage (rapport et soutenance)")
    CONTINUOUS = "continuous", _("Contrôle continu")
    PORTFOLIO = "portfolio", _("Portfolio")
    OTHER = "other", _("Autre")


class Session(models.TextChoices):
    FIRST = "1", _("Session 1")
    SECOND = "2", _("Session 2")
    BOTH = "both", _("Sessions 1 et 2")


class GroupMode(models.TextChoices):
    INDIVIDUAL = "individual", _("Individuel")
    GROUP = "group", _("En groupe")


class AssessmentComponent(models.Model):
    """One assessment of a module's M3C: type, weight, session, duration, conditions, window."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("intitulé"), max_length=200)
    type = models.CharField(_("type d'épreuve"), max_length=16, choices=AssessmentType.choices)
    weight_percent = models.DecimalField(_("poids (%)"), max_digits=5, decimal_places=2)
    session = models.CharField(_("session"), max_length=8, choices=Session.choices, default=Session.FIRST)
    duration_minutes = models.PositiveIntegerField(_("durée (min)"), null=True, blank=True)
    prep_minutes = models.PositiveIntegerField(
        _("temps de préparation (min)"), null=True, blank=True,
        help_text=_("Oraux : temps de préparation prévu avant le passage (STRAS-80)."),
    )
    group_mode = models.CharField(
        _("modalité"), max_length=16, choices=GroupMode.choices, default=GroupMode.INDIVIDUAL
    )
    anonymous = models.BooleanField(_("anonymat requis"), default=False)
    double_marking = models.BooleanField(_("double correction requise"), default=False)
    language = models.CharField(_("langue de composition"), max_length=8, default="fr")
    is_continuous = models.BooleanField(_("contrôle continu"), default=False)
    evaluation_count = models.PositiveSmallIntegerField(
        _("nombre d'évaluations (CC)"), default=1,
        help_text=_("Pour un contrôle continu : nombre d'évaluations distinctes prévues."),
    )
    window_start = models.DateField(_("fenêtre : début"), null=True, blank=True)
    window_end = models.DateField(_("fenêtre : fin"), null=True, blank=True)
    planned_date = models.DateField(_("date prévue"), null=True, blank=True)
    allowed_documents = models.TextField(_("documents autorisés"), blank=True)
    allowed_materials = models.TextField(_("matériel autorisé"), blank=True)
    marking_scale = models.PositiveSmallIntegerField(_("barème"), default=20)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("épreuve")
        verbose_name_plural = _("épreuves")
        ordering = ["module_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(name="assessmentcomponent_code_unique", fields=["module", "code"]),
            models.CheckConstraint(
                name="assessmentcomponent_weight_range",
                condition=Q(weight_percent__gte=0, weight_percent__lte=100),
            ),
            models.CheckConstraint(
                name="assessmentcomponent_window_order",
                condition=Q(window_start__isnull=True) | Q(window_end__isnull=True)
                | Q(window_end__gte=F("window_start")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title} ({self.weight_percent} %)"


class TeachingGroupKind(models.TextChoices):
    CM = "CM", _("Cours magistral")
    TD = "TD", _("Travaux dirigés")
    TP = "TP", _("Travaux pratiques")
    OTHER = "other", _("Autre")


class TeachingGroup(models.Model):
    semester = models.ForeignKey("courses.Semester", on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=40)
    kind = models.CharField(_("type"), max_length=8, choices=TeachingGroupKind.choices)
    capacity = models.PositiveIntegerField(_("capacité"), null=True, blank=True)

    class Meta:
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        ordering = ["semester_id", "kind", "code"]
        constraints = [
            models.UniqueConstraint(name="teachinggroup_code_unique", fields=["semester", "code"]),
        ]

    def __str__(self) -> str:
        return self.code
