"""Seat allocation, anonymity numbers and adapted rooms.

* Order (``exams.seat_allocation``): ``alphabetical`` (last name, first name, accent- and
  case-insensitive) or ``random`` with a seed (the same seed gives the same plan).
* Anonymity numbers when ``exams.anonymity`` (TOURS-VI-3.2-seats-anonymity: every written terminal
  exam; STRAS-10: only if the M3C require it; STRAS-8: default for concours) or the M3C require
  it: unique 6-digit numbers drawn with the seed, unrelated to the seat order.
* Candidates with accommodations sit in adapted rooms with their own end time
  (UTC-2.05-accommodations); a separate room or a secretary means a room of their own; a candidate
  needing an accessible room gets one. Other candidates fill the ordinary rooms in the given order.

Sorting dominates: O(n log n) for n candidates (benchmarks/bench_seating.py).
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.profiles.validators import boolean, choice, struct, text

from .accommodations import NO_ACCOMMODATION, Accommodation, personal_end
from .base import Decision, ExamSlot, cited_rules, pick

ORDER_PARAM = "exams.seat_allocation_order"
ANONYMITY_PARAM = "exams.anonymity"
ORDERS = ("alphabetical", "random")

validate_anonymity = struct(
    {
        "written_terminal": choice(("mandatory", "if_M3C")),
        "concours": choice(("default_on",)),
        "nominative_grade_display": boolean(),
        "nominative_results_list": boolean(),
        "note": text(200),
    }
)


def anonymity_required(
    rule_value: Any, *, slot: ExamSlot, m3c_requires: bool = False, concours_waived: bool = False, preset: str | None = None) -> Decision:
    """Must this exam be corrected anonymously? The M3C can always require it (STRAS-10)."""
    rule = validate_anonymity(rule_value) if rule_value is not None else {}
    ids = cited_rules(ANONYMITY_PARAM, rule_value, preset)
    if slot.written and slot.terminal and rule.get("written_terminal") == "mandatory":
        return Decision(True, "exams.anonymity_mandatory", pick(ids, 0),
                        _("Épreuve écrite terminale : anonymat obligatoire."))
    if slot.concours and rule.get("concours") == "default_on" and not concours_waived:
        return Decision(True, "exams.anonymity_concours", pick(ids, 1),
                        _("Concours : épreuves écrites anonymes sauf dérogation du règlement du concours."))
    if m3c_requires:
        return Decision(True, "exams.anonymity_m3c", pick(ids, 0), _("Anonymat exigé par les M3C : il s'impose."))
    return Decision(False, "exams.anonymity_not_required", pick(ids, 0), _("Anonymat non requis."))


@dataclass(frozen=True)
class Room:
    code: str
    capacity: int
    adapted: bool = False  # equipped and invigilated for candidates with accommodations
    accessible: bool = False  # step-free access


@dataclass(frozen=True)
class Candidate:
    id: str
    last_name: str
    first_name: str
    accommodation: Accommodation = NO_ACCOMMODATION


@dataclass(frozen=True)
class SeatAssignment:
    candidate_id: str
    room: str
    seat: int
    start: datetime
    end: datetime
    anonymity_number: int | None = None
    adapted: bool = False


@dataclass(frozen=True)
class Allocation:
    assignments: tuple[SeatAssignment, ...]
    order: str
    seed: str | None
    anonymous: bool

    def by_candidate(self) -> dict[str, SeatAssignment]:
        return {a.candidate_id: a for a in self.assignments}

    def rooms_used(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for a in self.assignments:
            out[a.room] = out.get(a.room, 0) + 1
        return out


def _fold(text_: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text_) if not unicodedata.combining(c)).casefold()


def order_candidates(candidates: Sequence[Candidate], *, order: str, seed: Any = None) -> list[Candidate]:
    """Alphabetical (French collation without accents) or a seeded shuffle of the id-sorted list."""
    if order == "alphabetical":
        return sorted(candidates, key=lambda c: (_fold(c.last_name), _fold(c.first_name), c.id))
    if order == "random":
        if seed is None:
            raise ApplicationError("exams.seating_seed_missing", _("Un tirage aléatoire exige une graine."),
                                   fields={"seed": _("Obligatoire pour l'ordre aléatoire.")})
        items = sorted(candidates, key=lambda c: c.id)
        random.Random(f"order:{seed}").shuffle(items)  # noqa: S311 - placement, not security
        return items
    raise ValueError(f"unknown seat order {order!r}")


def _shortfall(what: str, needed: int, available: int) -> ApplicationError:
    return ApplicationError(
        "exams.seating_insufficient_capacity",
        _("Places insuffisantes (%(w)s) : %(n)d candidats pour %(a)d places.") % {"w": what, "n": needed, "a": available},
        fields={"rooms": _("Ajouter des salles (%(w)s).") % {"w": what}},
    )


def allocate_seats(
    candidates: Sequence[Candidate],
    rooms: Sequence[Room],
    *,
    slot: ExamSlot,
    order: str = "alphabetical",
    seed: Any = None,
    anonymous: bool = False,
) -> Allocation:
    """Place every candidate; raises ``exams.seating_insufficient_capacity`` naming the shortfall."""
    if len({c.id for c in candidates}) != len(candidates):
        raise ApplicationError("exams.seating_duplicate_candidate", _("Un candidat figure deux fois."),
                               fields={"candidates": _("Doublon.")})
    if anonymous and seed is None:
        raise ApplicationError("exams.seating_seed_missing", _("Les numéros d'anonymat exigent une graine."),
                               fields={"seed": _("Obligatoire quand l'épreuve est anonyme.")})
    ordered = order_candidates(candidates, order=order, seed=seed)
    individual = [c for c in ordered if c.accommodation.individual_room]
    shared = [c for c in ordered if c.accommodation.any and not c.accommodation.individual_room]
    regular = [c for c in ordered if not c.accommodation.any]
    placed: list[tuple[Candidate, str, int, bool]] = []

    adapted = [r for r in rooms if r.adapted and r.capacity > 0]
    # individual rooms: the smallest suitable adapted room, accessible when needed
    free = sorted(adapted, key=lambda r: (r.capacity, r.code))
    for c in individual:
        room = next((r for r in free if r.accessible or not c.accommodation.accessible_room), None)
        if room is None:
            raise _shortfall(_("salle individuelle aménagée"), len(individual), len(adapted))
        free.remove(room)
        placed.append((c, room.code, 1, True))
    # shared adapted rooms: accessible needs first into accessible rooms, then the rest
    seats_left = {r.code: r.capacity for r in free}
    needs_access = [c for c in shared if c.accommodation.accessible_room]
    others = [c for c in shared if not c.accommodation.accessible_room]
    for group, pool in ((needs_access, [r for r in free if r.accessible]), (others, free)):
        cursor = 0
        for c in group:
            while cursor < len(pool) and seats_left[pool[cursor].code] == 0:
                cursor += 1
            if cursor == len(pool):
                raise _shortfall(_("salles aménagées"), len(shared), sum(r.capacity for r in free))
            room = pool[cursor]
            seat = room.capacity - seats_left[room.code] + 1
            seats_left[room.code] -= 1
            placed.append((c, room.code, seat, True))
    # everyone else, in order, room after room
    ordinary = [r for r in rooms if not r.adapted and r.capacity > 0]
    total = sum(r.capacity for r in ordinary)
    if len(regular) > total:
        raise _shortfall(_("salles ordinaires"), len(regular), total)
    index = 0
    for room in ordinary:
        for seat in range(1, room.capacity + 1):
            if index == len(regular):
                break
            placed.append((regular[index], room.code, seat, False))
            index += 1

    numbers: list[int | None] = [None] * len(placed)
    if anonymous:
        drawn = random.Random(f"anonymity:{seed}").sample(range(100_000, 1_000_000), len(placed))  # noqa: S311
        numbers = list(drawn)
    assignments = tuple(
        SeatAssignment(c.id, room, seat, slot.start, personal_end(slot, c.accommodation), number, adapted_)
        for (c, room, seat, adapted_), number in zip(placed, numbers, strict=True)
    )
    return Allocation(assignments, order, None if seed is None else str(seed), anonymous)
