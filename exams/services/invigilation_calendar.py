"""The invigilation calendar sent to invigilators (STRAS-47: at least 15 days before the session, or the
isolated exam): one notice per person with an ICS file, the lead-time verdict stored on the session."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.calendar.service import calendar_for_component
from core.errors import ApplicationError
from core.models import User
from core.notices.services import notice_enqueue
from exams.ics import IcsItem, ics_calendar
from exams.models import ExamSession, InvigilatorAssignment
from exams.notices import INVIGILATION_CALENDAR
from exams.rules.invigilation import CALENDAR_PARAM, check_invigilation_calendar
from exams.services.common import SessionProfile, fmt_date, fmt_time


def invigilation_calendar_send(*, actor: User | None, session: ExamSession, now: datetime) -> int:
    """Send each active invigilator their rooms and times; a late sending is flagged with the rule id
    (never blocked). A second sending after changes gets new keys (change counter of the session's
    assignments). Returns the number of people notified."""
    assignments = list(InvigilatorAssignment.objects.filter(event_room__event__session=session,
                                                            replaced_by__isnull=True)
                       .select_related("user", "event_room__room", "event_room__event__module")
                       .order_by("user_id", "event_room__event__start"))
    if not assignments:
        raise ApplicationError("exams.no_invigilators", _("Aucun surveillant affecté dans cette session."),
                               fields={"invigilators": _("Affecter des surveillants d'abord.")})
    profile = SessionProfile(session)
    first = min(a.event_room.event.start for a in assignments)
    check = check_invigilation_calendar(profile[CALENDAR_PARAM], session_start=first, sent_at=now,
                                        calendar=calendar_for_component(session.component), preset=profile.preset)
    by_user: dict[int, list[InvigilatorAssignment]] = defaultdict(list)
    for a in assignments:
        by_user[a.user_id].append(a)
    version = max(a.pk for a in assignments)  # any new assignment makes new keys
    url = settings.CURSUS_SITE_URL.rstrip("/") + reverse("exams:session_detail", args=[session.pk])
    with transaction.atomic():
        for items in by_user.values():
            user = items[0].user
            lines, ics = [], []
            for a in items:
                event, room = a.event_room.event, a.event_room.room
                end = event.start + timedelta(minutes=event.duration_minutes)
                role = _(" (responsable de salle)") if a.is_head else ""
                lines.append(f"{fmt_date(event.start)} {fmt_time(event.start)}–{fmt_time(end)} : {event.title}, "
                             f"{_('salle')} {room.code}{role}")
                ics.append(IcsItem(f"invigilation-{a.pk}@cursus", f"{_('Surveillance')} {event.module.code}",
                                   event.start, end, f"{room.code} — {room.name}", event.title))
            notice_enqueue(
                key=f"invigilation:{session.pk}:{user.pk}:{version}", kind=INVIGILATION_CALENDAR, recipient=user,
                rule_id=check.rule_id, subject=session,
                context={"name": user.get_full_name() or user.email, "session_title": session.title, "lines": lines,
                         "url": url},
                attachments=[{"filename": "surveillances.ics", "content_type": "text/calendar",
                              "content": ics_calendar(ics, name=_("Surveillances"), stamp=now)}],
            )
        verdict = {"late": check.late, "rule_id": check.rule_id, "message": check.message,
                   "deadline": check.deadline.isoformat() if check.deadline else None, "sent_at": now.isoformat()}
        ExamSession.objects.filter(pk=session.pk).update(invigilation_check=verdict)
        session.invigilation_check = verdict
        audit_record(actor=actor, action="exams.invigilation_calendar_sent", obj=session,
                     after={"people": len(by_user), **verdict}, rule_id=check.rule_id)
    return len(by_user)
