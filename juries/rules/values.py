"""Mark values: numbers on the evaluation's scale and special values with defined meanings.

A number is parsed exactly (``Decimal``), checked against the scale and the allowed decimals,
then converted to a float on the /20 reference scale for computation. Special values:

* ``ABI`` absence injustifiée: counts 0 (RSY-A3-abi-zero);
* ``ABJ`` absence justifiée: per profile ``juries.abj_semantics``: ``zero``, ``neutralised`` or
  ``pending`` (a make-up is due, RSY-A2-makeup);
* ``EXC`` exempt/neutralised: the evaluation leaves the mean;
* ``ATT`` pending: the mean cannot be computed yet;
* ``DEF`` défaillant: the mean is not computed and the result is DEF (``juries.def_blocks_result``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

REFERENCE_SCALE = 20


class Special(enum.StrEnum):
    ABI = "ABI"
    ABJ = "ABJ"
    EXC = "EXC"
    ATT = "ATT"
    DEF = "DEF"


class AbjSemantics(enum.StrEnum):
    ZERO = "zero"
    NEUTRALISED = "neutralised"
    PENDING = "pending"


class Status(enum.StrEnum):
    """What a resolved mark (or a mean) is."""

    VALUE = "value"
    NEUTRAL = "neutral"  # leaves the mean (EXC, ABJ neutralised, nothing to average)
    PENDING = "pending"  # ATT, missing, ABJ awaiting make-up
    DEF = "def"


Mark = float | Special  # on the /20 reference scale


class MarkError(ValueError):
    """A raw mark was rejected; ``reason`` says why (shown with the row that carried it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_mark(raw: object, *, scale: int = REFERENCE_SCALE, decimals: int = 2) -> Mark:
    """Parse one raw mark (number, numeric string with ``.`` or ``,``, or a special code).

    Rejects unknown codes, non-finite numbers, more than ``decimals`` decimals and values out of
    ``[0, scale]``. Returns a float rescaled to /20, or a :class:`Special`.
    """
    if isinstance(raw, bool) or raw is None:
        raise MarkError("valeur absente ou booléenne : note ou code spécial attendu")
    if isinstance(raw, str):
        text = raw.strip().upper()
        if text in Special.__members__:
            return Special(text)
        text = text.replace(",", ".")
    elif isinstance(raw, int | float | Decimal):
        text = str(raw)
    else:
        raise MarkError(f"type de valeur inattendu : {type(raw).__name__}")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise MarkError(f"« {raw} » n'est ni une note ni un code connu (ABI, ABJ, EXC, ATT, DEF)") from None
    if not number.is_finite():
        raise MarkError(f"« {raw} » n'est pas un nombre fini")
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        raise MarkError(f"{raw} : au plus {decimals} décimales")
    if number < 0 or number > scale:
        raise MarkError(f"{raw} hors de l'intervalle 0–{scale}")
    if scale == REFERENCE_SCALE:
        return float(number)
    return float(number * REFERENCE_SCALE / scale)


@dataclass(frozen=True, slots=True)
class Resolved:
    status: Status
    value: float = 0.0


_NEUTRAL = Resolved(Status.NEUTRAL)
_PENDING = Resolved(Status.PENDING)
_DEF = Resolved(Status.DEF)
_ZERO = Resolved(Status.VALUE, 0.0)


def resolve(mark: Mark | None, *, abj: AbjSemantics, abi_zero: bool = True, def_blocks: bool = True) -> Resolved:
    """Give a mark its meaning for averaging (RSY-A3-abi-zero, RSY-A2-makeup).

    ``None`` (no mark entered) is pending: a mean is never computed over a missing mark.
    """
    if mark is None:
        return _PENDING
    if not isinstance(mark, Special):
        return Resolved(Status.VALUE, mark)
    if mark is Special.ABI:
        return _ZERO if abi_zero else _NEUTRAL
    if mark is Special.ABJ:
        if abj is AbjSemantics.ZERO:
            return _ZERO
        return _NEUTRAL if abj is AbjSemantics.NEUTRALISED else _PENDING
    if mark is Special.EXC:
        return _NEUTRAL
    if mark is Special.ATT:
        return _PENDING
    return _DEF if def_blocks else _ZERO
