"""Mark parsing and special values (RSY-A3-abi-zero, RSY-A2-makeup): tables, no DB."""

from decimal import Decimal

import pytest

from juries.rules.values import AbjSemantics, MarkError, Special, Status, parse_mark, resolve


@pytest.mark.parametrize(
    ("raw", "scale", "expected"),
    [
        (12, 20, 12.0),
        (12.5, 20, 12.5),
        ("12,75", 20, 12.75),
        (" 0 ", 20, 0.0),
        ("20", 20, 20.0),
        (Decimal("19.99"), 20, 19.99),
        (30, 40, 15.0),  # rescaled to /20
        (5, 10, 10.0),
        ("abi", 20, Special.ABI),
        ("ABJ", 20, Special.ABJ),
        ("EXC", 20, Special.EXC),
        ("ATT", 20, Special.ATT),
        ("DEF", 20, Special.DEF),
    ],
)
def test_parse_mark_accepts(raw, scale, expected):
    assert parse_mark(raw, scale=scale) == expected


@pytest.mark.parametrize(
    ("raw", "reason_part"),
    [
        (21, "hors de l'intervalle 0–20"),
        (-1, "hors de l'intervalle"),
        ("12.345", "au plus 2 décimales"),
        ("ABS", "ni une note ni un code connu"),
        ("", "ni une note ni un code connu"),
        (None, "valeur absente"),
        (True, "booléenne"),
        ("nan", "fini"),
        ([12], "type de valeur inattendu"),
    ],
)
def test_parse_mark_rejects_with_reason(raw, reason_part):
    with pytest.raises(MarkError) as exc:
        parse_mark(raw)
    assert reason_part in exc.value.reason


def test_decimals_are_a_parameter():
    assert parse_mark("12.345", decimals=3) == pytest.approx(12.345)
    with pytest.raises(MarkError):
        parse_mark("12.5", decimals=0)


@pytest.mark.parametrize(
    ("mark", "abj", "status", "value"),
    [
        (12.0, AbjSemantics.PENDING, Status.VALUE, 12.0),
        (Special.ABI, AbjSemantics.PENDING, Status.VALUE, 0.0),  # RSY-A3-abi-zero
        (Special.ABJ, AbjSemantics.PENDING, Status.PENDING, 0.0),  # RSY-A2-makeup
        (Special.ABJ, AbjSemantics.NEUTRALISED, Status.NEUTRAL, 0.0),
        (Special.ABJ, AbjSemantics.ZERO, Status.VALUE, 0.0),
        (Special.EXC, AbjSemantics.ZERO, Status.NEUTRAL, 0.0),
        (Special.ATT, AbjSemantics.ZERO, Status.PENDING, 0.0),
        (Special.DEF, AbjSemantics.ZERO, Status.DEF, 0.0),
        (None, AbjSemantics.ZERO, Status.PENDING, 0.0),  # no mark entered
    ],
)
def test_resolve_semantics(mark, abj, status, value):
    resolved = resolve(mark, abj=abj)
    assert (resolved.status, resolved.value) == (status, value)


def test_abi_not_zero_and_def_not_blocking_are_parameters():
    assert resolve(Special.ABI, abj=AbjSemantics.ZERO, abi_zero=False).status is Status.NEUTRAL
    resolved = resolve(Special.DEF, abj=AbjSemantics.ZERO, def_blocks=False)
    assert (resolved.status, resolved.value) == (Status.VALUE, 0.0)
