"""Forms of the accommodation request pages (labels in French through gettext)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from enrollment.models import AccommodationKind, RequestScope


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class AccommodationRequestForm(forms.Form):
    academic_year = forms.TypedChoiceField(label=_("Année universitaire"), coerce=int)
    scope = forms.ChoiceField(label=_("Épreuves concernées"), choices=RequestScope.choices,
                              widget=forms.RadioSelect, initial=RequestScope.YEAR)
    semester = forms.TypedChoiceField(label=_("Semestre (si un seul semestre est concerné)"), coerce=int,
                                      required=False, empty_value=None)
    kinds = forms.MultipleChoiceField(label=_("Aménagements demandés"), choices=AccommodationKind.choices,
                                      widget=forms.CheckboxSelectMultiple)
    extra_time_percent = forms.IntegerField(label=_("Temps majoré demandé (%)"), required=False, min_value=1,
                                            max_value=100, help_text=_("33 pour un tiers-temps."))
    reasons = forms.CharField(label=_("Motifs (confidentiel : lu par le seul service handicap)"),
                              widget=forms.Textarea(attrs={"rows": 4}))
    details = forms.CharField(label=_("Besoins pratiques (matériel, salle, accessibilité…)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    force_majeure = forms.BooleanField(
        label=_("Demande tardive pour force majeure (accident, blessure, opération)"), required=False)
    force_majeure_explanation = forms.CharField(label=_("Explication de la force majeure"), required=False,
                                                widget=forms.Textarea(attrs={"rows": 2}))
    attachments = MultipleFileField(label=_("Pièces justificatives (PDF, JPEG, PNG)"), required=False)

    def __init__(self, *args: Any, years: list[tuple[int, str]], semesters: list[tuple[int, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["academic_year"]).choices = years
        cast(forms.ChoiceField, self.fields["semester"]).choices = [("", "—"), *semesters]


class DocumentsForm(forms.Form):
    attachments = MultipleFileField(label=_("Ajouter des pièces (PDF, JPEG, PNG)"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Motif du retrait (facultatif)"), required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Décision"), choices=[
        ("grant", _("Accorder")), ("grant_partially", _("Accorder en partie")), ("refuse", _("Refuser"))])
    kinds = forms.MultipleChoiceField(label=_("Aménagements accordés"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    extra_time_percent = forms.IntegerField(label=_("Temps majoré accordé (%)"), required=False, min_value=1,
                                            max_value=100)
    valid_from = forms.DateField(label=_("Valable du"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Valable jusqu'au"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}),
                                  help_text=_("Vide : fin du semestre concerné, sinon 31 août."))
    reasons = forms.CharField(label=_("Motifs (obligatoires pour un refus ou un accord partiel)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    force_majeure = forms.BooleanField(label=_("Force majeure constatée"), required=False)
    force_majeure_explanation = forms.CharField(label=_("Explication de la force majeure"), required=False)
    prior_authorisation = forms.BooleanField(label=_("Autorisation préalable du service compétent obtenue"),
                                             required=False)
    prior_authorisation_ref = forms.CharField(label=_("Référence de l'autorisation"), required=False,
                                              max_length=200)

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kinds"]).choices = kinds
        self.fields["kinds"].help_text = _("Accord partiel : cochez ce qui est accordé.")
