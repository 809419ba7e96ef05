"""Forms of enrollment pages: they only parse input; the services decide (STYLE: no logic here)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enrollment.models import AccommodationKind, Regime, RegistrationState, Student


class RegistrationCreateForm(forms.Form):
    study_year = forms.TypedChoiceField(label=_("Année de formation"), coerce=int, choices=())

    def __init__(self, *args, study_years=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["study_year"].choices = [
            (sy.pk, f"{sy.programme_version.programme} — {sy.label} ({sy.programme_version.academic_year}-"
                    f"{sy.programme_version.academic_year + 1})")
            for sy in study_years
        ]


class DocumentUploadForm(forms.Form):
    document_type = forms.TypedChoiceField(label=_("Pièce"), coerce=int, choices=())
    file = forms.FileField(label=_("Fichier"))

    def __init__(self, *args, document_types=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = [
            (t.pk, f"{t.label} ({', '.join(t.accepted_types or ['pdf'])}, {t.max_size_kb} Ko max.)")
            for t in document_types
        ]


class PedagogicalForm(forms.Form):
    parcours = forms.TypedChoiceField(label=_("Parcours"), coerce=int, required=False, empty_value=None, choices=())
    modules = forms.TypedMultipleChoiceField(
        label=_("Options"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    groups = forms.TypedMultipleChoiceField(
        label=_("Groupes"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, parcours=(), options=(), groups=(), counts=None, prefix=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, prefix=prefix, **kwargs)
        counts = counts or {}
        self.fields["parcours"].choices = [("", "—")] + [(p.pk, p.title) for p in parcours]
        if not parcours:
            del self.fields["parcours"]
        self.fields["modules"].choices = [(m.pk, f"{m.code} {m.title}") for m in options]
        self.fields["groups"].choices = [
            (g.pk, f"{g.get_kind_display()} {g.code} ({counts.get(g.pk, 0)}/{g.capacity if g.capacity else '∞'})")
            for g in groups
        ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Décision"), choices=[("accept", _("Accepter")), ("reject", _("Refuser"))])
    reason = forms.CharField(label=_("Motif du refus"), max_length=300, required=False)


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("Nom, numéro, INE ou e-mail"), required=False)
    state = forms.ChoiceField(label=_("État"), required=False, choices=[("", _("Tous")), *list(RegistrationState.choices)])
    study_year = forms.TypedChoiceField(label=_("Année de formation"), required=False, coerce=int, empty_value=None,
                                        choices=())
    regime = forms.ChoiceField(label=_("Régime"), required=False, choices=[("", _("Tous")), *list(Regime.choices)])
    academic_year = forms.TypedChoiceField(label=_("Année universitaire"), required=False, coerce=int,
                                           empty_value=None, choices=())

    def __init__(self, *args, study_years=(), years=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["study_year"].choices = [("", _("Toutes"))] + [
            (sy.pk, f"{sy.programme_version.programme} — {sy.label} ({sy.programme_version.academic_year})")
            for sy in study_years
        ]
        self.fields["academic_year"].choices = [("", _("Toutes"))] + [(y, f"{y}-{y + 1}") for y in years]


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("validate", _("Valider les dossiers complets sélectionnés")),
                 ("remind", _("Relancer les dossiers incomplets sélectionnés"))],
    )
    selected = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)

    def __init__(self, *args, ids=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(i, str(i)) for i in ids]


class StudentForm(forms.ModelForm):
    class Meta:
        model = Student
        fields = [
            "student_number", "ine", "birth_date", "birth_place", "phone", "address", "resides_outside_metropole",
            "trusted_person_name", "trusted_person_phone", "trusted_person_email", "regime",
            "attendance_exempt", "attendance_exempt_from", "attendance_exempt_until",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attendance_exempt_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attendance_exempt_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 3}),
        }


class ImportForm(forms.Form):
    institution = forms.TypedChoiceField(label=_("Établissement"), coerce=int, choices=())
    academic_year = forms.IntegerField(label=_("Année universitaire (année de début)"), min_value=2000, max_value=2100)
    file = forms.FileField(label=_("Fichier (.csv ou .xlsx)"))
    validated = forms.BooleanField(label=_("Inscriptions déjà validées dans le système d'origine"), required=False)

    def __init__(self, *args, institutions=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [(i.pk, i.name) for i in institutions]


class AccommodationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Aménagement"), choices=AccommodationKind.choices)
    extra_time_percent = forms.IntegerField(label=_("Temps majoré (%)"), required=False, min_value=1, max_value=100,
                                            help_text=_("33 pour un tiers-temps."))
    details = forms.CharField(label=_("Précisions"), required=False, max_length=300)
    valid_from = forms.DateField(label=_("Valable du"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valable jusqu'au"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
