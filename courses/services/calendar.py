"""The academic calendar of a component and year: semesters, teaching weeks, exam periods,
holidays and closures (UTC-2.01-calendar-content, TOURS-I-calendar). Holidays and closures
become core.ClosureDay rows so the calendar service counts them as non-working days."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from core.models import ClosureDay, Component, User
from courses.models import AcademicCalendar, CalendarPeriod, ProgrammeVersion
from courses.models.calendar import CLOSURE_PERIOD_KINDS, PeriodKind

CALENDAR_RULE = "UTC-2.01-calendar-content"


def academic_calendar_get_or_create(*, actor: User | None, component: Component, academic_year: int
                                    ) -> AcademicCalendar:
    with transaction.atomic():
        calendar, created = AcademicCalendar.objects.get_or_create(component=component, academic_year=academic_year)
        if created:
            audit_record(actor=actor, action="courses.calendar_create", obj=calendar,
                         after={"component": component.pk, "academic_year": academic_year})
    return calendar


def _ensure_open(calendar: AcademicCalendar) -> None:
    if calendar.fixed_at is not None:
        raise ApplicationError(
            "courses.calendar_fixed",
            _("Le calendrier universitaire a été arrêté le %(d)s : il ne peut plus être modifié.")
            % {"d": timezone.localtime(calendar.fixed_at).strftime("%d/%m/%Y")},
            rule_id="UTC-2.01-calendar-deadline",
        )


def calendar_period_add(*, actor: User | None, calendar: AcademicCalendar, kind: str, start: date, end: date,
                        label: str = "", semester_number: int | None = None) -> CalendarPeriod:
    if end < start:
        raise ApplicationError("courses.period_order", _("La fin précède le début."),
                               fields={"end": _("La date de fin doit suivre la date de début.")},
                               rule_id=CALENDAR_RULE)
    if kind not in PeriodKind.values:
        raise ApplicationError("courses.period_kind", _("Type de période inconnu."), fields={"kind": kind})
    with transaction.atomic():
        _ensure_open(calendar)
        period = CalendarPeriod(calendar=calendar, kind=kind, start=start, end=end,
                                label=label or str(PeriodKind(kind).label), semester_number=semester_number)
        if kind in CLOSURE_PERIOD_KINDS:
            period.closure = ClosureDay.objects.create(
                institution_id=calendar.component.institution_id, component=calendar.component,
                start=start, end=end, label=period.label,
            )
        period.full_clean()
        period.save()
        audit_record(actor=actor, action="courses.calendar_period_add", obj=calendar,
                     after={"kind": kind, "start": start, "end": end, "label": period.label},
                     rule_id=CALENDAR_RULE)
        _sync_versions(calendar)
    return period


def calendar_period_delete(*, actor: User | None, period: CalendarPeriod) -> None:
    calendar = period.calendar
    with transaction.atomic():
        _ensure_open(calendar)
        audit_record(actor=actor, action="courses.calendar_period_delete", obj=calendar,
                     before={"kind": period.kind, "start": period.start, "end": period.end})
        closure = period.closure
        period.delete()
        if closure is not None:
            closure.delete()
        _sync_versions(calendar)


def calendar_fix(*, actor: User | None, calendar: AcademicCalendar, at: datetime | None = None) -> AcademicCalendar:
    """Adopt (freeze) the calendar; it is fixed before the year begins (UTC-2.01-calendar-deadline)."""
    with transaction.atomic():
        _ensure_open(calendar)
        calendar.fixed_at = at or timezone.now()
        calendar.fixed_by = actor
        calendar.save(update_fields=["fixed_at", "fixed_by"])
        audit_record(actor=actor, action="courses.calendar_fix", obj=calendar, after={"fixed_at": calendar.fixed_at},
                     rule_id="UTC-2.01-calendar-deadline")
    return calendar


def _sync_versions(calendar: AcademicCalendar) -> None:
    from core.models import Component as C
    from courses.services.workflow import m3c_deadline_sync

    ids = {calendar.component_id}
    frontier = {calendar.component_id}
    while frontier:
        frontier = set(C.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - ids
        ids |= frontier
    for version in ProgrammeVersion.objects.filter(programme__component_id__in=ids,
                                                   academic_year=calendar.academic_year
                                                   ).select_related("programme__component"):
        m3c_deadline_sync(version=version)
