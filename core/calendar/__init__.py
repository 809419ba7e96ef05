"""The one calendar service: every deadline in Cursus is computed here (STYLE 5).

Pure computation lives in :mod:`core.calendar.working` (no ORM); :mod:`core.calendar.service`
builds a :class:`WorkingCalendar` for a component or site from the database (holiday
subdivision and closure days).
"""

from core.calendar.working import DayKind, WorkingCalendar, end_of_day

__all__ = ["DayKind", "WorkingCalendar", "end_of_day"]
