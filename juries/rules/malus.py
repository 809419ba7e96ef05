"""Absence malus and the absence validation block (IUT regulations, Art. 3).

RSY-A3-malus: each started bracket of ``juries.malus_bracket_hours`` hours of unjustified absence
gives ``juries.malus_points_per_bracket`` on every UE of the semester, from the first hour:
malus = points x (floor(hours / bracket) + 1) for hours > 0. The table's overlapping bounds
("4 à 8 h", "8 à 12 h") are read lower-bound inclusive: exactly 4 h gives 0.4 (J-06). No cap
unless ``juries.malus_cap`` is set. Apprentices are excluded (``juries.malus_excludes_apprentices``).
RSY-A2-iti-quota: ITI days beyond ``juries.iti_days_per_year`` become unjustified (J-07).
RSY-A3-30pct: justified + unjustified hours >= 30 % of the semester volume block validation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from juries.rules.decisions import Reason


@dataclass(frozen=True, slots=True)
class MalusParams:
    bracket_hours: float | None = None
    points_per_bracket: float | None = None
    cap: float | None = None
    excludes_apprentices: bool = True
    iti_days_per_year: int | None = None
    block_ratio: float | None = None


def malus_points(hours: float, p: MalusParams, *, apprentice: bool = False) -> tuple[float, Reason | None]:
    """Malus on each UE of the semester for ``hours`` of unjustified absence (RSY-A3-malus)."""
    if p.bracket_hours is None or p.points_per_bracket is None or hours <= 0:
        return 0.0, None
    if apprentice and p.excludes_apprentices:
        return 0.0, Reason("malus non applicable aux alternants", rule="RSY-A3-malus")
    brackets = math.floor(hours / p.bracket_hours + 1e-9) + 1
    points = round(brackets * p.points_per_bracket, 6)
    if p.cap is not None and points > p.cap:
        points = p.cap
    return points, Reason(
        f"malus {points:g} point : {hours:g} h d'absences injustifiées ({brackets} tranche(s) de {p.bracket_hours:g} h)",
        rule="RSY-A3-malus",
    )


def iti_excess_hours(day_hours: Sequence[float], *, already_used_days: int, p: MalusParams) -> tuple[float, int]:
    """Hours of ITI days beyond the yearly quota, which count as unjustified (RSY-A2-iti-quota).

    ``day_hours`` lists, in date order, the hours missed on each ITI day of the semester (any
    absence on a class slot counts as a whole ITI day). Returns (excess hours, days used so far).
    """
    used = already_used_days
    if p.iti_days_per_year is None:
        return 0.0, used + len(day_hours)
    excess = 0.0
    for hours in day_hours:
        used += 1
        if used > p.iti_days_per_year:
            excess += hours
    return excess, used


def absence_block(absent_hours: float, semester_hours: float | None, p: MalusParams) -> Reason | None:
    """RSY-A3-30pct: absences (justified or not) >= ratio x semester hours block validation."""
    if p.block_ratio is None or not semester_hours:
        return None
    ratio = absent_hours / semester_hours
    if ratio + 1e-9 >= p.block_ratio:
        return Reason(
            f"absences {absent_hours:g} h / {semester_hours:g} h = {ratio:.0%} ≥ {p.block_ratio:.0%} : "
            "semestre non validable sauf avis contraire du jury",
            rule="RSY-A3-30pct",
        )
    return None
