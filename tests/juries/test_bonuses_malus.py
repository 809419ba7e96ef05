"""Bonuses (RSY-A7.1-sport-bonus, RSY-A7.1-sport-eligibility, RSY-A7.2C-cap) and malus
(RSY-A3-malus, RSY-A2-iti-quota, RSY-A3-30pct): tables, no DB."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from juries.rules.averages import adjust
from juries.rules.bonuses import BonusParams, capped_total, engagement_bonus, sport_bonus
from juries.rules.malus import MalusParams, absence_block, iti_excess_hours, malus_points

RSY_BONUS = BonusParams(
    sport_max=0.5, sport_semesters=(2, 4, 6), sport_min_sessions={"BUT1": 20, "BUT2": 16, "BUT3": 12},
    engagement_per_type_max=0.5, total_max=1.0,
)
RSY_MALUS = MalusParams(bracket_hours=4, points_per_bracket=0.2, iti_days_per_year=5, block_ratio=0.3)


@pytest.mark.parametrize(
    ("semester", "label", "sessions", "points"),
    [
        (2, "BUT1", 20, 0.5),
        (2, "BUT1", 19, 0.0),
        (4, "BUT2", 16, 0.5),
        (4, "BUT2", 15, 0.0),
        (6, "BUT3", 12, 0.5),
        (1, "BUT1", 30, 0.0),  # odd semester: no sport bonus
        (6, "LP", 30, 0.0),  # no threshold for that year
        (2, "BUT1", None, 0.0),
    ],
)
def test_sport_bonus(semester, label, sessions, points):
    got, _ = sport_bonus(semester_index=semester, year_label=label, sessions=sessions, requested=None, p=RSY_BONUS)
    assert got == points


def test_sport_bonus_disabled_by_profile():
    assert sport_bonus(semester_index=2, year_label="BUT1", sessions=30, requested=None, p=BonusParams())[0] == 0


@pytest.mark.parametrize(
    ("activities", "total"),
    [
        ([("service_civique", 0.5)], 0.5),
        ([("service_civique", 0.8)], 0.5),  # per-type cap
        ([("service_civique", 0.5), ("service_civique", 0.3)], 0.5),  # one type counts once
        ([("service_civique", 0.5), ("benevolat_associatif", 0.25)], 0.75),
        ([], 0.0),
    ],
)
def test_engagement_bonus(activities, total):
    assert engagement_bonus(activities, RSY_BONUS)[0] == pytest.approx(total)


@pytest.mark.parametrize(
    ("sport", "engagement", "total", "capped"),
    [(0.5, 0.5, 1.0, False), (0.5, 1.0, 1.0, True), (0.0, 1.5, 1.0, True), (0.25, 0.5, 0.75, False)],
)
def test_bonus_total_cap(sport, engagement, total, capped):
    got, reason = capped_total(sport, engagement, RSY_BONUS)
    assert got == pytest.approx(total)
    assert (reason is not None) is capped


@pytest.mark.parametrize(
    ("hours", "malus"),
    [
        (0, 0.0),
        (0.5, 0.2),  # from the first hour
        (3.99, 0.2),
        (4, 0.4),  # overlapping bound "4 à 8 h": lower bound inclusive (J-06)
        (7.5, 0.4),
        (8, 0.6),
        (12, 0.8),
        (16, 1.0),
        (20, 1.2),  # "Etc.": no cap
        (41, 2.2),
    ],
)
def test_malus_brackets(hours, malus):
    assert malus_points(hours, RSY_MALUS)[0] == pytest.approx(malus)


def test_malus_cap_apprentices_and_disabled_profile():
    assert malus_points(41, MalusParams(bracket_hours=4, points_per_bracket=0.2, cap=1.0))[0] == 1.0
    points, reason = malus_points(9, RSY_MALUS, apprentice=True)
    assert points == 0 and reason.rule == "RSY-A3-malus"
    assert malus_points(9, MalusParams())[0] == 0


@pytest.mark.parametrize(
    ("days", "already", "excess", "used"),
    [
        ((3, 4), 0, 0.0, 2),
        ((3, 4, 2), 3, 2.0, 6),  # days 4, 5, 6 of the year: only the 6th is beyond the quota of 5
        ((3, 3, 4), 4, 7.0, 7),  # days 5 (quota), 6 and 7 (excess)
    ],
)
def test_iti_excess(days, already, excess, used):
    assert iti_excess_hours(days, already_used_days=already, p=RSY_MALUS) == (excess, used)


@pytest.mark.parametrize(
    ("absent", "volume", "blocked"),
    [(89.9, 300, False), (90, 300, True), (120, 300, True), (0, 300, False), (100, None, False)],
)
def test_absence_block(absent, volume, blocked):
    assert (absence_block(absent, volume, RSY_MALUS) is not None) is blocked


def test_absence_block_disabled_by_profile():
    assert absence_block(300, 300, MalusParams()) is None


@given(st.floats(min_value=0, max_value=200), st.floats(min_value=0, max_value=200))
def test_malus_never_decreases_with_hours(a, b):
    low, high = sorted((a, b))
    assert malus_points(low, RSY_MALUS)[0] <= malus_points(high, RSY_MALUS)[0]


@given(
    st.floats(min_value=0, max_value=20),
    st.sampled_from([0.0, 0.25, 0.5]),
    st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from([0.1, 0.5, 0.9])), max_size=4),
)
def test_bonus_stays_within_caps_and_scale(mean, sport, activities):
    engagement, _ = engagement_bonus(activities, RSY_BONUS)
    total, _ = capped_total(sport, engagement, RSY_BONUS)
    assert 0 <= total <= 1.0 + 1e-9
    assert mean <= adjust(mean, bonus=total) <= 20
