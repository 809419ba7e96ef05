"""The regulation-profile parameters, declared by each app in ``<app>/parameters.py``.

A parameter has a key (``exams.min_invigilators``), a kind, a unit, the rule ids it
implements, a default and one value per preset (``iut-arl``, ``utc``, ``iut-rsy``, ``tours``,
``strasbourg``). ``validate_value`` is the single gate for any value entering a profile: it
names the field and the rule in its error.

Example (``exams/parameters.py``)::

    from core.profiles.registry import Param, Kind, register

    register(
        Param(
            key="exams.convocation_lead_days",
            label=_("Délai minimal d'envoi des convocations avant les examens terminaux"),
            kind=Kind.INT, unit="days", min=0, max=60,
            rule_ids=("TOURS-VI-1-convocation", "STRAS-28"),
            default=15,
            presets={"utc": 15, "tours": 15, "strasbourg": 15, "iut-arl": None, "iut-rsy": None},
            nullable=True,
        ),
    )
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from core.errors import ApplicationError

PRESETS: tuple[str, ...] = ("iut-arl", "utc", "iut-rsy", "tours", "strasbourg")
DAY_KINDS: tuple[str, ...] = ("calendar", "weeks", "months", "ouvres", "ouvrables", "francs", "hours")


class Kind(enum.StrEnum):
    INT = "int"
    DECIMAL = "decimal"  # stored as a string ("0.5") so JSON never rounds it
    BOOL = "bool"
    CHOICE = "choice"
    DELAY = "delay"  # {"value": int, "unit": one of DAY_KINDS}
    LIST = "list"  # list of ints (e.g. reminder lead days) or of choices
    STRUCT = "struct"  # a JSON object checked by ``validator``


@dataclass(frozen=True)
class Param:
    key: str
    label: Any  # lazy translation
    kind: Kind
    rule_ids: tuple[str, ...]
    default: Any
    unit: str = ""
    presets: Mapping[str, Any] = field(default_factory=dict)
    min: Decimal | int | None = None
    max: Decimal | int | None = None
    choices: tuple[str, ...] = ()
    nullable: bool = False
    help: Any = ""
    validator: Callable[[Any], Any] | None = None  # STRUCT/LIST: returns the cleaned value or raises ValueError

    @property
    def app(self) -> str:
        return self.key.split(".", 1)[0]

    def preset_value(self, preset: str) -> Any:
        return self.presets.get(preset, self.default)


_REGISTRY: dict[str, Param] = {}


def register(*params: Param) -> None:
    for p in params:
        if p.key in _REGISTRY and _REGISTRY[p.key] != p:
            raise RuntimeError(f"profile parameter {p.key} registered twice")
        unknown = set(p.presets) - set(PRESETS)
        if unknown:
            raise RuntimeError(f"profile parameter {p.key}: unknown presets {sorted(unknown)}")
        _REGISTRY[p.key] = p
        for preset in PRESETS:  # presets must be valid too: fail at start-up, not at use
            validate_value(p.key, p.preset_value(preset))


def get_param(key: str) -> Param:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise ApplicationError(
            "profiles.unknown_parameter",
            _("Paramètre de profil inconnu : %(key)s.") % {"key": key},
            fields={key: _("Paramètre inconnu.")},
        ) from None


def all_params() -> list[Param]:
    return sorted(_REGISTRY.values(), key=lambda p: p.key)


def preset_values(preset: str) -> dict[str, Any]:
    if preset not in PRESETS:
        raise ApplicationError(
            "profiles.unknown_preset",
            _("Préréglage inconnu : %(preset)s.") % {"preset": preset},
            fields={"preset": _("Choisir parmi : %(list)s.") % {"list": ", ".join(PRESETS)}},
        )
    return {p.key: p.preset_value(preset) for p in all_params()}


def _error(param: Param, reason: str) -> ApplicationError:
    rules = ", ".join(param.rule_ids)
    return ApplicationError(
        "profiles.invalid_parameter",
        _("%(label)s (%(key)s) : %(reason)s Règle : %(rules)s.")
        % {"label": param.label, "key": param.key, "reason": reason, "rules": rules},
        fields={param.key: reason},
        rule_id=param.rule_ids[0] if param.rule_ids else "",
    )


def _check_bounds(param: Param, number: Decimal | int) -> None:
    if param.min is not None and number < param.min:
        raise _error(param, _("la valeur %(v)s est inférieure au minimum %(m)s.") % {"v": number, "m": param.min})
    if param.max is not None and number > param.max:
        raise _error(param, _("la valeur %(v)s dépasse le maximum %(m)s.") % {"v": number, "m": param.max})


def validate_value(key: str, value: Any) -> Any:
    """Return the cleaned JSON value for ``key`` or raise ApplicationError naming field and rule."""
    param = get_param(key)
    if value is None:
        if param.nullable:
            return None
        raise _error(param, _("une valeur est obligatoire."))
    kind = param.kind
    if kind is Kind.BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false", "1", "0", "oui", "non"}:
            return value.lower() in {"true", "1", "oui"}
        raise _error(param, _("oui ou non attendu."))
    if kind is Kind.INT:
        if isinstance(value, bool):
            raise _error(param, _("nombre entier attendu."))
        try:
            number = int(str(value).strip())
        except ValueError:
            raise _error(param, _("nombre entier attendu.")) from None
        _check_bounds(param, number)
        return number
    if kind is Kind.DECIMAL:
        try:
            dec = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise _error(param, _("nombre décimal attendu.")) from None
        if not dec.is_finite():
            raise _error(param, _("nombre décimal attendu."))
        _check_bounds(param, dec)
        return str(dec.normalize()) if dec == dec.to_integral() else str(dec)
    if kind is Kind.CHOICE:
        if value not in param.choices:
            raise _error(param, _("choisir parmi : %(c)s.") % {"c": ", ".join(param.choices)})
        return value
    if kind is Kind.DELAY:
        if not isinstance(value, Mapping) or set(value) - {"value", "unit"}:
            raise _error(param, _("délai attendu sous la forme {value, unit}."))
        unit = value.get("unit")
        if unit not in DAY_KINDS:
            raise _error(param, _("unité de délai inconnue « %(u)s » (%(c)s).") % {"u": unit, "c": ", ".join(DAY_KINDS)})
        try:
            n = int(value.get("value"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise _error(param, _("durée entière attendue.")) from None
        _check_bounds(param, n)
        return {"value": n, "unit": unit}
    if kind in (Kind.LIST, Kind.STRUCT):
        if param.validator is None:
            raise RuntimeError(f"{key}: LIST/STRUCT parameters need a validator")
        try:
            return param.validator(value)
        except ValueError as exc:
            raise _error(param, str(exc)) from None
    raise RuntimeError(f"unhandled kind {kind}")  # pragma: no cover


def int_list(*, min_value: int = 0, max_value: int = 365) -> Callable[[Any], list[int]]:
    """Validator for a list of whole numbers (e.g. reminder lead times in days)."""

    def check(value: Any) -> list[int]:
        if not isinstance(value, list | tuple):
            raise ValueError(_("liste de nombres entiers attendue."))
        out = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int | str):
                raise ValueError(_("liste de nombres entiers attendue."))
            try:
                n = int(item)
            except ValueError:
                raise ValueError(_("« %(v)s » n'est pas un nombre entier.") % {"v": item}) from None
            if not min_value <= n <= max_value:
                raise ValueError(
                    _("%(v)s hors de l'intervalle %(a)s–%(b)s.") % {"v": n, "a": min_value, "b": max_value}
                )
            out.append(n)
        return sorted(set(out), reverse=True)

    return check


def autodiscover_parameters() -> None:
    for config in apps.get_app_configs():
        module = f"{config.name}.parameters"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
