"""The profile edit form: one field per registered parameter, plus a mandatory reason.

The form only converts what was typed into JSON values (numbers, booleans, JSON objects,
delays as value + unit); ``registry.validate_value`` decides whether a value is acceptable
and its message (naming the parameter and its rule) is shown next to the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from core.profiles.registry import DAY_KINDS, Kind, Param, all_params, validate_value

NULL = ""
BOOL_CHOICES = [("true", gettext_lazy("Oui")), ("false", gettext_lazy("Non"))]
DAY_KIND_LABELS = {
    "calendar": gettext_lazy("jours calendaires"),
    "weeks": gettext_lazy("semaines"),
    "months": gettext_lazy("mois"),
    "ouvres": gettext_lazy("jours ouvrés"),
    "ouvrables": gettext_lazy("jours ouvrables"),
    "francs": gettext_lazy("mois francs"),
    "hours": gettext_lazy("heures"),
}


def field_name(key: str) -> str:
    return key.replace(".", "__")


def _initial(param: Param, value: Any) -> Any:
    if value is None:
        return NULL
    if param.kind is Kind.BOOL:
        return "true" if value else "false"
    if param.kind in (Kind.LIST, Kind.STRUCT):
        return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return value


@dataclass
class ParamField:
    """What the template needs to lay out one parameter (one or two bound fields)."""

    param: Param
    fields: list[forms.BoundField]

    @property
    def errors(self) -> list[str]:
        return [str(e) for f in self.fields for e in f.errors]


class ProfileEditForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif de la modification"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Obligatoire : il est conservé dans l'historique du profil."),
    )

    def __init__(self, *args: Any, values: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params = all_params()
        self.values = values
        for p in self.params:
            name = field_name(p.key)
            current = values.get(p.key)
            common = {"label": p.label, "required": False, "help_text": p.help}
            if p.kind is Kind.DELAY:
                value = current or {}
                self.fields[f"{name}__value"] = forms.CharField(
                    initial=value.get("value", ""), **common, widget=forms.TextInput(attrs={"inputmode": "numeric"})
                )
                self.fields[f"{name}__unit"] = forms.ChoiceField(
                    label=_("Unité"), required=False, initial=value.get("unit", ""),
                    choices=[("", "—"), *[(k, DAY_KIND_LABELS[k]) for k in DAY_KINDS]],
                )
                continue
            if p.kind is Kind.BOOL:
                field: forms.Field = forms.ChoiceField(choices=[("", "—"), *BOOL_CHOICES], **common)
            elif p.kind is Kind.CHOICE:
                field = forms.ChoiceField(choices=[("", "—"), *[(c, c) for c in p.choices]], **common)
            elif p.kind in (Kind.LIST, Kind.STRUCT):
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4, "class": "json"}), **common)
            else:
                field = forms.CharField(**common)
            field.initial = _initial(p, current)
            self.fields[name] = field
        self.fields["reason"] = self.fields.pop("reason")  # last, next to the submit button

    def param_fields(self) -> list[ParamField]:
        out = []
        for p in self.params:
            name = field_name(p.key)
            names = [f"{name}__value", f"{name}__unit"] if p.kind is Kind.DELAY else [name]
            out.append(ParamField(p, [self[n] for n in names]))
        return out

    def _raw(self, p: Param) -> Any:
        name = field_name(p.key)
        data = self.cleaned_data
        if p.kind is Kind.DELAY:
            value, unit = (data.get(f"{name}__value") or "").strip(), data.get(f"{name}__unit") or ""
            if not value and not unit:
                return None
            return {"value": value, "unit": unit}
        raw = data.get(name)
        raw = raw.strip() if isinstance(raw, str) else raw
        if raw in (None, NULL):
            return None
        if p.kind is Kind.BOOL:
            return raw == "true"
        if p.kind in (Kind.LIST, Kind.STRUCT):
            try:
                return json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ValueError(
                    _("JSON invalide (ligne %(l)s, colonne %(c)s).") % {"l": exc.lineno, "c": exc.colno}
                ) from None
        return raw

    def _error_field(self, p: Param) -> str:
        name = field_name(p.key)
        return f"{name}__value" if p.kind is Kind.DELAY else name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned is None:  # Form.clean returns cleaned_data; typed Optional by the stubs
            cleaned = self.cleaned_data
        self.changes: dict[str, Any] = {}
        for p in self.params:
            try:
                value = validate_value(p.key, self._raw(p))
            except ValueError as exc:
                self.add_error(self._error_field(p), str(exc))
                continue
            except ApplicationError as exc:
                self.add_error(self._error_field(p), exc.message)
                continue
            if value != self.values.get(p.key):
                self.changes[p.key] = value
        return cleaned

    def add_service_error(self, exc: ApplicationError) -> None:
        """Put a service refusal next to the field it names (or on the form)."""
        by_key = {p.key: p for p in self.params}
        placed = False
        for key, messages in exc.fields.items():
            if key in by_key:
                self.add_error(self._error_field(by_key[key]), exc.message)
                placed = True
            elif key in self.fields:
                self.add_error(key, messages)
                placed = True
        if not placed:
            self.add_error(None, exc.message)


class ProfileCreateForm(forms.Form):
    institution = forms.TypedChoiceField(label=gettext_lazy("Établissement"), coerce=int)
    preset = forms.ChoiceField(label=gettext_lazy("Préréglage"))
    academic_year = forms.IntegerField(
        label=gettext_lazy("Année universitaire (année de début)"), help_text=gettext_lazy("2026 pour 2026-2027.")
    )
    name = forms.CharField(label=gettext_lazy("Nom"), required=False, max_length=200)

    def __init__(self, *args: Any, institutions: list[Any], presets: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["institution"]).choices = [(i.pk, i.name) for i in institutions]
        cast(forms.ChoiceField, self.fields["preset"]).choices = [(p, p) for p in presets]


class ProfileCopyForm(forms.Form):
    academic_year = forms.IntegerField(label=gettext_lazy("Vers l'année universitaire (année de début)"))


class ProfileAssignForm(forms.Form):
    component = forms.TypedChoiceField(label=gettext_lazy("Composante"), coerce=int)

    def __init__(self, *args: Any, components: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["component"]).choices = [(c.pk, c.name) for c in components]
