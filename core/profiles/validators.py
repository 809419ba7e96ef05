"""Validators for structured (``Kind.STRUCT`` / ``Kind.LIST``) profile parameters.

A structured parameter transcribes a catalogue ``conflicts[].values[preset].params`` object as it
is (same keys), so a reader can compare the preset with the regulation text. Each validator
returns the cleaned value or raises ``ValueError`` with a French message naming the sub-field;
``core.profiles.registry.validate_value`` wraps it into an ApplicationError naming the parameter
and its rule ids.

Example::

    validator=struct(
        {"value": integer(0, 720), "day_kind": choice(DAY_KINDS)},
        required=("value", "day_kind"),
    )
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from core.profiles.registry import DAY_KINDS

Check = Callable[[Any], Any]


def integer(min_value: int | None = None, max_value: int | None = None, *, nullable: bool = False) -> Check:
    def check(value: Any) -> int | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ValueError(_("nombre entier attendu."))
        try:
            n = int(value)
        except ValueError:
            raise ValueError(_("nombre entier attendu.")) from None
        if min_value is not None and n < min_value:
            raise ValueError(_("%(v)s est inférieur au minimum %(m)s.") % {"v": n, "m": min_value})
        if max_value is not None and n > max_value:
            raise ValueError(_("%(v)s dépasse le maximum %(m)s.") % {"v": n, "m": max_value})
        return n

    return check


def number(min_value: float | None = None, max_value: float | None = None, *, nullable: bool = False) -> Check:
    """A JSON number (int or float, kept as given so presets compare equal to the catalogue)."""

    def check(value: Any) -> int | float | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(_("nombre attendu."))
        if min_value is not None and value < min_value:
            raise ValueError(_("%(v)s est inférieur au minimum %(m)s.") % {"v": value, "m": min_value})
        if max_value is not None and value > max_value:
            raise ValueError(_("%(v)s dépasse le maximum %(m)s.") % {"v": value, "m": max_value})
        return value

    return check


def boolean(*, nullable: bool = False) -> Check:
    def check(value: Any) -> bool | None:
        if value is None and nullable:
            return None
        if not isinstance(value, bool):
            raise ValueError(_("true ou false attendu."))
        return value

    return check


def text(max_length: int = 200, *, nullable: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ValueError(_("texte attendu."))
        if len(value) > max_length:
            raise ValueError(_("texte trop long (%(n)s caractères au plus).") % {"n": max_length})
        return value.strip()

    return check


def choice(options: Iterable[str], *, nullable: bool = False) -> Check:
    allowed = tuple(options)

    def check(value: Any) -> str | None:
        if value is None and nullable:
            return None
        if value not in allowed:
            raise ValueError(_("« %(v)s » : choisir parmi %(c)s.") % {"v": value, "c": ", ".join(allowed)})
        return value

    return check


def one_of(*checks: Check) -> Check:
    """The first check that accepts the value wins (e.g. a boolean or the word ``provisional``)."""

    def check(value: Any) -> Any:
        errors = []
        for c in checks:
            try:
                return c(value)
            except ValueError as exc:
                errors.append(str(exc))
        raise ValueError(" / ".join(errors))

    return check


def null() -> Check:
    def check(value: Any) -> None:
        if value is not None:
            raise ValueError(_("doit rester vide (null) : le texte ne fixe pas de valeur."))
        return None

    return check


def list_of(item: Check, *, min_items: int = 0) -> Check:
    def check(value: Any) -> list[Any]:
        if not isinstance(value, list | tuple):
            raise ValueError(_("liste attendue."))
        if len(value) < min_items:
            raise ValueError(_("au moins %(n)s élément(s) attendu(s).") % {"n": min_items})
        out = []
        for i, v in enumerate(value):
            try:
                out.append(item(v))
            except ValueError as exc:
                raise ValueError(_("élément %(i)s : %(e)s") % {"i": i + 1, "e": exc}) from None
        return out

    return check


def struct(fields: Mapping[str, Check], *, required: Iterable[str] = ()) -> Check:
    """A JSON object with only the named keys, each checked; ``required`` keys must be present."""
    needed = tuple(required)

    def check(value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise ValueError(_("objet JSON attendu ({clé: valeur})."))
        unknown = sorted(set(value) - set(fields))
        if unknown:
            raise ValueError(
                _("clé(s) inconnue(s) : %(k)s (autorisées : %(a)s).")
                % {"k": ", ".join(map(str, unknown)), "a": ", ".join(fields)}
            )
        missing = [k for k in needed if k not in value]
        if missing:
            raise ValueError(_("clé(s) manquante(s) : %(k)s.") % {"k": ", ".join(missing)})
        out: dict[str, Any] = {}
        for key, v in value.items():
            try:
                out[key] = fields[key](v)
            except ValueError as exc:
                raise ValueError(_("champ « %(f)s » : %(e)s") % {"f": key, "e": exc}) from None
        return out

    return check


def delay(*, max_value: int = 3650, anchors: Iterable[str] | None = None) -> Check:
    """A delay as the catalogue writes it: ``{value, day_kind[, anchor]}``."""
    return struct(
        {
            "value": integer(0, max_value),
            "day_kind": choice(DAY_KINDS),
            "anchor": choice(anchors) if anchors is not None else text(80),
        },
        required=("value", "day_kind"),
    )
