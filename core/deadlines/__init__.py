"""Deadlines as rows (STYLE 6): opened and closed by services, swept daily, shown on a dashboard.

* :mod:`core.deadlines.transitions` — the transition table (pending → met/late/waived, late → met/waived).
* :mod:`core.deadlines.services` — ``deadline_open`` (idempotent on key), ``deadline_meet``,
  ``deadline_waive``; :mod:`core.deadlines.sweep` — the daily reminders and late marking.
* :mod:`core.deadlines.selectors` / :mod:`core.deadlines.permissions` — reads and who may see/waive.
"""
