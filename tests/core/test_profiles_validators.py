"""Validators of structured profile parameters (no DB)."""

from __future__ import annotations

import pytest

from core.profiles.validators import (
    boolean,
    choice,
    delay,
    integer,
    list_of,
    null,
    number,
    one_of,
    struct,
    text,
)

SANCTIONS = struct({"count": integer(1, 10), "max_exclusion_years": integer(0, 10, nullable=True),
                    "nullity": boolean()}, required=("count",))


@pytest.mark.parametrize(
    ("check", "value", "expected"),
    [
        (SANCTIONS, {"count": 5, "max_exclusion_years": None}, {"count": 5, "max_exclusion_years": None}),
        (SANCTIONS, {"count": "4"}, {"count": 4}),
        (delay(), {"value": 1, "day_kind": "months", "anchor": "rentree"},
         {"value": 1, "day_kind": "months", "anchor": "rentree"}),
        (one_of(boolean(), choice(("provisional",))), "provisional", "provisional"),
        (one_of(boolean(), choice(("provisional",))), False, False),
        (list_of(choice(("a", "b"))), ["b", "a"], ["b", "a"]),
        (number(0, 20), 0.2, 0.2),
        (null(), None, None),
        (text(10), " 14:00 ", "14:00"),
    ],
)
def test_accepts(check, value, expected):
    assert check(value) == expected


@pytest.mark.parametrize(
    ("check", "value", "fragment"),
    [
        (SANCTIONS, {"count": 11}, "count"),
        (SANCTIONS, {"count": 5, "colour": "red"}, "colour"),
        (SANCTIONS, {"nullity": True}, "count"),
        (SANCTIONS, [1, 2], "objet JSON"),
        (SANCTIONS, {"count": True}, "entier"),
        (delay(), {"value": 1, "day_kind": "fortnights"}, "day_kind"),
        (delay(max_value=24), {"value": 25, "day_kind": "months"}, "24"),
        (list_of(choice(("a",)), min_items=1), [], "au moins"),
        (list_of(choice(("a",))), ["a", "z"], "élément 2"),
        (number(0, 5), True, "nombre"),
        (null(), 3, "null"),
        (text(5), "trop long texte", "trop long"),
        (one_of(boolean(), choice(("provisional",))), "maybe", "provisional"),
    ],
)
def test_rejects_with_a_message_naming_the_sub_field(check, value, fragment):
    with pytest.raises(ValueError, match=fragment):
        check(value)
