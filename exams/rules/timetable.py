"""Publication of exam timetables (``exams.schedule_publication_lead_time``).

* UTC-2.01-median-schedule: médian week timetable e-mailed ≥ 10 days before its start.
* UTC-2.01-final-schedule: finals week timetable ≥ 15 days before its start.
* UTC-2.01-other-schedule: any other assessment (incl. médians/finals outside the weeks) at the
  latest one month after the semester start and in any case before the first assessment:
  deadline = min(semester_start + 1 month, first_assessment − 1 day).
* ARL-ES17.3-exam-calendar: provisional calendar "at the beginning of each semester" — no number in
  the text, so the profile adds ``exams.schedule_semester_start_window`` (decision EX-07).
* Tours (TOURS-I-calendar), Strasbourg (STRAS-27): no lead time for the timetable itself.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from core.calendar.working import WorkingCalendar, end_of_day
from core.profiles.validators import choice, integer, struct, text

from .base import PARIS, Lead, LeadCheck, check_lead, cited_rules, pick, require_aware

PARAM = "exams.schedule_publication_lead_time"
WINDOW_PARAM = "exams.schedule_semester_start_window"
SUBKEYS = {"medians": 0, "finals": 1, "other": 2}
_DK = choice(("calendar", "weeks", "months", "ouvres", "ouvrables"))
_sub = struct({"day_kind": _DK, "value": integer(0, 120), "anchor": text(60), "also_before": text(60)},
              required=("day_kind", "value"))
_check = struct({"anchor": text(60), "value": integer(0, 120, nullable=True), "day_kind": _DK,
                 "medians": _sub, "finals": _sub, "other": _sub})


def validate_schedule_lead(value: Any) -> dict[str, Any] | None:
    return None if value is None else _check(value)


def _deadline_check(deadline: date, published_at: datetime | None, rule_id: str, what: str) -> LeadCheck:
    limit = end_of_day(deadline)
    if published_at is None:
        return LeadCheck(True, "exams.lead_pending", rule_id, _("%(w)s : au plus tard le %(d)s.")
                         % {"w": what, "d": deadline.isoformat()}, deadline=limit)
    if published_at <= limit:
        return LeadCheck(True, "exams.lead_met", rule_id, _("%(w)s dans les délais.") % {"w": what}, deadline=limit)
    return LeadCheck(False, "exams.lead_late", rule_id,
                     _("%(w)s en retard : au plus tard le %(d)s (règle %(r)s).")
                     % {"w": what, "d": deadline.isoformat(), "r": rule_id}, deadline=limit, late=True)


def check_timetable_publication(
    rule_value: Any,
    *,
    kind: str,
    published_at: datetime | None,
    calendar: WorkingCalendar,
    period_start: datetime | None = None,
    semester_start: date | None = None,
    first_assessment: datetime | None = None,
    in_designated_week: bool = True,
    semester_start_window: Any = None,
    preset: str | None = None,
) -> LeadCheck:
    """Is (was) the timetable published in time?

    ``kind``: median / final / other; ``period_start``: first exam of the médian or finals week;
    ``semester_start`` and ``first_assessment`` for other assessments; ``semester_start_window``:
    the ``exams.schedule_semester_start_window`` value (a DELAY) for "at the start of the semester".
    """
    require_aware(published_at, period_start, first_assessment)
    rule = validate_schedule_lead(rule_value)
    ids = cited_rules(PARAM, rule_value, preset)
    what = _("Publication du calendrier des épreuves")
    if rule is None:
        return LeadCheck(True, "exams.no_lead_time", "", _("Le règlement ne fixe pas de délai pour : %(w)s.")
                         % {"w": what})
    sub_key = {"median": "medians", "final": "finals"}.get(kind, "other") if in_designated_week else "other"
    if sub_key in rule:
        sub = rule[sub_key]
        rule_id = pick(ids, SUBKEYS[sub_key])
        if sub.get("anchor") == "semester_start":
            if semester_start is None:
                raise ValueError("semester_start is needed for assessments outside the médian/finals weeks")
            deadline = calendar.add(semester_start, sub["value"], sub["day_kind"])
            if sub.get("also_before") and first_assessment is not None:
                deadline = min(deadline, calendar.subtract(first_assessment.astimezone(PARIS).date(), 1, "calendar"))
            return _deadline_check(deadline, published_at, rule_id, what)
        if period_start is None:
            raise ValueError("period_start (first exam of the week) is needed")
        return check_lead(Lead(sub["value"], sub["day_kind"]), event=period_start, done_at=published_at,
                          calendar=calendar, rule_id=rule_id, what=what)
    if rule.get("anchor") == "semester_start" and semester_start is not None:
        window = semester_start_window
        rule_id = pick(ids, 0)
        if window is None:
            return LeadCheck(True, "exams.no_lead_time", rule_id,
                             _("Calendrier à communiquer au début du semestre (aucun délai chiffré)."))
        deadline = calendar.add(semester_start, int(window["value"]), window["unit"])
        return _deadline_check(deadline, published_at, rule_id, what)
    return LeadCheck(True, "exams.no_lead_time", pick(ids, 0),
                     _("Le règlement ne fixe pas de délai pour : %(w)s.") % {"w": what})

