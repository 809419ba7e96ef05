"""Shared building blocks of the exam rules: decisions, exam slots and duration expressions.

Every rule of ``exams.rules`` is a pure function: frozen dataclasses and the plain JSON value a
regulation profile stores go in, a decision with its reason code, rule id and French message comes
out. No ORM, no ``now()``: the reference instant is always an argument, and every deadline is
computed by ``core.calendar.working.WorkingCalendar`` (passed in by the caller).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _

from core.calendar.working import PARIS, WorkingCalendar, end_of_day

__all__ = [
    "PARIS",
    "Decision",
    "ExamEvents",
    "ExamSlot",
    "Lead",
    "LeadCheck",
    "check_lead",
    "cited_rules",
    "eval_minutes",
    "pick",
    "pick_kind",
    "require_aware",
    "scaled",
]


@lru_cache(maxsize=1024)
def _cited(param_key: str, frozen: str, preset: str) -> tuple[str, ...]:
    from core.rules_catalog import get_catalog

    conflict = get_catalog().conflict(param_key)
    if conflict is None:  # a Cursus-only parameter: its registered rule ids
        from core.errors import ApplicationError
        from core.profiles.registry import get_param

        try:
            return tuple(get_param(param_key).rule_ids)
        except ApplicationError:
            return ()
    values = conflict.get("values") or {}
    own = values.get(preset) or {}
    if own.get("params") is not None and json.dumps(own["params"], sort_keys=True) == frozen:
        return tuple(own.get("rules") or ())
    for entry in values.values():
        params = entry.get("params")
        if params is not None and json.dumps(params, sort_keys=True) == frozen:
            return tuple(entry.get("rules") or ())
    return ()


def cited_rules(param_key: str, value: Any, preset: str | None = None) -> tuple[str, ...]:
    """The catalogue rule ids behind a profile value (decision EX-01).

    A profile value equal to a preset's transcription cites that preset's rules (in catalogue
    order); a locally edited value cites none (``()``): the decision then names the parameter.
    A parameter that is not a catalogue conflict (a Cursus addition) cites its registered rule ids.
    This keeps institution names out of the code while every decision still carries its rule id.
    Two presets may transcribe the same value (UTC and Strasbourg: 15 minutes before the start):
    ``preset`` (the profile's ``preset`` field, passed by the caller) says whose rules to cite.
    """
    if value is None:
        return ()
    if isinstance(value, dict) and isinstance(value.get("rule_ids"), list):
        return tuple(value["rule_ids"])  # Cursus-only parameters carry the rules they transcribe
    return _cited(param_key, json.dumps(value, sort_keys=True), preset or "")


def pick(ids: tuple[str, ...], index: int) -> str:
    """``ids[index]`` clamped to the tuple (rules listed minor→major, lead→individual, …)."""
    if not ids:
        return ""
    return ids[min(index, len(ids) - 1)] if index >= 0 else ids[index]


def pick_kind(ids: tuple[str, ...], *kinds: str) -> str:
    """The first of ``ids`` whose catalogue ``kind`` is one of ``kinds`` (deadline, content, …)."""
    from core.rules_catalog import get_catalog

    rules = get_catalog().rules
    return next((i for i in ids if i in rules and rules[i].kind in kinds), "")


def require_aware(*moments: datetime | None) -> None:
    for moment in moments:
        if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
            raise ValueError("exam rules work on timezone-aware datetimes only")


@dataclass(frozen=True)
class Decision:
    """What a rule answers: allowed or not, why (stable code), under which rule, in French."""

    allowed: bool
    reason_code: str
    rule_id: str
    message: str


@dataclass(frozen=True)
class ExamSlot:
    """One sitting of an exam as scheduled (written or oral).

    ``kind`` is ``median`` / ``final`` / ``other`` (UTC-2.01 distinguishes them), ``session`` 1 or 2;
    ``terminal`` and ``written`` say whether it is a written terminal exam (Tours anonymity,
    min. invigilators); ``concours`` for competitions (STRAS-8).
    """

    start: datetime
    duration: timedelta
    kind: str = "final"
    session: int = 1
    written: bool = True
    terminal: bool = True
    concours: bool = False
    language_course: bool = False

    def __post_init__(self) -> None:
        require_aware(self.start)
        if self.duration <= timedelta(0):
            raise ValueError("an exam lasts more than zero minutes")

    @property
    def end(self) -> datetime:
        return self.start + self.duration

    @property
    def duration_minutes(self) -> float:
        return self.duration.total_seconds() / 60


@dataclass(frozen=True)
class ExamEvents:
    """What happened in the room (recorded by the head of room); ``None`` = not (yet) happened.

    Lateness and minimum presence are counted from these events when the rule says so
    (UTC: first subject distribution; Tours: envelope opening / subject distribution); without a
    recorded event the scheduled start is the reference (decision EX-03).
    """

    envelopes_opened_at: datetime | None = None
    first_distribution_at: datetime | None = None

    def __post_init__(self) -> None:
        require_aware(self.envelopes_opened_at, self.first_distribution_at)

    def reference(self, counted_from: str | None, slot: ExamSlot) -> datetime:
        if counted_from in ("first_subject_distribution", "subject_distribution"):
            return self.first_distribution_at or slot.start
        return slot.start


def scaled(duration: timedelta, ratio: Fraction | float | str) -> timedelta:
    """``duration × ratio`` rounded UP to the whole minute (the candidate never loses seconds)."""
    minutes = Fraction(int(duration.total_seconds()), 60) * Fraction(str(ratio))
    return timedelta(minutes=math.ceil(minutes))


# -- duration expressions ------------------------------------------------------------------
# The catalogue writes Strasbourg's thresholds as expressions of the exam duration in minutes
# ("60 if duration_min > 60 else duration_min / 2", STRAS-33; "duration_min if duration_min <= 60
# else 60", STRAS-51). Profiles store them verbatim; this tiny grammar evaluates them safely.
_NUM = r"\d+(?:\.\d+)?"
_TERM = rf"(?:{_NUM}|duration_min(?:\s*[*/]\s*{_NUM})?)"
_EXPR = re.compile(
    rf"^\s*(?P<a>{_TERM})(?:\s+if\s+duration_min\s*(?P<op><=|<|>=|>)\s*(?P<n>{_NUM})\s+else\s+(?P<b>{_TERM}))?\s*$"
)


def _term(text: str, duration_min: float) -> float:
    text = text.strip()
    if not text.startswith("duration_min"):
        return float(text)
    rest = text[len("duration_min"):].strip()
    if not rest:
        return duration_min
    op, number = rest[0], float(rest[1:].strip())
    return duration_min * number if op == "*" else duration_min / number


def check_minutes_expr(value: Any) -> int | float | str:
    """Validator: a number of minutes or an expression of ``duration_min`` (see above)."""
    if isinstance(value, bool):
        raise ValueError(_("nombre de minutes ou expression de duration_min attendu."))
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(_("nombre de minutes positif attendu."))
        return value
    if isinstance(value, str) and _EXPR.match(value):
        return value
    raise ValueError(
        _("« %(v)s » : nombre de minutes ou expression « A if duration_min > N else B » attendu.") % {"v": value}
    )


def eval_minutes(value: int | float | str, duration_min: float) -> float:
    """Evaluate a minutes value or expression for an exam of ``duration_min`` minutes."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    match = _EXPR.match(str(value))
    if not match:
        raise ValueError(f"unparsable duration expression {value!r}")
    if match.group("op") is None:
        return _term(match.group("a"), duration_min)
    n = float(match.group("n"))
    op = match.group("op")
    holds = {"<=": duration_min <= n, "<": duration_min < n, ">=": duration_min >= n, ">": duration_min > n}[op]
    return _term(match.group("a") if holds else match.group("b"), duration_min)


# -- lead times ("at least N days before E") ---------------------------------------------------
@dataclass(frozen=True)
class Lead:
    """A lead time as profiles write it: ``value`` ``day_kind`` before an event."""

    value: int
    day_kind: str = "calendar"

    @classmethod
    def parse(cls, value: Any, *, what: str = "") -> Lead | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise ValueError(_("délai attendu sous la forme {value, day_kind}."))
        n = value.get("value", value.get("days"))
        if n is None:
            return None
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(_("%(w)s : nombre entier positif attendu.") % {"w": what or "value"})
        kind = value.get("day_kind", "calendar")
        if kind not in ("calendar", "weeks", "months", "ouvres", "ouvrables"):
            raise ValueError(_("type de jours « %(k)s » non admis pour un délai avant un événement.") % {"k": kind})
        return cls(n, kind)

    def latest_day(self, event: date, calendar: WorkingCalendar) -> date:
        return calendar.subtract(event, self.value, self.day_kind)


@dataclass(frozen=True)
class LeadCheck(Decision):
    """Result of a "done at least N days before" check; ``deadline`` is the last instant allowed."""

    deadline: datetime | None = None
    late: bool = False
    details: dict[str, Any] = field(default_factory=dict)


def check_lead(
    lead: Lead | None,
    *,
    event: datetime,
    done_at: datetime | None,
    calendar: WorkingCalendar,
    rule_id: str,
    what: str,
) -> LeadCheck:
    """Was ``what`` done (or is it still doable, ``done_at=None``) at least ``lead`` before ``event``?

    Latest action day = event day − N (catalogue ``meta.conventions``: anchor excluded, last day
    inclusive); it may be done until the end of that day (Europe/Paris).
    """
    require_aware(event, done_at)
    if lead is None:
        return LeadCheck(True, "exams.no_lead_time", rule_id, _("Le règlement ne fixe pas de délai pour : %(w)s.")
                         % {"w": what})
    deadline = end_of_day(lead.latest_day(event.astimezone(PARIS).date(), calendar))
    if done_at is None:
        return LeadCheck(True, "exams.lead_pending", rule_id,
                         _("%(w)s : à faire au plus tard le %(d)s.") % {"w": what, "d": deadline.date().isoformat()},
                         deadline=deadline)
    if done_at <= deadline:
        return LeadCheck(True, "exams.lead_met", rule_id, _("%(w)s dans les délais.") % {"w": what},
                         deadline=deadline)
    return LeadCheck(
        False, "exams.lead_late", rule_id,
        _("%(w)s en retard : au plus tard le %(d)s (délai de %(n)s %(k)s, règle %(r)s).")
        % {"w": what, "d": deadline.date().isoformat(), "n": lead.value, "k": lead.day_kind, "r": rule_id},
        deadline=deadline, late=True,
    )
