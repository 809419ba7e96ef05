"""Validation of recorded bonus inputs against the regulation profile (pure, no ORM).

RSY-A7.1-sport-bonus / RSY-A7.1-sport-eligibility: sport is recorded as the number of sessions
attended in the year (whole number); it exists only where the profile has a sport bonus.
RSY-A7.2A-activities: engagement points are recorded per activity type of the profile's list.
RSY-A7.2C-cap: at most ``juries.engagement_bonus_per_type_max`` points per type and year.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: Sanity bound on a year's sport sessions (two a week over a whole year).
MAX_SPORT_SESSIONS = 100


@dataclass(frozen=True, slots=True)
class BonusLimits:
    sport_max: Decimal | None  # juries.sport_bonus_max (None: no sport bonus in this regulation)
    engagement_per_type_max: Decimal | None  # juries.engagement_bonus_per_type_max
    engagement_types: tuple[str, ...]  # juries.engagement_bonus_types


@dataclass(frozen=True, slots=True)
class Problem:
    field: str  # "kind", "engagement_type" or "value"
    message: str
    rule: str


def parse_value(raw: str | Decimal | int | float) -> Decimal | None:
    """A decimal with at most two decimals (comma accepted), or None if unreadable."""
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        return None
    return value


def bonus_problems(kind: str, engagement_type: str, value: Decimal | None, limits: BonusLimits) -> list[Problem]:
    """Why a (kind, type, value) entry cannot be recorded; empty when it can."""
    if kind == "sport":
        if limits.sport_max is None:
            return [Problem("kind", "pas de bonification sportive dans ce règlement", "RSY-A7.1-sport-bonus")]
        if value is None or value < 0 or value != value.to_integral_value():
            return [Problem("value", "nombre de séances entier positif attendu", "RSY-A7.1-sport-eligibility")]
        if value > MAX_SPORT_SESSIONS:
            return [Problem("value", f"au plus {MAX_SPORT_SESSIONS} séances par an", "RSY-A7.1-sport-eligibility")]
        return []
    if kind != "engagement":
        return [Problem("kind", "nature inconnue (sport ou engagement)", "RSY-A7.2C-cap")]
    if limits.engagement_per_type_max is None or not limits.engagement_types:
        return [Problem("kind", "pas de bonification d'engagement dans ce règlement", "RSY-A7.2C-cap")]
    if engagement_type not in limits.engagement_types:
        return [Problem("engagement_type", f"type d'activité « {engagement_type} » non prévu par le règlement",
                        "RSY-A7.2A-activities")]
    if value is None or value < 0:
        return [Problem("value", "nombre de points positif attendu (deux décimales au plus)", "RSY-A7.2C-cap")]
    if value > limits.engagement_per_type_max:
        return [Problem("value", f"{value} point(s) : au plus {limits.engagement_per_type_max} point(s) "
                                 "par type d'activité et par an", "RSY-A7.2C-cap")]
    return []
