"""Reading a YAML scenario: the error type and a collector that names each YAML path."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any


class ScenarioError(ValueError):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("\n".join(f"{path}: {msg}" for path, msg in errors))


class Reader:
    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def err(self, path: str, msg: str) -> None:
        self.errors.append((path, msg))

    def mapping(self, value: Any, path: str, *, required: bool = True) -> Mapping[str, Any]:
        if value is None and not required:
            return {}
        if not isinstance(value, Mapping):
            self.err(path, "objet (clé: valeur) attendu")
            return {}
        return value

    def seq(self, value: Any, path: str, *, required: bool = True) -> list[Any]:
        if value is None and not required:
            return []
        if not isinstance(value, list):
            self.err(path, "liste attendue")
            return []
        return value

    def text(self, value: Any, path: str) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float) or str(value).strip() == "":
            self.err(path, "texte obligatoire")
            return ""
        return str(value)

    def number(self, value: Any, path: str, *, default: float | None = None, minimum: float = 0) -> float:
        if value is None and default is not None:
            return default
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            number = Decimal(str(value).replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.err(path, f"nombre attendu (reçu {value!r})")
            return default or 0.0
        if number < minimum:
            self.err(path, f"doit être ≥ {minimum:g}")
        return float(number)

    def boolean(self, value: Any, path: str, default: bool = False) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.err(path, "true ou false attendu")
            return default
        return value

    def unknown_keys(self, data: Mapping[str, Any], allowed: set[str], path: str) -> None:
        for key in data:
            if key not in allowed:
                self.err(f"{path}.{key}" if path else str(key), f"clé inconnue (permises : {', '.join(sorted(allowed))})")
