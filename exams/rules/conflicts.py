"""Timetable conflicts and oral passages.

* A candidate sitting two exams at once (their personal end time counts: extra time included; at an
  oral with passages, their personal passage from preparation start to end, STRAS-80), in the same
  session or across sessions (a médian week overlapping an exam outside weeks: decision OR-09).
* A room booked by exams that overlap without sharing the same slot (double booking), or hosting
  more candidates than seats.
* Exams of different durations in the same room (TOURS-VI-3.2-room-durations), when the profile's
  ``exams.one_duration_per_room`` is on.
* Oral exams: each candidate keeps their preparation time and exam duration (STRAS-80,
  TOURS-II-3-terminal-subject; ``exams.oral_timing``): the single-examiner helpers below; the
  passage schedules over several panels, breaks and hand edits are ``exams.rules.orals``.

All detections sort once and sweep: O(n log n + conflicts).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from core.profiles.validators import boolean, list_of, struct, text

from .base import cited_rules, pick, require_aware, scaled

ROOM_PARAM = "exams.one_duration_per_room"
ORAL_PARAM = "exams.oral_timing"

validate_oral_timing = struct({"per_candidate": boolean(), "rule_ids": list_of(text(60))}, required=("per_candidate",))


@dataclass(frozen=True)
class Sitting:
    """One candidate's personal interval at one exam (extra time included)."""

    candidate_id: str
    exam_id: str
    start: datetime
    end: datetime
    session_id: str = ""  # two sessions' exams may overlap too (a médian week and an exam outside weeks)

    def __post_init__(self) -> None:
        require_aware(self.start, self.end)


@dataclass(frozen=True)
class RoomBooking:
    exam_id: str
    room: str
    start: datetime
    duration: timedelta
    seats: int = 0

    @property
    def end(self) -> datetime:
        return self.start + self.duration


@dataclass(frozen=True)
class Conflict:
    kind: str  # candidate_overlap / room_double_booked / room_mixed_durations / room_over_capacity / oral_*
    exam_ids: tuple[str, ...]
    subject: str  # candidate id or room code
    rule_id: str
    message: str


def candidate_conflicts(
    sittings: Iterable[Sitting],
    *,
    focus_session: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """Every pair of exams a candidate cannot both sit (intervals overlap; touching is fine).

    An oral's sitting is the candidate's personal passage (preparation start → end, STRAS-80).
    ``focus_session``: only pairs involving an exam of that session are reported (a session's check
    does not report other sessions' own conflicts); a pair across two sessions is a
    ``candidate_overlap_sessions`` conflict. ``labels`` name the candidates in messages.
    """
    by_candidate: dict[str, list[Sitting]] = defaultdict(list)
    for s in sittings:
        by_candidate[s.candidate_id].append(s)
    out: list[Conflict] = []
    for candidate, items in sorted(by_candidate.items()):
        if focus_session is not None and all(s.session_id != focus_session for s in items):
            continue
        name = (labels or {}).get(candidate, candidate)
        items.sort(key=lambda s: (s.start, s.end, s.exam_id))
        active: list[Sitting] = []
        for s in items:
            active = [a for a in active if a.end > s.start]
            for a in active:
                if a.exam_id == s.exam_id:
                    continue
                if focus_session is not None and focus_session not in (a.session_id, s.session_id):
                    continue
                if a.session_id != s.session_id:
                    out.append(Conflict("candidate_overlap_sessions", (a.exam_id, s.exam_id), candidate, "",
                                        _("%(c)s est convoqué·e à deux épreuves de sessions différentes qui se "
                                          "chevauchent.") % {"c": name}))
                else:
                    out.append(Conflict("candidate_overlap", (a.exam_id, s.exam_id), candidate, "",
                                        _("Le candidat %(c)s est convoqué à deux épreuves en même temps.")
                                        % {"c": name}))
            active.append(s)
    return out


def room_conflicts(
    bookings: Iterable[RoomBooking],
    *,
    capacities: Mapping[str, int] | None = None,
    one_duration_per_room: Any = False,
) -> list[Conflict]:
    """Double bookings, mixed durations (if the profile forbids them) and over-capacity per room.

    Several exams may share a room when they start together (a common amphitheatre session);
    overlapping exams that do not start together are a double booking.
    """
    mixed_rule = pick(cited_rules(ROOM_PARAM, one_duration_per_room), 0) if one_duration_per_room else ""
    by_room: dict[str, list[RoomBooking]] = defaultdict(list)
    for b in bookings:
        by_room[b.room].append(b)
    out: list[Conflict] = []
    for room, items in sorted(by_room.items()):
        items.sort(key=lambda b: (b.start, b.end, b.exam_id))
        active: list[RoomBooking] = []
        for b in items:
            active = [a for a in active if a.end > b.start]
            for a in active:
                if a.exam_id == b.exam_id:
                    continue
                if a.start != b.start:
                    out.append(Conflict("room_double_booked", (a.exam_id, b.exam_id), room, "",
                                        _("Salle %(r)s réservée par deux épreuves qui se chevauchent.") % {"r": room}))
                elif a.duration != b.duration and one_duration_per_room:
                    out.append(Conflict("room_mixed_durations", (a.exam_id, b.exam_id), room, mixed_rule,
                                        _("Salle %(r)s : des épreuves de durées différentes ne peuvent pas s'y "
                                          "dérouler ensemble.") % {"r": room}))
            active.append(b)
        capacity = (capacities or {}).get(room)
        if capacity is not None:
            events: list[tuple[datetime, int, int, str]] = []
            for b in items:
                events += [(b.start, 1, b.seats, b.exam_id), (b.end, 0, -b.seats, b.exam_id)]
            events.sort(key=lambda e: (e[0], e[1]))  # ends before starts at the same instant
            load, flagged = 0, False
            for _at, _kind, delta, _exam in events:
                load += delta
                if load > capacity and not flagged:
                    flagged = True
                    out.append(Conflict("room_over_capacity", tuple(sorted({b.exam_id for b in items})), room, "",
                                        _("Salle %(r)s : %(n)d candidats pour %(c)d places.")
                                        % {"r": room, "n": load, "c": capacity}))
    return out


# -- orals -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class OralPassage:
    candidate_id: str
    preparation_start: datetime
    start: datetime
    end: datetime


def oral_schedule(
    *,
    start: datetime,
    candidate_ids: Sequence[str],
    preparation: timedelta,
    duration: timedelta,
    extra_time: Mapping[str, Fraction] | None = None,
) -> list[OralPassage]:
    """One examiner, candidates in the given order; each prepares while the previous one passes.

    Extra time (tiers-temps) lengthens both preparation and passage (decision EX-10).
    """
    require_aware(start)
    out: list[OralPassage] = []
    examiner_free: datetime | None = None
    for cid in candidate_ids:
        ratio = 1 + (extra_time or {}).get(cid, Fraction(0))
        prep, dur = scaled(preparation, ratio), scaled(duration, ratio)
        passage = start + prep if examiner_free is None else max(examiner_free, start + prep)
        out.append(OralPassage(cid, passage - prep, passage, passage + dur))
        examiner_free = passage + dur
    return out


def check_oral_schedule(
    passages: Sequence[OralPassage],
    *,
    preparation: timedelta,
    duration: timedelta,
    rule_value: Any = None,
    extra_time: Mapping[str, Fraction] | None = None,
    preset: str | None = None,
) -> list[Conflict]:
    """Each candidate gets their full preparation time and duration; the examiner hears one at a time."""
    rule_id = pick(cited_rules(ORAL_PARAM, rule_value, preset), 0)
    out: list[Conflict] = []
    for p in passages:
        ratio = 1 + (extra_time or {}).get(p.candidate_id, Fraction(0))
        if p.start - p.preparation_start < scaled(preparation, ratio):
            out.append(Conflict("oral_short_preparation", (), p.candidate_id, rule_id,
                                _("Temps de préparation non respecté pour %(c)s.") % {"c": p.candidate_id}))
        if p.end - p.start < scaled(duration, ratio):
            out.append(Conflict("oral_short_duration", (), p.candidate_id, rule_id,
                                _("Durée d'épreuve non respectée pour %(c)s.") % {"c": p.candidate_id}))
    ordered = sorted(passages, key=lambda p: p.start)
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:
            out.append(Conflict("oral_examiner_overlap", (), f"{a.candidate_id}/{b.candidate_id}", rule_id,
                                _("L'examinateur entend deux candidats en même temps.")))
    return out


def validate_one_duration(value: Any) -> Any:
    return boolean()(value)
