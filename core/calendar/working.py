"""Working-day arithmetic, as the rules catalogue's ``meta.conventions`` define it.

Conventions (pinned in tests/core/test_calendar.py):

* The anchor day is never counted (dies a quo excluded); the last allowed day is inclusive.
* calendar: ``N days after A`` = A + N; ``N days before E`` = E - N.
* weeks: 7 × N calendar days.
* months: same day-of-month N months later, clamped to the month end (31 Jan + 1 month = 28/29 Feb).
* ouvrés = Monday–Friday minus public holidays and closure days; ouvrables = Monday–Saturday
  minus the same. ``N ouvrés after A`` is the N-th qualifying day after A; ``N ouvrés before E``
  is the N-th qualifying day stepping back from E.
* francs (mois francs): neither the anchor day nor the expiry day counts: A + N months + 1 day;
  if that day is a Saturday, Sunday, public holiday (or closure day), it moves to the next day
  that is none of these (decision D-006).
* hours: clock arithmetic from a timestamp; weekends are not excluded; elapsed hours across a
  change of summer time (decision P-004).
* "fin du premier mois" = start + 1 month − 1 day; "un mois après le début" = start + 1 month.

Public holidays come from the ``holidays`` package for the site's subdivision: metropolitan
France (no subdivision), Alsace ``6AE`` and Moselle ``57`` (Good Friday, 26 December), overseas
departments (``971`` … ``976``: abolition of slavery and local days).
"""

from __future__ import annotations

import calendar as _cal
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as _holidays
from django.utils.translation import gettext as _

from core.errors import ApplicationError

PARIS = ZoneInfo("Europe/Paris")


class DayKind(enum.StrEnum):
    CALENDAR = "calendar"
    WEEKS = "weeks"
    MONTHS = "months"
    OUVRES = "ouvres"
    OUVRABLES = "ouvrables"
    FRANCS = "francs"
    HOURS = "hours"


SUBDIVISIONS: frozenset[str] = frozenset({"", *_holidays.France.subdivisions})


@lru_cache(maxsize=256)
def _holidays_for(subdivision: str, year: int) -> dict[date, str]:
    cal = _holidays.France(subdiv=subdivision or None, years=year, language="fr")
    return dict(cal.items())


def add_months(day: date, months: int) -> date:
    """Same day-of-month ``months`` later (or earlier), clamped to the month end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = _cal.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def end_of_day(day: date, tz: ZoneInfo = PARIS) -> datetime:
    """The last instant of ``day`` in local time: a date deadline is met until then."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=tz)


@dataclass(frozen=True)
class WorkingCalendar:
    """Public holidays of one subdivision plus the institution's closure days."""

    subdivision: str = ""
    closures: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.subdivision not in SUBDIVISIONS:
            raise ApplicationError(
                "calendar.unknown_subdivision",
                _("Subdivision de jours fériés inconnue : « %(s)s ».") % {"s": self.subdivision},
                fields={"holiday_subdivision": _("Choisir parmi : %(list)s ou vide pour la métropole.")
                        % {"list": ", ".join(sorted(SUBDIVISIONS - {""}))}},
            )
        # A plain set of closures would make the frozen calendar unhashable: freeze it.
        if not isinstance(self.closures, frozenset):
            object.__setattr__(self, "closures", frozenset(self.closures))

    # -- what a day is -------------------------------------------------------------------
    def holiday_name(self, day: date) -> str | None:
        return _holidays_for(self.subdivision, day.year).get(day)

    def is_public_holiday(self, day: date) -> bool:
        return day in _holidays_for(self.subdivision, day.year)

    def is_closed(self, day: date) -> bool:
        return day in self.closures

    def is_ouvre(self, day: date) -> bool:
        """Jour ouvré: Monday to Friday, not a public holiday nor a closure day."""
        return day.weekday() < 5 and not self.is_public_holiday(day) and not self.is_closed(day)

    def is_ouvrable(self, day: date) -> bool:
        """Jour ouvrable: Monday to Saturday, not a public holiday nor a closure day."""
        return day.weekday() < 6 and not self.is_public_holiday(day) and not self.is_closed(day)

    def _qualifies(self, day: date, kind: DayKind) -> bool:
        return self.is_ouvre(day) if kind is DayKind.OUVRES else self.is_ouvrable(day)

    # -- arithmetic ----------------------------------------------------------------------
    def _step(self, anchor: date, n: int, kind: DayKind, direction: int) -> date:
        if n < 0:
            raise ValueError("n must be >= 0; use the other direction")
        if kind is DayKind.CALENDAR:
            return anchor + timedelta(days=direction * n)
        if kind is DayKind.WEEKS:
            return anchor + timedelta(days=direction * 7 * n)
        if kind is DayKind.MONTHS:
            return add_months(anchor, direction * n)
        if kind in (DayKind.OUVRES, DayKind.OUVRABLES):
            day, counted = anchor, 0
            while counted < n:
                day += timedelta(days=direction)
                if self._qualifies(day, kind):
                    counted += 1
            return day
        if kind is DayKind.FRANCS:
            if direction < 0:
                raise ValueError("a délai franc runs forward from its anchor")
            day = add_months(anchor, n) + timedelta(days=1)
            while day.weekday() >= 5 or self.is_public_holiday(day) or self.is_closed(day):
                day += timedelta(days=1)
            return day
        raise ValueError(f"{kind} is counted on timestamps: use add_hours")

    def add(self, anchor: date, n: int, kind: DayKind | str) -> date:
        """The last allowed day of a delay of ``n`` ``kind`` running from ``anchor``."""
        return self._step(anchor, n, DayKind(kind), +1)

    def subtract(self, event: date, n: int, kind: DayKind | str) -> date:
        """The latest day an action may happen to be ``n`` ``kind`` before ``event``."""
        return self._step(event, n, DayKind(kind), -1)

    @staticmethod
    def add_hours(anchor: datetime, hours: int | float) -> datetime:
        """``hours`` elapsed hours after ``anchor``, weekends included, in Paris time.

        Counted on the absolute time line: across the change to summer time, 48 h from Friday
        noon end on Sunday at 13:00 local time (Python's aware arithmetic would keep the wall
        clock and give only 47 real hours). Decision P-004.
        """
        if anchor.tzinfo is None:
            raise ValueError("hours are counted from an aware timestamp")
        return (anchor.astimezone(UTC) + timedelta(hours=hours)).astimezone(PARIS)

    @staticmethod
    def end_of_first_month(start: date) -> date:
        """'Fin du premier mois' (Tours, Strasbourg): start + 1 month − 1 day."""
        return add_months(start, 1) - timedelta(days=1)

    @staticmethod
    def one_month_after(start: date) -> date:
        """'Un mois après le début' (UTC, IUT ARL): start + 1 month."""
        return add_months(start, 1)

    def count(self, start: date, end: date, kind: DayKind | str) -> int:
        """Qualifying days in ]start, end] (anchor excluded, last day inclusive)."""
        kind = DayKind(kind)
        if end <= start:
            return 0
        if kind is DayKind.CALENDAR:
            return (end - start).days
        if kind not in (DayKind.OUVRES, DayKind.OUVRABLES):
            raise ValueError(f"count() is for calendar, ouvrés and ouvrables days, not {kind}")
        return sum(1 for i in range(1, (end - start).days + 1) if self._qualifies(start + timedelta(days=i), kind))

    def next_working_day(self, day: date, kind: DayKind | str = DayKind.OUVRES) -> date:
        """``day`` itself if it qualifies, else the next one that does."""
        kind = DayKind(kind)
        while not self._qualifies(day, kind):
            day += timedelta(days=1)
        return day

    def public_holidays(self, year: int) -> dict[date, str]:
        return dict(_holidays_for(self.subdivision, year))

    def with_closures(self, days: Iterable[date]) -> WorkingCalendar:
        return WorkingCalendar(self.subdivision, frozenset(self.closures) | frozenset(days))
