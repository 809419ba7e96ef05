"""The rules catalogue, read at runtime so pages can show a rule's wording next to its id.

``core/rules/catalog.yaml`` is a vendored COPY of ``../shared/rules/catalog.yaml`` (the source of
truth maintained beside the regulations); tests/core/test_catalog.py fails when the two differ, so
the copy is refreshed with ``cp ../shared/rules/catalog.yaml core/rules/catalog.yaml``. Shipping a
copy lets an installed Cursus (wheel, container) show rule texts without the shared folder.

The catalogue is parsed once per process (it is ~6 000 lines) and never changes at runtime.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from core.errors import NotFound

CATALOG_PATH = Path(__file__).resolve().parent / "rules" / "catalog.yaml"


@dataclass(frozen=True)
class Rule:
    """One normative rule of the catalogue (id, institution, article, text, French quote, params)."""

    id: str
    institution: str
    domain: str
    kind: str
    source: str
    rule: str
    quote: str = ""
    note: str = ""
    day_kind: str = ""
    params: Any = None

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> Rule:
        return cls(
            id=entry["id"],
            institution=entry.get("institution", ""),
            domain=entry.get("domain", ""),
            kind=entry.get("kind", ""),
            source=entry.get("source", ""),
            rule=entry.get("rule", ""),
            quote=entry.get("quote", "") or "",
            note=entry.get("note", "") or "",
            day_kind=entry.get("day_kind", "") or "",
            params=entry.get("params"),
        )


@dataclass(frozen=True)
class Catalog:
    meta: dict[str, Any]
    rules: dict[str, Rule]
    conflicts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def institutions(self) -> dict[str, str]:
        return dict(self.meta.get("institutions", {}))

    def conflict_params(self) -> list[str]:
        return [c["profile_param"] for c in self.conflicts]

    def conflict(self, profile_param: str) -> dict[str, Any] | None:
        return next((c for c in self.conflicts if c["profile_param"] == profile_param), None)


def load_catalog(path: Path | str = CATALOG_PATH) -> Catalog:
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    rules = {entry["id"]: Rule.from_entry(entry) for entry in data.get("rules", [])}
    return Catalog(meta=data.get("meta", {}), rules=rules, conflicts=list(data.get("conflicts", [])))


@lru_cache(maxsize=1)
def get_catalog() -> Catalog:
    return load_catalog()


def rule_exists(rule_id: str) -> bool:
    return rule_id in get_catalog().rules


def get_rule(rule_id: str) -> Rule:
    """The catalogue entry for ``rule_id``; NotFound (404) when the id is unknown."""
    try:
        return get_catalog().rules[rule_id]
    except KeyError:
        raise NotFound(_("Règle inconnue : %(id)s.") % {"id": rule_id}) from None
