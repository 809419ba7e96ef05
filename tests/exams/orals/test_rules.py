"""Oral passage layout (STRAS-80, TOURS-II-3-terminal-subject): table tests of exams.rules.orals."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction

import pytest

from core.calendar.working import PARIS
from core.profiles.registry import get_param
from exams.rules.orals import (
    Break,
    OralCandidate,
    OralTiming,
    Panel,
    Passage,
    check_passages,
    check_timing,
    layout_passages,
    plan_oral,
)

M = timedelta(minutes=1)
TIERS = Fraction(1, 3)


def t(h: int, mi: int = 0) -> datetime:
    return datetime(2027, 1, 11, h, mi, tzinfo=PARIS)


def pv(preset: str):  # type: ignore[no-untyped-def]
    return get_param("exams.oral_timing").preset_value(preset)


def rows(passages):  # type: ignore[no-untyped-def]
    return [(p.candidate_id, p.panel, p.preparation_start, p.start, p.end) for p in passages]


CASES = [
    pytest.param(  # one panel, no prep: back to back
        {"timing": OralTiming(20 * M), "candidates": ["a", "b"], "panels": [Panel("J1")]},
        [("a", "J1", t(9), t(9), t(9, 20)), ("b", "J1", t(9, 20), t(9, 20), t(9, 40))], id="no-prep"),
    pytest.param(  # prep 30, passage 20: b prepares while a passes
        {"timing": OralTiming(20 * M, 30 * M), "candidates": ["a", "b", "c"], "panels": [Panel("J1")]},
        [("a", "J1", t(9), t(9, 30), t(9, 50)), ("b", "J1", t(9, 20), t(9, 50), t(10, 10)),
         ("c", "J1", t(9, 40), t(10, 10), t(10, 30))], id="prep-overlaps-previous-passage"),
    pytest.param(  # changeover gap of 5 min between two passages of a panel
        {"timing": OralTiming(20 * M, 10 * M), "candidates": ["a", "b"], "panels": [Panel("J1")], "changeover": 5 * M},
        [("a", "J1", t(9), t(9, 10), t(9, 30)), ("b", "J1", t(9, 25), t(9, 35), t(9, 55))], id="changeover"),
    pytest.param(  # two panels hear in parallel
        {"timing": OralTiming(15 * M, 15 * M), "candidates": ["a", "b", "c", "d"], "panels": [Panel("J1"), Panel("J2")]},
        [("a", "J1", t(9), t(9, 15), t(9, 30)), ("b", "J2", t(9), t(9, 15), t(9, 30)),
         ("c", "J1", t(9, 15), t(9, 30), t(9, 45)), ("d", "J2", t(9, 15), t(9, 30), t(9, 45))], id="parallel-panels"),
    pytest.param(  # tiers-temps: 30 → 40 prep, 15 → 20 passage; the next waits for the panel
        {"timing": OralTiming(15 * M, 30 * M), "candidates": [OralCandidate("a", TIERS), "b"], "panels": [Panel("J1")]},
        [("a", "J1", t(9), t(9, 40), t(10)), ("b", "J1", t(9, 30), t(10), t(10, 15))], id="extra-time"),
    pytest.param(  # lunch 12:00-13:00: no passage nor preparation inside; next prep starts at 13:00
        {"timing": OralTiming(30 * M, 20 * M), "candidates": ["a", "b", "c"], "panels": [Panel("J1", t(10, 40))],
             "breaks": [Break(t(12), t(13))]},
        [("a", "J1", t(10, 40), t(11), t(11, 30)), ("b", "J1", t(11, 10), t(11, 30), t(12)),
         ("c", "J1", t(13), t(13, 20), t(13, 50))], id="lunch-break"),
    pytest.param(  # same, preparation allowed during the break: passage at 13:00 sharp
        {"timing": OralTiming(30 * M, 20 * M), "candidates": ["a", "b", "c"], "panels": [Panel("J1", t(10, 40))],
             "breaks": [Break(t(12), t(13))], "prep_during_breaks": True},
        [("a", "J1", t(10, 40), t(11), t(11, 30)), ("b", "J1", t(11, 10), t(11, 30), t(12)),
         ("c", "J1", t(12, 40), t(13), t(13, 30))], id="lunch-break-prep-allowed"),
    pytest.param(  # a panel opening later receives candidates once it is the earliest
        {"timing": OralTiming(30 * M), "candidates": ["a", "b", "c"], "panels": [Panel("J1"), Panel("J2", t(10))]},
        [("a", "J1", t(9), t(9), t(9, 30)), ("b", "J1", t(9, 30), t(9, 30), t(10)),
         ("c", "J1", t(10), t(10), t(10, 30))], id="ties-go-to-first-panel"),
]


@pytest.mark.parametrize(("kwargs", "expected"), CASES)
def test_layout(kwargs, expected):
    kwargs = dict(kwargs)
    kwargs["candidates"] = [c if isinstance(c, OralCandidate) else OralCandidate(c) for c in kwargs["candidates"]]
    passages = layout_passages(start=t(9), **kwargs)
    assert rows(passages) == expected
    extra = {c.candidate_id: c.extra_time for c in kwargs["candidates"]}
    assert check_passages(passages, timing=kwargs["timing"], extra_time=extra, changeover=kwargs.get("changeover", 0 * M),
                          breaks=kwargs.get("breaks", ()), prep_during_breaks=kwargs.get("prep_during_breaks", False)) == []


@pytest.mark.parametrize(
    ("preset", "requested", "code", "rule_id"),
    [
        ("strasbourg", OralTiming(15 * M, 30 * M), "exams.oral_duration_shortened", "STRAS-80"),
        ("strasbourg", OralTiming(20 * M, 20 * M), "exams.oral_preparation_shortened", "STRAS-80"),
        ("tours", OralTiming(15 * M, 30 * M), "exams.oral_duration_shortened", "TOURS-II-3-terminal-subject"),
        ("utc", OralTiming(15 * M, 30 * M), "exams.oral_duration_shortened", ""),
        ("strasbourg", OralTiming(20 * M, 30 * M), "exams.oral_timing_respected", "STRAS-80"),
        ("strasbourg", OralTiming(25 * M, 40 * M), "exams.oral_timing_respected", "STRAS-80"),  # longer is fine
    ],
)
def test_timing_never_shorter_than_the_m3c(preset, requested, code, rule_id):
    decision = check_timing(requested, OralTiming(20 * M, 30 * M), rule_value=pv(preset), preset=preset)
    assert (decision.reason_code, decision.rule_id) == (code, rule_id)
    assert decision.allowed == (code == "exams.oral_timing_respected")
    if rule_id and not decision.allowed:
        assert rule_id in decision.message


def test_plan_refuses_a_shortened_duration_with_stras_80():
    plan = plan_oral(start=t(9), requested=OralTiming(15 * M), m3c=OralTiming(20 * M),
                     candidates=[OralCandidate("a")], panels=[Panel("J1")], rule_value=pv("strasbourg"),
                     preset="strasbourg")
    assert not plan.decision.allowed and plan.decision.rule_id == "STRAS-80" and plan.passages == ()


def test_plan_lays_out_when_timing_respected():
    plan = plan_oral(start=t(9), requested=OralTiming(20 * M, 10 * M), m3c=OralTiming(20 * M, 10 * M),
                     candidates=[OralCandidate("a"), OralCandidate("b", TIERS)], panels=[Panel("J1")],
                     rule_value=pv("strasbourg"), preset="strasbourg")
    assert plan.decision.allowed and plan.issues == ()
    assert rows(plan.passages) == [("a", "J1", t(9), t(9, 10), t(9, 30)), ("b", "J1", t(9, 16), t(9, 30), t(9, 57))]


def test_check_flags_hand_edits():
    timing = OralTiming(20 * M, 30 * M)
    bad = [
        Passage("a", "J1", t(9), t(9, 20), t(9, 40)),             # 20 min prep instead of 30
        Passage("b", "J1", t(9, 5), t(9, 35), t(9, 50)),          # overlaps a; 15 min instead of 20
        Passage("c", "J2", t(11, 30), t(12, 0), t(12, 20)),       # in the lunch break
        Passage("d", "J2", t(13, 0), t(13, 30), t(13, 50)),
        Passage("e", "J2", t(13, 22), t(13, 52), t(14, 12)),      # 2 min after d, gap is 5
        Passage("e", "J3", t(15, 0), t(15, 30), t(15, 50)),       # twice
    ]
    found = check_passages(bad, timing=timing, changeover=5 * M, breaks=[Break(t(12), t(13))],
                           rule_value=pv("strasbourg"), preset="strasbourg")
    assert sorted((i.code, i.candidate_ids, i.rule_id) for i in found) == [
        ("exams.oral_candidate_twice", ("e",), ""),
        ("exams.oral_changeover_short", ("d", "e"), ""),
        ("exams.oral_in_break", ("c",), ""),
        ("exams.oral_panel_overlap", ("a", "b"), "STRAS-80"),
        ("exams.oral_short_duration", ("b",), "STRAS-80"),
        ("exams.oral_short_preparation", ("a",), "STRAS-80"),
    ]


def test_extra_time_is_owed_in_the_check():
    passages = [Passage("a", "J1", t(9), t(9, 30), t(9, 50))]  # ordinary timing for a tiers-temps candidate
    found = check_passages(passages, timing=OralTiming(20 * M, 30 * M), extra_time={"a": TIERS},
                           rule_value=pv("strasbourg"), preset="strasbourg")
    assert [i.code for i in found] == ["exams.oral_short_preparation", "exams.oral_short_duration"]


def test_invalid_inputs():
    with pytest.raises(ValueError):
        OralTiming(0 * M)
    with pytest.raises(ValueError):
        Break(t(12), t(11))
    with pytest.raises(ValueError):
        layout_passages(start=t(9), timing=OralTiming(20 * M), candidates=[], panels=[])
    with pytest.raises(ValueError):
        layout_passages(start=datetime(2027, 1, 11, 9), timing=OralTiming(20 * M), candidates=[], panels=[Panel("J")])


def test_messages_name_candidates_with_labels():
    passages = [Passage("7", "J1", t(9), t(9, 30), t(9, 50)), Passage("8", "J1", t(9, 10), t(9, 40), t(10))]
    found = check_passages(passages, timing=OralTiming(20 * M, 30 * M), labels={"7": "Léa Martin", "8": "Hugo Petit"})
    assert [i.code for i in found] == ["exams.oral_panel_overlap"]
    assert "Léa Martin" in found[0].message and "Hugo Petit" in found[0].message and "J1" in found[0].message
