"""Oral exams: each candidate's passage (preparation start, passage start, end) over examination panels.

STRAS-80: at oral exams the duration defined by the M3C and, where applicable, the preparation time
must be respected; TOURS-II-3-terminal-subject: oral subjects may differ per candidate, preparation
time and duration respected for each one. Which rule a profile cites is ``exams.oral_timing``
(decision EX-10: the check runs for every profile; a profile without the value cites no rule id and
the message names the M3C).

* ``check_timing``: the timing a schedule uses may never be shorter than the M3C's (duration and
  preparation), whatever the reason (queue too long, lunch): refused with the rule id.
* ``layout_passages``: greedy list scheduling: candidates in the given order, each to the panel that
  can hear them first; a candidate prepares while the previous one passes; a changeover gap separates
  two passages of a panel; no passage (and, unless allowed, no preparation) inside a break (lunch);
  extra time (tiers-temps) lengthens both preparation and passage (decision EX-10), rounded up to the
  minute (``scaled``).
* ``check_passages``: what a manual move or swap must still satisfy: every candidate's full
  preparation and duration, one candidate at a time per panel with the changeover gap, no passage in a
  break, each candidate once.

Pure: no ORM, no clock; datetimes are timezone-aware.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from .base import Decision, cited_rules, pick, require_aware, scaled

PARAM = "exams.oral_timing"
ZERO = timedelta(0)


def oral_rule_id(rule_value: Any, preset: str | None = None) -> str:
    """The rule the profile's ``exams.oral_timing`` cites (STRAS-80, TOURS-II-3-terminal-subject), or ""."""
    return pick(cited_rules(PARAM, rule_value, preset), 0)


@dataclass(frozen=True)
class OralTiming:
    """Base duration and preparation time of one candidate (extra time not included)."""

    duration: timedelta
    preparation: timedelta = ZERO

    def __post_init__(self) -> None:
        if self.duration <= ZERO:
            raise ValueError("an oral lasts more than zero minutes")
        if self.preparation < ZERO:
            raise ValueError("a preparation time is not negative")

    def personal(self, extra_time: Fraction | int = 0) -> tuple[timedelta, timedelta]:
        """(preparation, duration) × (1 + extra time), rounded up to the minute."""
        ratio = 1 + Fraction(extra_time)
        return scaled(self.preparation, ratio), scaled(self.duration, ratio)


@dataclass(frozen=True)
class OralCandidate:
    candidate_id: str
    extra_time: Fraction = Fraction(0)


@dataclass(frozen=True)
class Panel:
    """An examination panel (jury + room); ``start`` is when it may begin hearing (default: the oral's start)."""

    code: str
    start: datetime | None = None

    def __post_init__(self) -> None:
        require_aware(self.start)


@dataclass(frozen=True)
class Break:
    """A window without passages (e.g. the examiners' lunch)."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        require_aware(self.start, self.end)
        if self.end <= self.start:
            raise ValueError("a break ends after it starts")

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return start < self.end and self.start < end


@dataclass(frozen=True)
class Passage:
    candidate_id: str
    panel: str
    preparation_start: datetime
    start: datetime
    end: datetime


@dataclass(frozen=True)
class OralIssue:
    """Something a schedule does wrong; ``rule_id`` empty for organisational (non-regulatory) issues."""

    code: str
    candidate_ids: tuple[str, ...]
    rule_id: str
    message: str


@dataclass(frozen=True)
class OralPlan:
    decision: Decision
    passages: tuple[Passage, ...] = ()
    issues: tuple[OralIssue, ...] = field(default_factory=tuple)


def check_timing(requested: OralTiming, m3c: OralTiming, *, rule_value: Any = None,
                 preset: str | None = None) -> Decision:
    """A schedule never shortens the M3C duration nor its preparation time (STRAS-80)."""
    rule_id = oral_rule_id(rule_value, preset)
    suffix = f" [{rule_id}]" if rule_id else ""
    if requested.duration < m3c.duration:
        return Decision(False, "exams.oral_duration_shortened", rule_id,
                        _("Durée d'épreuve de %(r)d min inférieure aux %(m)d min des M3C%(s)s.")
                        % {"r": _minutes(requested.duration), "m": _minutes(m3c.duration), "s": suffix})
    if requested.preparation < m3c.preparation:
        return Decision(False, "exams.oral_preparation_shortened", rule_id,
                        _("Temps de préparation de %(r)d min inférieur aux %(m)d min prévues%(s)s.")
                        % {"r": _minutes(requested.preparation), "m": _minutes(m3c.preparation), "s": suffix})
    return Decision(True, "exams.oral_timing_respected", rule_id,
                    _("Durée et temps de préparation des M3C respectés."))


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _clear_of_breaks(passage: datetime, prep: timedelta, dur: timedelta, breaks: Sequence[Break],
                     prep_during_breaks: bool) -> datetime:
    """The first passage start ≥ ``passage`` whose passage (and preparation, unless allowed) avoids every break."""
    moved = True
    while moved:
        moved = False
        for b in breaks:
            if b.overlaps(passage, passage + dur):
                passage, moved = b.end + (ZERO if prep_during_breaks else prep), True
            elif not prep_during_breaks and prep and b.overlaps(passage - prep, passage):
                passage, moved = b.end + prep, True
    return passage


def layout_passages(
    *,
    start: datetime,
    timing: OralTiming,
    candidates: Sequence[OralCandidate],
    panels: Sequence[Panel],
    changeover: timedelta = ZERO,
    breaks: Sequence[Break] = (),
    prep_during_breaks: bool = False,
) -> list[Passage]:
    """Lay the candidates out (in the given order) over the panels; see the module docstring.

    The first preparation starts at ``start`` (or the panel's own start); each candidate goes to the
    panel that can hear them earliest (ties: panel order)."""
    require_aware(start)
    if not panels:
        raise ValueError("an oral needs at least one panel")
    if changeover < ZERO:
        raise ValueError("a changeover gap is not negative")
    ordered_breaks = sorted(breaks, key=lambda b: b.start)
    free: dict[str, datetime | None] = {p.code: None for p in panels}
    opens = {p.code: p.start or start for p in panels}
    out: list[Passage] = []
    for cand in candidates:
        prep, dur = timing.personal(cand.extra_time)
        best: tuple[datetime, int, str] | None = None
        for index, panel in enumerate(panels):
            last = free[panel.code]
            earliest = opens[panel.code] + prep
            if last is not None:
                earliest = max(earliest, last + changeover)
            at = _clear_of_breaks(earliest, prep, dur, ordered_breaks, prep_during_breaks)
            if best is None or (at, index) < best[:2]:
                best = (at, index, panel.code)
        assert best is not None
        at, _index, code = best
        out.append(Passage(cand.candidate_id, code, at - prep, at, at + dur))
        free[code] = at + dur
    return out


def check_passages(
    passages: Iterable[Passage],
    *,
    timing: OralTiming,
    extra_time: Mapping[str, Fraction] | None = None,
    changeover: timedelta = ZERO,
    breaks: Sequence[Break] = (),
    prep_during_breaks: bool = False,
    rule_value: Any = None,
    preset: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[OralIssue]:
    """Everything wrong with a (possibly hand-edited) schedule; [] when it may be published.
    ``labels`` name the candidates in messages (default: their ids)."""
    rule_id = oral_rule_id(rule_value, preset)
    items = list(passages)

    def name(cid: str) -> str:
        return (labels or {}).get(cid, cid)

    out: list[OralIssue] = []
    seen: dict[str, int] = defaultdict(int)
    for p in items:
        require_aware(p.preparation_start, p.start, p.end)
        seen[p.candidate_id] += 1
        prep, dur = timing.personal((extra_time or {}).get(p.candidate_id, Fraction(0)))
        if p.start - p.preparation_start < prep:
            out.append(OralIssue("exams.oral_short_preparation", (p.candidate_id,), rule_id,
                                 _("Temps de préparation non respecté pour %(c)s (%(n)d min dues).")
                                 % {"c": name(p.candidate_id), "n": _minutes(prep)}))
        if p.end - p.start < dur:
            out.append(OralIssue("exams.oral_short_duration", (p.candidate_id,), rule_id,
                                 _("Durée d'épreuve non respectée pour %(c)s (%(n)d min dues).")
                                 % {"c": name(p.candidate_id), "n": _minutes(dur)}))
        for pause in breaks:
            if pause.overlaps(p.start, p.end) or (not prep_during_breaks
                                                  and pause.overlaps(p.preparation_start, p.start)):
                out.append(OralIssue("exams.oral_in_break", (p.candidate_id,), "",
                                     _("Le passage de %(c)s empiète sur une pause.") % {"c": name(p.candidate_id)}))
    for cid, n in sorted(seen.items()):
        if n > 1:
            out.append(OralIssue("exams.oral_candidate_twice", (cid,), "",
                                 _("%(c)s a plusieurs passages.") % {"c": name(cid)}))
    by_panel: dict[str, list[Passage]] = defaultdict(list)
    for p in items:
        by_panel[p.panel].append(p)
    for panel, rows in sorted(by_panel.items()):
        rows.sort(key=lambda p: (p.start, p.end, p.candidate_id))
        for a, b in itertools.pairwise(rows):
            if b.start < a.end:
                out.append(OralIssue("exams.oral_panel_overlap", (a.candidate_id, b.candidate_id), rule_id,
                                     _("Le jury %(p)s entend %(a)s et %(b)s en même temps.")
                                     % {"p": panel, "a": name(a.candidate_id), "b": name(b.candidate_id)}))
            elif b.start < a.end + changeover:
                out.append(OralIssue("exams.oral_changeover_short", (a.candidate_id, b.candidate_id), "",
                                     _("Jury %(p)s : moins de %(n)d min entre %(a)s et %(b)s.")
                                     % {"p": panel, "n": _minutes(changeover), "a": name(a.candidate_id),
                                        "b": name(b.candidate_id)}))
    return out


def plan_oral(
    *,
    start: datetime,
    requested: OralTiming,
    m3c: OralTiming,
    candidates: Sequence[OralCandidate],
    panels: Sequence[Panel],
    changeover: timedelta = ZERO,
    breaks: Sequence[Break] = (),
    prep_during_breaks: bool = False,
    rule_value: Any = None,
    preset: str | None = None,
) -> OralPlan:
    """Refuse a timing shorter than the M3C's (STRAS-80), else lay out and check the passages."""
    decision = check_timing(requested, m3c, rule_value=rule_value, preset=preset)
    if not decision.allowed:
        return OralPlan(decision)
    passages = layout_passages(start=start, timing=requested, candidates=candidates, panels=panels,
                               changeover=changeover, breaks=breaks, prep_during_breaks=prep_during_breaks)
    issues = check_passages(passages, timing=requested, extra_time={c.candidate_id: c.extra_time for c in candidates},
                            changeover=changeover, breaks=breaks, prep_during_breaks=prep_during_breaks,
                            rule_value=rule_value, preset=preset)
    return OralPlan(decision, tuple(passages), tuple(issues))
