"""Closure days (fermetures) managed in the web pages: who may see and change them, the writes,
and the calendar overview of an academic year (public holidays of each site + closures).

Closure days are non-working days for every delay counted in jours ouvrés / ouvrables / francs
(``core.calendar.service``). Directors and administrators of an institution manage its closures;
any staff member of the institution reads them; anyone else gets a 404. Deadlines already open keep
the date computed when they were opened (decision D-CLOSURES): a closure is recorded before the
period it covers, and moving live deadlines silently would surprise the people who saw them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.calendar.working import WorkingCalendar
from core.errors import ApplicationError, NotFound
from core.models import ClosureDay, Component, Institution, Site, User
from core.profiles.permissions import editable_institution_ids, staff_institution_ids

#: A closure longer than this is almost certainly a typing mistake (a year instead of a week).
MAX_CLOSURE_DAYS = 120


def closures_visible_to(user: User | None) -> QuerySet[ClosureDay]:
    ids = staff_institution_ids(user)
    qs = ClosureDay.objects.select_related("institution", "site", "component").order_by("start", "id")
    return qs if ids is None else qs.filter(institution_id__in=ids)


def can_manage_closures(user: User | None, institution_id: int) -> bool:
    ids = editable_institution_ids(user)
    return ids is None or institution_id in ids


def get_closure_for(user: User | None, closure_id: int) -> ClosureDay:
    """A closure the user may change; NotFound for missing and forbidden alike."""
    closure = ClosureDay.objects.select_related("institution").filter(pk=closure_id).first()
    if closure is None or not can_manage_closures(user, closure.institution_id):
        raise NotFound()
    return closure


def _validate(institution: Institution, start: date | None, end: date | None, label: str,
              site: Site | None, component: Component | None) -> None:
    errors: dict[str, str] = {}
    if start is None:
        errors["start"] = _("Obligatoire.")
    if end is None:
        errors["end"] = _("Obligatoire.")
    if start and end and end < start:
        errors["end"] = _("La fin précède le début.")
    elif start and end and (end - start).days + 1 > MAX_CLOSURE_DAYS:
        errors["end"] = _("Une fermeture dure au plus %(n)s jours.") % {"n": MAX_CLOSURE_DAYS}
    if not label.strip():
        errors["label"] = _("Indiquer le motif (ex. : fermeture de Noël).")
    if site is not None and site.institution_id != institution.pk:
        errors["site"] = _("Ce site n'appartient pas à l'établissement.")
    if component is not None and component.institution_id != institution.pk:
        errors["component"] = _("Cette composante n'appartient pas à l'établissement.")
    if errors:
        raise ApplicationError("core.closure_invalid", _("La fermeture n'a pas été enregistrée."), fields=errors)


def closure_create(*, actor: User, institution: Institution, start: date | None, end: date | None, label: str,
                   site: Site | None = None, component: Component | None = None) -> ClosureDay:
    """Record days the institution (or one site, or one component and its sub-components) is closed."""
    if not can_manage_closures(actor, institution.pk):
        raise NotFound()
    _validate(institution, start, end, label, site, component)
    assert start is not None and end is not None
    with transaction.atomic():
        closure = ClosureDay.objects.create(institution=institution, site=site, component=component, start=start,
                                            end=end, label=label.strip())
        audit_record(actor=actor, action="core.closure.create", obj=closure,
                     after={"start": start, "end": end, "label": closure.label, "site": site and site.pk,
                            "component": component and component.pk})
    return closure


def closure_delete(*, actor: User, closure: ClosureDay) -> None:
    if not can_manage_closures(actor, closure.institution_id):
        raise NotFound()
    with transaction.atomic():
        audit_record(actor=actor, action="core.closure.delete", obj=closure,
                     before={"start": closure.start, "end": closure.end, "label": closure.label})
        closure.delete()


@dataclass(frozen=True)
class SiteYear:
    site: Site
    holidays: list[tuple[date, str]]
    closed_working_days: int  # weekdays lost to closures (not counting public holidays)


def academic_year_span(year: int) -> tuple[date, date]:
    """1 September of ``year`` to 31 August of the next year."""
    return date(year, 9, 1), date(year + 1, 8, 31)


def year_overview(institution: Institution, year: int, closures: list[ClosureDay],
                  sites: list[Site] | None = None) -> list[SiteYear]:
    """For each site (``sites``: already loaded, else read): its public holidays in the academic year and
    the weekdays closures remove."""
    first, last = academic_year_span(year)
    out = []
    if sites is None:
        sites = list(Site.objects.filter(institution=institution).order_by("-is_main", "name"))
    for site in sites:
        cal = WorkingCalendar(site.holiday_subdivision)
        holidays = sorted({**cal.public_holidays(first.year), **cal.public_holidays(last.year)}.items())
        holidays = [(d, name) for d, name in holidays if first <= d <= last]
        closed: set[date] = set()
        for c in closures:
            if c.institution_id != institution.pk or c.component_id is not None:
                continue
            if c.site_id not in (None, site.pk):
                continue
            day = max(c.start, first)
            while day <= min(c.end, last):
                if day.weekday() < 5 and not cal.is_public_holiday(day):
                    closed.add(day)
                day += timedelta(days=1)
        out.append(SiteYear(site, holidays, len(closed)))
    return out
