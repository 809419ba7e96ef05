"""Forms of courses (input only: every write goes through courses.services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import (
    UE,
    AssessmentComponent,
    AssessmentType,
    CompetenceLevel,
    DiplomaType,
    Module,
    Parcours,
    ProgrammeVersion,
)
from courses.models.calendar import PeriodKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.Form):
    component: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Composante"), queryset=None)  # type: ignore[arg-type]
    diploma_type = forms.ChoiceField(label=_("Type de diplôme"), choices=DiplomaType.choices)
    code = forms.SlugField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    mention = forms.CharField(label=_("Mention"), max_length=200, required=False)

    def __init__(self, *args, components=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = components


class VersionForm(forms.Form):
    academic_year = forms.IntegerField(label=_("Année universitaire (année de début, ex. 2026)"),
                                       min_value=2000, max_value=2100)


class VersionSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgrammeVersion
        fields = ["compensation_within_ue", "compensation_between_ues", "compensation_between_semesters",
                  "ue_capitalisation", "validation_threshold"]


class StudyYearForm(forms.Form):
    level = forms.IntegerField(label=_("Année d'études (1, 2, 3…)"), min_value=1, max_value=8)
    label = forms.CharField(label=_("Libellé (ex. BUT 1)"), max_length=100)


class SemesterForm(forms.Form):
    number = forms.IntegerField(label=_("Numéro de semestre"), min_value=1, max_value=10)
    start_date = forms.DateField(label=_("Début"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("Fin"), required=False, widget=DATE)


class ParcoursForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Intitulé"), max_length=200)


class CompetenceForm(forms.Form):
    number = forms.IntegerField(label=_("Numéro"), min_value=1, max_value=20)
    code = forms.SlugField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    level = forms.IntegerField(label=_("Niveau enseigné cette année"), min_value=1, max_value=5, initial=1)
    study_year: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Année d'études"), queryset=None,  # type: ignore[arg-type]
                                                             required=False)

    def __init__(self, *args, version=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["study_year"].queryset = version.study_years.all() if version else None


class UEForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    ects = forms.DecimalField(label=_("Crédits ECTS"), min_value=0, max_digits=5, decimal_places=2)
    competence_level: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Niveau de compétence"), queryset=None,  # type: ignore[arg-type]
                                              required=False)
    parcours: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(label=_("Parcours (vide : tous)"), queryset=None,  # type: ignore[arg-type]
                                              required=False)

    def __init__(self, *args, version=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["competence_level"].queryset = CompetenceLevel.objects.filter(
            competence__programme_version=version).select_related("competence")
        self.fields["parcours"].queryset = Parcours.objects.filter(programme_version=version)


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["code", "title", "kind", "hours", "ects", "is_optional", "validation_threshold",
                  "eliminatory_mark", "attendance_condition", "second_session_rule", "cc_carry_over",
                  "min_assessments_exception"]
        widgets = {"attendance_condition": forms.Textarea(attrs={"rows": 2}),
                   "cc_carry_over": forms.Textarea(attrs={"rows": 2}),
                   "min_assessments_exception": forms.Textarea(attrs={"rows": 2})}

    def validate_unique(self) -> None:  # uniqueness is checked by the service
        return None


class CoefficientForm(forms.Form):
    """One row of the coefficient formset: the module's coefficient in one UE of its semester."""

    ue = forms.ModelChoiceField(queryset=UE.objects.all(), widget=forms.HiddenInput)
    coefficient = forms.DecimalField(label=_("Coefficient"), min_value=0, max_digits=6, decimal_places=2,
                                     required=False)


CoefficientFormSet = forms.formset_factory(CoefficientForm, extra=0)


def coefficient_formset(semester, module=None, data=None):  # type: ignore[no-untyped-def]
    """A formset with one row per UE of the semester (blank or 0: the module does not feed it)."""
    current = {link.ue_id: link.coefficient for link in module.ue_links.all()} if module else {}
    ues = list(semester.ues.all())
    formset = CoefficientFormSet(data=data, prefix="coef",
                                 initial=[{"ue": ue.pk, "coefficient": current.get(ue.pk)} for ue in ues])
    for form, ue in zip(formset.forms, ues, strict=False):
        form.fields["coefficient"].label = f"{ue.code} {ue.title}"
        form.fields["ue"].queryset = semester.ues.all()
    return formset


class ComponentForm(forms.ModelForm):
    class Meta:
        model = AssessmentComponent
        fields = ["code", "title", "type", "weight_percent", "session", "duration_minutes", "prep_minutes",
                  "group_mode", "anonymous", "double_marking", "language", "is_continuous", "evaluation_count",
                  "window_start", "window_end", "planned_date", "allowed_documents", "allowed_materials",
                  "marking_scale"]
        widgets = {"window_start": DATE, "window_end": DATE, "planned_date": DATE,
                   "allowed_documents": forms.Textarea(attrs={"rows": 2}),
                   "allowed_materials": forms.Textarea(attrs={"rows": 2})}

    def validate_unique(self) -> None:
        return None


class ApproveForm(forms.Form):
    council = forms.CharField(label=_("Conseil ayant approuvé les M3C"), max_length=200)
    council_date = forms.DateField(label=_("Date du conseil"), widget=DATE)


class AmendmentForm(forms.Form):
    component: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Épreuve modifiée"),
                                                            queryset=None)  # type: ignore[arg-type]
    type = forms.ChoiceField(label=_("Nouveau type d'épreuve"), choices=AssessmentType.choices)
    is_continuous = forms.BooleanField(label=_("Contrôle continu"), required=False)
    planned_date = forms.DateField(label=_("Date prévue"), required=False, widget=DATE)
    reason = forms.CharField(label=_("Motif (circonstances exceptionnelles)"), widget=forms.Textarea(attrs={"rows": 3}))
    council = forms.CharField(label=_("Conseil ayant approuvé la modification"), max_length=200)
    council_date = forms.DateField(label=_("Date du conseil"), widget=DATE)

    def __init__(self, *args, module=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = module.components.all() if module else None


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de période"), choices=PeriodKind.choices)
    semester_number = forms.TypedChoiceField(
        label=_("Semestres concernés"), coerce=int, required=False, empty_value=None,
        choices=[("", _("Toute l'année")), (1, _("Semestres impairs")), (2, _("Semestres pairs"))])
    start = forms.DateField(label=_("Du"), widget=DATE)
    end = forms.DateField(label=_("Au (inclus)"), widget=DATE)
    label = forms.CharField(label=_("Libellé"), max_length=200, required=False)


class TeamForm(forms.Form):
    head = forms.EmailField(label=_("Responsable du module (e-mail)"), required=False)
    teachers = forms.CharField(label=_("Enseignant·es (e-mails, un par ligne)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    vacataires = forms.CharField(label=_("Vacataires (e-mails, un par ligne)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
