"""Properties of the oral layout (STRAS-80): whatever the candidates, panels, gap and break, the laid-out
schedule passes its own check (full time for everyone, one candidate at a time per panel, breaks free)."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from core.calendar.working import PARIS
from exams.rules.orals import Break, OralCandidate, OralTiming, Panel, check_passages, layout_passages

START = datetime(2027, 1, 11, 8, tzinfo=PARIS)


@settings(max_examples=60, deadline=None)
@given(
    duration=st.integers(1, 60), preparation=st.integers(0, 60), changeover=st.integers(0, 15),
    panels=st.integers(1, 4), extras=st.lists(st.sampled_from([0, 25, 33, 50]), min_size=0, max_size=25),
    lunch=st.one_of(st.none(), st.tuples(st.integers(60, 300), st.integers(15, 120))),
    prep_in_break=st.booleans(),
)
def test_layout_always_passes_its_check(duration, preparation, changeover, panels, extras, lunch, prep_in_break):
    timing = OralTiming(timedelta(minutes=duration), timedelta(minutes=preparation))
    candidates = [OralCandidate(str(i), Fraction(e, 100)) for i, e in enumerate(extras)]
    breaks = [Break(START + timedelta(minutes=lunch[0]), START + timedelta(minutes=lunch[0] + lunch[1]))] if lunch else []
    passages = layout_passages(start=START, timing=timing, candidates=candidates,
                               panels=[Panel(f"J{i}") for i in range(panels)], changeover=timedelta(minutes=changeover),
                               breaks=breaks, prep_during_breaks=prep_in_break)
    assert len(passages) == len(candidates)
    assert all(p.preparation_start >= START for p in passages)
    assert check_passages(passages, timing=timing, extra_time={c.candidate_id: c.extra_time for c in candidates},
                          changeover=timedelta(minutes=changeover), breaks=breaks,
                          prep_during_breaks=prep_in_break) == []
