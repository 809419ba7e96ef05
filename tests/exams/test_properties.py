"""Property tests: seating invariants and conflict detection against a brute-force oracle."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from exams.rules.accommodations import Accommodation
from exams.rules.conflicts import Sitting, candidate_conflicts
from exams.rules.seating import Candidate, Room, allocate_seats

from .conftest import at, slot

ACCS = [Accommodation(), Accommodation(extra_time=Fraction(1, 3)), Accommodation(separate_room=True)]


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(0, 120),
    kinds=st.lists(st.sampled_from([0, 0, 0, 0, 1, 2]), min_size=120, max_size=120),
    seed=st.integers(0, 10**6),
)
def test_seating_invariants(n, kinds, seed):
    candidates = [Candidate(f"c{i}", f"N{(i * 31) % 17}", f"P{i}", ACCS[kinds[i]]) for i in range(n)]
    rooms = [Room("A", 60), Room("B", 60), Room("T", 120, adapted=True)] + [
        Room(f"I{k}", 1, adapted=True) for k in range(120)]
    plan = allocate_seats(candidates, rooms, slot=slot(120), order="random", seed=seed, anonymous=True)
    caps = {r.code: r for r in rooms}
    assert sorted(a.candidate_id for a in plan.assignments) == sorted(c.id for c in candidates)
    seats = [(a.room, a.seat) for a in plan.assignments]
    assert len(seats) == len(set(seats))
    assert all(1 <= a.seat <= caps[a.room].capacity for a in plan.assignments)
    numbers = [a.anonymity_number for a in plan.assignments]
    assert len(numbers) == len(set(numbers))
    by_id = {c.id: c for c in candidates}
    for a in plan.assignments:
        assert caps[a.room].adapted is by_id[a.candidate_id].accommodation.any


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5), st.integers(0, 20), st.integers(1, 8)), max_size=25))
def test_candidate_conflicts_match_brute_force(rows):
    base = at(2027, 1, 11, 8)
    sittings = [Sitting(f"s{c}", f"e{e}", base + timedelta(minutes=15 * s), base + timedelta(minutes=15 * (s + d)))
                for c, e, s, d in rows]
    expected = set()
    for i, a in enumerate(sittings):
        for b in sittings[i + 1:]:
            if a.candidate_id == b.candidate_id and a.exam_id != b.exam_id and a.start < b.end and b.start < a.end:
                expected.add((a.candidate_id, frozenset((a.exam_id, b.exam_id))))
    found = {(c.subject, frozenset(c.exam_ids)) for c in candidate_conflicts(sittings)}
    assert found == expected
