"""Anonymous statistics (ARL-ES18.2-statistics): a pure computation, table of cases (no DB)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juries.selectors import compute_stats


@pytest.mark.parametrize("values, scale, mean, median, stdev, bins", [
    ([D("10"), D("12"), D("14")], 20, D("12.00"), D("12.00"), D("1.63"), {5: 1, 6: 1, 7: 1}),
    ([D("0"), D("20")], 20, D("10.00"), D("10.00"), D("10.00"), {0: 1, 9: 1}),
    ([D("7.5"), D("8"), D("9"), D("10")], 10, D("8.63"), D("8.50"), D("0.96"), {7: 1, 8: 1, 9: 2}),
])
def test_compute_stats(values, scale, mean, median, stdev, bins):
    stats = compute_stats(values, {"ABI": 1}, scale)
    assert (stats.mean, stats.median, stats.stdev) == (mean, median, stdev)
    assert {i: b.count for i, b in enumerate(stats.bins) if b.count} == bins
    assert stats.count == len(values) and stats.specials == {"ABI": 1}
    assert max(b.percent for b in stats.bins) == 100
    assert stats.bins[-1].high == D(scale).quantize(D("0.01"))


def test_no_numeric_marks():
    stats = compute_stats([], {"ABJ": 2}, 20)
    assert stats.count == 0 and stats.mean is None and all(b.count == 0 for b in stats.bins)
