"""Forms of the exam-office pages (input only: every write goes through exams.services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import User
from courses.models import Semester
from exams.models import Room, SessionKind


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    kind = forms.ChoiceField(label=_("Type de session"), choices=SessionKind.choices)
    semester = forms.ModelChoiceField(label=_("Semestre"), queryset=Semester.objects.none())
    start_date = forms.DateField(label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Au (inclus)"), widget=forms.DateInput(attrs={"type": "date"}))
    seat_order = forms.ChoiceField(label=_("Ordre de placement"), required=False, choices=[
        ("", _("Selon le profil réglementaire")), ("alphabetical", _("Alphabétique")),
        ("random", _("Aléatoire (tirage avec graine)"))])

    def __init__(self, *args, semesters=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if semesters is not None:
            self.fields["semester"].queryset = semesters


class EventForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Heure de début"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(label=_("Durée (min)"), min_value=1, max_value=720)


class EventRoomsForm(forms.Form):
    rooms = forms.ModelMultipleChoiceField(label=_("Salles"), queryset=Room.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, rooms=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if rooms is not None:
            self.fields["rooms"].queryset = rooms


class InvigilatorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail du surveillant"))
    is_head = forms.BooleanField(label=_("Responsable de salle"), required=False)

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"]).first()
        if user is None:
            raise forms.ValidationError(_("Aucun compte avec cette adresse."))
        return user


class ReplaceForm(InvigilatorForm):
    is_head = None  # type: ignore[assignment]  # the replacement takes the replaced person's role
    reason = forms.CharField(label=_("Motif du remplacement"), max_length=300)


class RoomForm(forms.ModelForm):
    class Meta:
        model = Room
        fields = ["code", "name", "capacity", "accessible", "adapted"]
