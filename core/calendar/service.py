"""Build the :class:`WorkingCalendar` of a component or site from the database (STYLE 5).

The holiday subdivision is the component's site's (else the institution's main site, else
metropolitan France); closure days are those recorded for the institution as a whole, for the
site, and for the component or any of its ancestors. They are loaded in one query and expanded
to dates. Every deadline in Cursus is computed from the calendar returned here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q

from core.calendar.working import PARIS, DayKind, WorkingCalendar, end_of_day
from core.models import ClosureDay, Component, Site
from core.permissions import component_ancestor_ids


def _expand(closures: list[ClosureDay]) -> frozenset[date]:
    days: set[date] = set()
    for c in closures:
        day = c.start
        while day <= c.end:
            days.add(day)
            day += timedelta(days=1)
    return frozenset(days)


def _site_of(component: Component) -> Site | None:
    if component.site_id is not None:
        return component.site
    # Departments often have no site of their own: use the nearest ancestor's, else the main site.
    parent = component.parent
    while parent is not None:
        if parent.site_id is not None:
            return parent.site
        parent = parent.parent
    return Site.objects.filter(institution_id=component.institution_id).order_by("-is_main", "id").first()


def calendar_for_site(site: Site) -> WorkingCalendar:
    """Public holidays of the site's subdivision plus institution-wide and site closures."""
    closures = list(
        ClosureDay.objects.filter(institution_id=site.institution_id, component__isnull=True).filter(
            Q(site__isnull=True) | Q(site_id=site.pk)
        )
    )
    return WorkingCalendar(site.holiday_subdivision, _expand(closures))


def calendar_for_component(component: Component) -> WorkingCalendar:
    """The calendar a component works to (its site's holidays; closures of every enclosing scope).

    A closure recorded for another site or another component does not apply; a closure for an
    ancestor component (the IUT) applies to its departments.
    """
    site = _site_of(component)
    ancestors = component_ancestor_ids(component)
    scope = Q(component__isnull=True) | Q(component_id__in=ancestors)
    site_scope = Q(site__isnull=True) | (Q(site_id=site.pk) if site is not None else Q(pk__in=[]))
    closures = list(ClosureDay.objects.filter(institution_id=component.institution_id).filter(scope, site_scope))
    return WorkingCalendar(site.holiday_subdivision if site is not None else "", _expand(closures))


def deadline_date(component: Component, anchor: date, n: int, kind: DayKind | str) -> date:
    """The last allowed day of a delay of ``n`` ``kind`` from ``anchor`` at ``component``."""
    return calendar_for_component(component).add(anchor, n, kind)


def deadline_before(component: Component, event: date, n: int, kind: DayKind | str) -> date:
    """The latest day an action may happen to be ``n`` ``kind`` before ``event``."""
    return calendar_for_component(component).subtract(event, n, kind)


def deadline_instant(component: Component, anchor: date | datetime, delay: dict) -> datetime:
    """The aware instant a ``{value, unit|day_kind}`` delay ends, from a date or a timestamp.

    Hours run from a timestamp (a date anchor means its midnight); day kinds end at the end of
    the last allowed day (``end_of_day``).
    """
    kind = DayKind(str(delay.get("unit") or delay.get("day_kind")))
    n = int(delay["value"])
    cal = calendar_for_component(component)
    if kind is DayKind.HOURS:
        start = anchor if isinstance(anchor, datetime) else datetime.combine(anchor, time(0), tzinfo=PARIS)
        return cal.add_hours(start, n)
    day = anchor.astimezone(PARIS).date() if isinstance(anchor, datetime) else anchor
    return end_of_day(cal.add(day, n, kind))
