"""Copy retention (UTC-5.03a-retention, STRAS-113)."""

from __future__ import annotations

from datetime import date

import pytest

from exams.rules.retention import copy_retention

from .conftest import pv

KEY = "juries.copy_retention"
UTC = {"min_months": 12, "then": "archives_UTC"}  # catalogue transcriptions (the juries app registers the key)
STRAS = {"min_months": 12, "then": "DAF_instruction_2005"}


@pytest.mark.parametrize(
    ("value", "preset", "published", "contested", "ruling", "keep_until", "after", "destroyable", "rule_id"),
    [
        (UTC, "utc", date(2026, 7, 1), False, None, date(2027, 7, 1), "transfer_to_archives", None,
         "UTC-5.03a-retention"),
        (STRAS, "strasbourg", date(2026, 7, 1), False, None, date(2027, 7, 1), "sort_per_instruction",
         date(2027, 7, 2), "STRAS-113"),
        (STRAS, "strasbourg", date(2028, 2, 29), False, None, date(2029, 2, 28), "sort_per_instruction",
         date(2029, 3, 1), "STRAS-113"),
        (STRAS, "strasbourg", date(2026, 7, 1), True, None, None, "keep", None, "STRAS-113"),
        (STRAS, "strasbourg", date(2026, 7, 1), True, date(2028, 1, 15), date(2028, 1, 15), "sort_per_instruction",
         date(2028, 1, 16), "STRAS-113"),
        (STRAS, "strasbourg", date(2026, 7, 1), True, date(2026, 12, 1), date(2027, 7, 1), "sort_per_instruction",
         date(2027, 7, 2), "STRAS-113"),
        (UTC, "utc", date(2026, 7, 1), True, None, None, "keep", None, "UTC-5.03a-retention"),
        (None, "tours", date(2026, 7, 1), False, None, None, "keep", None, ""),
    ],
)
def test_retention(value, preset, published, contested, ruling, keep_until, after, destroyable, rule_id, cal):
    d = copy_retention(value, results_published_on=published, calendar=cal, contested=contested,
                       final_ruling_on=ruling, preset=preset)
    assert (d.keep_until, d.after, d.destroyable_from, d.rule_id) == (keep_until, after, destroyable, rule_id)
    if destroyable:
        assert not d.may_destroy(keep_until) and d.may_destroy(destroyable)
    else:
        assert not d.may_destroy(date(2040, 1, 1))


def test_values_match_the_registered_parameter_when_present():
    from core.profiles.registry import _REGISTRY

    if KEY not in _REGISTRY:
        pytest.skip("juries.copy_retention not registered yet (juries app)")
    assert pv("utc", KEY) == UTC and pv("strasbourg", KEY) == STRAS
