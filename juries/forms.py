"""Forms of grade entry (input only: the services validate and decide)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from juries.models import ConsultationState

if TYPE_CHECKING:
    from core.models import User
    from courses.models import AssessmentComponent


class EvaluationForm(forms.Form):
    component: forms.ModelChoiceField[AssessmentComponent] = forms.ModelChoiceField(
        queryset=None, label=_("Épreuve (M3C)"))  # type: ignore[arg-type]
    label = forms.CharField(label=_("Intitulé"), max_length=200, required=False)
    date = forms.DateField(label=_("Date de l'évaluation"), widget=forms.DateInput(attrs={"type": "date"}))
    session = forms.ChoiceField(label=_("Session"), choices=[("1", _("Session 1")), ("2", _("Session 2"))])
    number = forms.IntegerField(label=_("Numéro (contrôle continu)"), min_value=1, max_value=50, initial=1)
    graders: forms.ModelMultipleChoiceField[User] = forms.ModelMultipleChoiceField(
        queryset=None, required=False,  # type: ignore[arg-type]
                                             label=_("Correcteur·rice·s désigné·e·s (vide : toute l'équipe)"))

    def __init__(self, *args, components=None, team=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name, queryset in (("component", components), ("graders", team)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Feuille de notes (.xlsx)"))
    reason = forms.CharField(label=_("Motif (obligatoire après publication)"), max_length=300, required=False)


class PublishForm(forms.Form):
    provisional = forms.BooleanField(label=_("Publication provisoire (sous réserve de la délibération du jury)"),
                                     required=False, initial=True)


class ConsultationForm(forms.Form):
    message = forms.CharField(label=_("Message (facultatif)"), widget=forms.Textarea(attrs={"rows": 3}),
                              required=False, max_length=2000)


class ContestationForm(forms.Form):
    reasons = forms.CharField(label=_("Motifs de la contestation"), widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=5000)


class ConsultationAnswerForm(forms.Form):
    state = forms.ChoiceField(label=_("Suite donnée"), choices=[
        (ConsultationState.SCHEDULED.value, ConsultationState.SCHEDULED.label),
        (ConsultationState.DONE.value, ConsultationState.DONE.label),
        (ConsultationState.REFUSED.value, ConsultationState.REFUSED.label),
    ])
    answer = forms.CharField(label=_("Réponse"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ContestationAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Réponse"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    new_value = forms.CharField(label=_("Nouvelle note (vide : note maintenue)"), required=False, max_length=12)
