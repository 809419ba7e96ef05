"""Seating: order, seeds, capacity, anonymity numbers, adapted rooms (UTC-2.05-accommodations, TOURS-VI-3.2-seats-anonymity)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from core.errors import ApplicationError
from exams.rules.accommodations import Accommodation
from exams.rules.seating import Candidate, Room, allocate_seats, anonymity_required, order_candidates

from .conftest import at, pv, slot

TIERS = Accommodation(extra_time=Fraction(1, 3))


def people(n: int, *, accommodated: int = 0) -> list[Candidate]:
    out = [Candidate(f"c{i:04d}", f"Nom{(i * 7919) % n:04d}", "Prénom") for i in range(n)]
    for i in range(accommodated):
        out[i] = Candidate(out[i].id, out[i].last_name, out[i].first_name, TIERS)
    return out


ROOMS = [Room("A", 40), Room("B", 30), Room("ADAPT", 10, adapted=True, accessible=True)]


def test_alphabetical_ignores_accents_and_case():
    names = [Candidate("1", "Émery", "Zoé"), Candidate("2", "durand", "Paul"), Candidate("3", "Dupont", "Éric"),
             Candidate("4", "Dupont", "eve")]
    assert [c.id for c in order_candidates(names, order="alphabetical")] == ["3", "4", "2", "1"]


def test_alphabetical_fills_rooms_in_order_with_seat_numbers():
    plan = allocate_seats(people(50), ROOMS, slot=slot())
    by_room = plan.rooms_used()
    assert by_room == {"A": 40, "B": 10}
    first = sorted(plan.assignments, key=lambda a: (a.room, a.seat))[0]
    assert (first.room, first.seat) == ("A", 1)
    names = {c.id: c.last_name for c in people(50)}
    in_a = [names[a.candidate_id] for a in sorted(plan.assignments, key=lambda a: (a.room, a.seat)) if a.room == "A"]
    assert in_a == sorted(in_a)


def test_random_order_is_deterministic_with_a_seed():
    p1 = allocate_seats(people(60), ROOMS, slot=slot(), order="random", seed=42)
    p2 = allocate_seats(list(reversed(people(60))), ROOMS, slot=slot(), order="random", seed=42)
    p3 = allocate_seats(people(60), ROOMS, slot=slot(), order="random", seed=43)
    assert p1.by_candidate() == p2.by_candidate()
    assert p1.by_candidate() != p3.by_candidate()
    with pytest.raises(ApplicationError) as exc:
        allocate_seats(people(5), ROOMS, slot=slot(), order="random")
    assert exc.value.code == "exams.seating_seed_missing"


def test_capacity_is_respected_and_seats_unique():
    plan = allocate_seats(people(70), ROOMS, slot=slot(), order="random", seed=1)
    seats = [(a.room, a.seat) for a in plan.assignments]
    assert len(seats) == len(set(seats)) == 70
    caps = {r.code: r.capacity for r in ROOMS}
    assert all(1 <= a.seat <= caps[a.room] for a in plan.assignments)
    with pytest.raises(ApplicationError) as exc:
        allocate_seats(people(71), ROOMS, slot=slot())
    assert exc.value.code == "exams.seating_insufficient_capacity" and "rooms" in exc.value.fields


def test_anonymity_numbers_unique_and_reproducible():
    p1 = allocate_seats(people(70), ROOMS, slot=slot(), seed="MT91-2027", anonymous=True)
    p2 = allocate_seats(people(70), ROOMS, slot=slot(), seed="MT91-2027", anonymous=True)
    numbers = [a.anonymity_number for a in p1.assignments]
    assert len(set(numbers)) == 70 and all(100_000 <= n < 1_000_000 for n in numbers)
    assert numbers == [a.anonymity_number for a in p2.assignments]
    assert numbers != sorted(numbers)  # not the seat order
    assert all(a.anonymity_number is None for a in allocate_seats(people(5), ROOMS, slot=slot()).assignments)
    with pytest.raises(ApplicationError):
        allocate_seats(people(5), ROOMS, slot=slot(), anonymous=True)


def test_accommodated_candidates_sit_in_adapted_rooms_with_their_own_end():
    plan = allocate_seats(people(60, accommodated=4), ROOMS, slot=slot(120), order="random", seed=3)
    accommodated = {f"c{i:04d}" for i in range(4)}
    for a in plan.assignments:
        if a.candidate_id in accommodated:
            assert (a.room, a.adapted, a.end) == ("ADAPT", True, at(2027, 1, 11, 11, 40))
        else:
            assert a.room != "ADAPT" and a.end == at(2027, 1, 11, 11, 0)


def test_separate_room_secretary_and_accessibility():
    rooms = [Room("A", 40), Room("S1", 1, adapted=True), Room("S2", 2, adapted=True, accessible=True),
             Room("BIG", 20, adapted=True)]
    cands = [
        Candidate("sec", "A", "A", Accommodation(secretary=True, extra_time=Fraction(1, 3))),
        Candidate("wheel", "B", "B", Accommodation(accessible_room=True, separate_room=True)),
        Candidate("lp", "C", "C", Accommodation(large_print=True)),
        Candidate("x", "D", "D"),
    ]
    plan = allocate_seats(cands, rooms, slot=slot(90)).by_candidate()
    assert plan["wheel"].room == "S2"
    assert plan["sec"].room == "S1"
    assert plan["lp"].room == "BIG"
    assert plan["x"].room == "A"
    assert plan["sec"].end == at(2027, 1, 11, 11, 0)  # 1 h 30 + 30 min
    rooms_used = [a.room for a in plan.values()]
    assert len(rooms_used) == len(set(rooms_used))  # individual rooms hold one candidate


def test_no_adapted_room_left_is_an_error():
    with pytest.raises(ApplicationError) as exc:
        allocate_seats([Candidate("a", "A", "A", Accommodation(separate_room=True))], [Room("A", 10)], slot=slot())
    assert exc.value.code == "exams.seating_insufficient_capacity"


@pytest.mark.parametrize(
    ("preset", "kw", "required", "rule_id"),
    [
        ("tours", {}, True, "TOURS-VI-3.2-seats-anonymity"),
        ("tours", {"terminal": False}, False, "TOURS-VI-3.2-seats-anonymity"),
        ("strasbourg", {}, False, "STRAS-10"),
        ("strasbourg", {"m3c": True}, True, "STRAS-10"),
        ("strasbourg", {"concours": True}, True, "STRAS-8"),
        ("utc", {}, False, ""),
        ("utc", {"m3c": True}, True, ""),
    ],
)
def test_anonymity_required(preset, kw, required, rule_id):
    m3c = kw.pop("m3c", False)
    d = anonymity_required(pv(preset, "exams.anonymity"), slot=slot(**kw), m3c_requires=m3c, preset=preset)
    assert (d.allowed, d.rule_id) == (required, rule_id)
