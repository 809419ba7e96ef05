"""Forms of the oral schedule page (input only: every write goes through exams.services.orals)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from exams.models import OralPanel, OralPassage, Room

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def _time(label: StrOrPromise, required: bool = True) -> forms.TimeField:
    return forms.TimeField(label=label, required=required, widget=forms.TimeInput(attrs={"type": "time"}))


class ScheduleForm(forms.Form):
    duration_minutes = forms.IntegerField(label=_("Durée de passage par candidat (min)"), min_value=1, max_value=600,
                                          help_text=_("Au moins la durée des M3C (STRAS-80)."))
    prep_minutes = forms.IntegerField(label=_("Temps de préparation (min)"), min_value=0, max_value=600,
                                      help_text=_("Au moins celui prévu pour l'épreuve."))
    changeover_minutes = forms.IntegerField(label=_("Battement entre deux candidats (min)"), min_value=0,
                                            max_value=120, initial=0)
    break_start = _time(_("Pause : début"), required=False)
    break_end = _time(_("Pause : fin"), required=False)
    prep_during_break = forms.BooleanField(label=_("Préparation possible pendant la pause"), required=False)


class PanelForm(forms.Form):
    code = forms.CharField(label=_("Jury"), max_length=40)
    room = forms.ModelChoiceField(label=_("Salle"), queryset=Room.objects.none(), required=False)
    examiners = forms.CharField(label=_("Examinateurs (un par ligne)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    starts_at = _time(_("Début des passages (vide : début de l'épreuve)"), required=False)

    def __init__(self, *args, rooms=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if rooms is not None:
            self.fields["room"].queryset = rooms


class PassageChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: OralPassage) -> str:  # type: ignore[override]
        user = obj.student.user
        return f"{user.last_name} {user.first_name} — {obj.panel.code} {obj.start:%H:%M}"


class MoveForm(forms.Form):
    passage = PassageChoice(label=_("Candidat"), queryset=OralPassage.objects.none())
    panel = forms.ModelChoiceField(label=_("Jury"), queryset=OralPanel.objects.none())
    start = _time(_("Nouveau début du passage"))

    def __init__(self, *args, passages=None, panels=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if passages is not None:
            self.fields["passage"].queryset = passages
        if panels is not None:
            self.fields["panel"].queryset = panels


class SwapForm(forms.Form):
    first = PassageChoice(label=_("Candidat"), queryset=OralPassage.objects.none())
    second = PassageChoice(label=_("Échanger avec"), queryset=OralPassage.objects.none())

    def __init__(self, *args, passages=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if passages is not None:
            self.fields["first"].queryset = passages
            self.fields["second"].queryset = passages
