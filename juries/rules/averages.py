"""Weighted means, second-session replacement and the one place where rounding happens.

Numeric policy (docs/decisions/juries.md J-01): marks are entered with at most two decimals and
checked exactly (``Decimal``); means are computed in floats with **no intermediate rounding**
(a module mean feeds the UE mean unrounded, the UE mean feeds the semester mean unrounded).
Thresholds are compared on the unrounded value with a tolerance of 1e-9, far below the smallest
difference two real means on the /20 scale can show and far above float noise (~1e-14); the
display rounds half-up to ``juries.average_decimals`` after snapping float noise. A profile may
instead compare the rounded value (``juries.threshold_compare = "rounded"``).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from juries.rules.decisions import Reason
from juries.rules.values import Resolved, Status

EPSILON = 1e-9
_QUANTA = {d: Decimal(1).scaleb(-d) for d in range(0, 7)}


def round_mark(value: float, decimals: int = 2) -> Decimal:
    """Round half-up for display, after removing float noise (J-01)."""
    snapped = Decimal(f"{value:.9f}")
    return snapped.quantize(_QUANTA[decimals], rounding=ROUND_HALF_UP)


# decimals -> (10**decimals, 1e-9 * 10**decimals, "%d.%0<decimals>d"): the same numbers format_mark
# computed on every call, built once (the rounding expression below is unchanged).
_FORMATS = {d: (10**d, 1e-9 * 10**d, f"%d.%0{d}d") for d in range(1, 7)}


def format_mark(value: float, decimals: int = 2) -> str:
    """``str(round_mark(value, decimals))`` without Decimal, for bulk output (same result, J-01)."""
    fmt = _FORMATS.get(decimals)
    if fmt is None:
        scale = 10**decimals
        q = math.floor(value * scale + 0.5 + 1e-9 * scale)
        if decimals == 0:
            return str(q)
        sign = "-" if q < 0 else ""
        q = abs(q)
        return f"{sign}{q // scale}.{q % scale:0{decimals}d}"
    scale, noise, pattern = fmt
    q = math.floor(value * scale + 0.5 + noise)
    if q < 0:
        return "-" + pattern % divmod(-q, scale)
    return pattern % divmod(q, scale)


def at_least(value: float, threshold: float, *, compare: str = "exact", decimals: int = 2) -> bool:
    """``value >= threshold`` as the profile compares it (J-01).

    ``exact``: the unrounded mean, within 1e-9; ``rounded``: the displayed (rounded) mean.
    """
    if compare == "rounded":
        return round_mark(value, decimals) >= Decimal(repr(threshold))
    return value >= threshold - EPSILON


def greater_than(value: float, threshold: float, *, compare: str = "exact", decimals: int = 2) -> bool:
    if compare == "rounded":
        return round_mark(value, decimals) > Decimal(repr(threshold))
    return value > threshold + EPSILON


@dataclass(frozen=True, slots=True)
class Mean:
    status: Status
    value: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status is Status.VALUE


NEUTRAL = Mean(Status.NEUTRAL)
PENDING = Mean(Status.PENDING)
DEFAULTED = Mean(Status.DEF)


def weighted_mean(items: Iterable[tuple[float, Resolved | Mean]]) -> Mean:
    """Weighted mean of marks or means with the special values' semantics.

    Any DEF makes the mean DEF; otherwise any pending item makes it pending; neutral items leave
    the mean (their weight too); with nothing left the mean is neutral (the element is exempt).
    """
    total = 0.0
    weights = 0.0
    pending = False
    value_status, def_status, pending_status = Status.VALUE, Status.DEF, Status.PENDING
    for weight, item in items:
        status = item.status
        if status is value_status:
            total += weight * item.value
            weights += weight
        elif status is def_status:
            return DEFAULTED
        elif status is pending_status:
            pending = True
    if pending:
        return PENDING
    if weights <= 0:
        return NEUTRAL
    return Mean(Status.VALUE, total / weights)


class ResitMode(enum.StrEnum):
    REPLACE = "replace"  # the second-session mean replaces the first
    BEST = "best"  # the better of the two is kept
    NONE = "none"  # not re-sittable


def second_session(mode: ResitMode, first: Mean, second: Mean | None) -> tuple[Mean, Reason | None]:
    """Combine first- and second-session module means per the M3C rule (``m3c.resit``).

    ``second`` is None when the student did not sit the second session for this module: the
    first-session mean stands. With ``best``, a DEF or pending second session never lowers an
    existing first-session mean.
    """
    if second is None or mode is ResitMode.NONE:
        return first, None
    if mode is ResitMode.REPLACE:
        return second, Reason("note de seconde session substituée à celle de première session", ref="m3c.resit")
    if not second.ok:
        if first.ok:
            return first, Reason("seconde session non exploitable : première session conservée", ref="m3c.resit")
        return second, Reason("seconde session retenue", ref="m3c.resit")
    if not first.ok or second.value > first.value:
        return second, Reason("meilleure note : seconde session retenue", ref="m3c.resit")
    return first, Reason("meilleure note : première session conservée", ref="m3c.resit")


def adjust(mean: float, *, bonus: float = 0.0, malus: float = 0.0, scale: float = 20.0) -> float:
    """Apply bonus and malus to a UE mean, kept within [0, scale] (RSY-A7.2C-cap, RSY-A3-malus)."""
    return min(scale, max(0.0, mean + bonus - malus))
