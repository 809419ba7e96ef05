"""Bonuses (bonifications) added to UE averages: sport and student engagement.

RSY-A7.1-sport-bonus / RSY-A7.1-sport-eligibility: up to ``juries.sport_bonus_max`` on the
competence (UE) averages of the semesters listed in ``juries.sport_bonus_semesters``, if the
student attended the minimum number of sessions for their BUT year.
RSY-A7.2C-cap: up to ``juries.engagement_bonus_per_type_max`` per activity type, once per year,
total (sport included) capped at ``juries.bonus_total_max`` per UE.
RSY-A7.2C-transcript: a bonus is mentioned only when effective (the engine omits zero bonuses).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from juries.rules.decisions import Reason


@dataclass(frozen=True, slots=True)
class BonusParams:
    sport_max: float | None = None
    sport_semesters: tuple[int, ...] = ()
    sport_min_sessions: Mapping[str, int] | None = None  # {"BUT1": 20, ...}
    engagement_per_type_max: float | None = None
    total_max: float | None = None


def sport_bonus(
    *, semester_index: int, year_label: str, sessions: int | None, requested: float | None, p: BonusParams
) -> tuple[float, Reason | None]:
    """Sport bonus for the UEs of one semester (RSY-A7.1-sport-bonus, RSY-A7.1-sport-eligibility)."""
    if p.sport_max is None or sessions is None or semester_index not in p.sport_semesters:
        return 0.0, None
    minimum = (p.sport_min_sessions or {}).get(year_label)
    if minimum is None:
        return 0.0, Reason(f"pas de seuil de séances sportives pour {year_label}", rule="RSY-A7.1-sport-eligibility")
    if sessions < minimum:
        return 0.0, Reason(
            f"bonification sportive refusée : {sessions} séances < {minimum} requises en {year_label}",
            rule="RSY-A7.1-sport-eligibility",
        )
    points = p.sport_max if requested is None else min(requested, p.sport_max)
    return points, Reason(f"bonification sportive {points:g} point ({sessions} séances)", rule="RSY-A7.1-sport-bonus")


def engagement_bonus(activities: Sequence[tuple[str, float]], p: BonusParams) -> tuple[float, list[Reason]]:
    """Engagement bonus: per activity type at most the per-type cap (RSY-A7.2C-cap).

    Several entries of one type count once (the best), since the bonus is per activity type.
    """
    if p.engagement_per_type_max is None or not activities:
        return 0.0, []
    best: dict[str, float] = {}
    for kind, points in activities:
        best[kind] = max(best.get(kind, 0.0), min(points, p.engagement_per_type_max))
    reasons = [Reason(f"engagement « {k} » : {v:g} point", rule="RSY-A7.2C-cap") for k, v in sorted(best.items())]
    return sum(best.values()), reasons


def capped_total(sport: float, engagement: float, p: BonusParams) -> tuple[float, Reason | None]:
    """Total bonus on one UE, sport included, within the overall cap (RSY-A7.2C-cap)."""
    total = sport + engagement
    if p.total_max is not None and total > p.total_max + 1e-9:
        return p.total_max, Reason(
            f"bonifications plafonnées à {p.total_max:g} point (demandé {total:g})", rule="RSY-A7.2C-cap"
        )
    return total, None
