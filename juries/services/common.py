"""Helpers shared by the grade-entry services: profile values, parsing of raw marks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse

from core.errors import ApplicationError
from core.models import Component
from core.profiles.registry import get_param
from core.profiles.selectors import profile_value
from juries.models import Evaluation, Mark, MarkField
from juries.rules.values import MarkError, Special, parse_mark


def component_of(evaluation: Evaluation) -> Component:
    return evaluation.component.module.semester.study_year.programme_version.programme.component


def academic_year_of(evaluation: Evaluation) -> int:
    return evaluation.component.module.semester.study_year.programme_version.academic_year


def param(evaluation: Evaluation, key: str) -> Any:
    """The profile value for the evaluation's component and year; the registry default when the
    component follows no profile yet (a programme being set up)."""
    try:
        return profile_value(component_of(evaluation), academic_year_of(evaluation), key)
    except ApplicationError as exc:
        if exc.code != "profiles.no_profile":
            raise
        return get_param(key).default


def stats_min_count(evaluation: Evaluation) -> int:
    """Fewest numeric marks for which students see the group's statistics (GE-09)."""
    return int(param(evaluation, "grades.statistics_min_count"))


def decimals_for(evaluation: Evaluation) -> int:
    return int(param(evaluation, "juries.mark_decimals"))


def canonical(raw: object, *, scale: int, decimals: int) -> str:
    """Validate one raw mark and return its canonical text ("12.50", "ABJ", or "" for none).

    Parsing and range checks are the results engine's (juries.rules.values.parse_mark) so a
    mark accepted here is always computable. Raises MarkError with the reason.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    parsed = parse_mark(raw, scale=scale, decimals=decimals)
    if isinstance(parsed, Special):
        return parsed.value
    text = str(raw).strip().replace(",", ".") if not isinstance(raw, float) else repr(raw)
    return f"{Decimal(text):.2f}"


def split_raw(raw: str) -> tuple[Decimal | None, str]:
    if not raw:
        return None, ""
    if raw in Special.__members__:
        return None, raw
    return Decimal(raw), ""


def assign_raw(mark: Mark, field: str, raw: str) -> None:
    prefix = "" if field == MarkField.FINAL else f"{field}_"
    value, special = split_raw(raw)
    setattr(mark, f"{prefix}value", value)
    setattr(mark, f"{prefix}special", special)


def site_url(name: str, *args: Any) -> str:
    return settings.CURSUS_SITE_URL.rstrip("/") + reverse(name, args=args)


__all__ = ["MarkError", "assign_raw", "canonical", "component_of", "param", "site_url", "split_raw"]
