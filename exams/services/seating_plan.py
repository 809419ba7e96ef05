"""The seating plan of a room (plan de salle): every seat with its candidate, in seat order, laid out
as a grid the invigilators pin at the door or keep at hand; candidates with their own end time
(extra time, UTC-2.05-accommodations) are marked so nobody collects their copy early."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.models import Document, User
from exams.models import Convocation, EventRoom
from exams.services.common import fmt_date, fmt_time, slot_of

#: Seats per row of the printed grid (rooms have no recorded layout: a readable A4 width).
COLUMNS = 6


def seating_plan_rows(event_room: EventRoom) -> list[list[dict[str, str]]]:
    """The room's seats in rows of ``COLUMNS``: seat, name, anonymity number, personal end when later."""
    event = event_room.event
    end = slot_of(event).end
    seats = []
    for last, first, seat, anonymity, personal_end in (
            Convocation.objects.filter(event=event, room=event_room.room)
            .values_list("student__user__last_name", "student__user__first_name", "seat_number",
                         "anonymity_number", "end").order_by("seat_number", "student__user__last_name", "id")):
        seats.append({"seat": str(seat or "—"), "name": f"{last.upper()} {first}",
                      "anonymity": str(anonymity or ""),
                      "end": fmt_time(personal_end) if personal_end and personal_end > end else ""})
    return [seats[i:i + COLUMNS] for i in range(0, len(seats), COLUMNS)]


def seating_plan_issue(*, actor: User | None, event_room: EventRoom) -> Document:
    from core.documents.services import document_issue

    event = event_room.event
    end = slot_of(event).end
    rows = seating_plan_rows(event_room)
    return document_issue(
        actor=actor, kind="exams.seating_plan", template="documents/exams/seating_plan.html",
        title=_("Plan de salle — %(e)s — salle %(r)s") % {"e": event.title, "r": event_room.room.code},
        context={"module": f"{event.module.code} {event.module.title}", "nature": str(event.get_nature_display()),
                 "date": fmt_date(event.start), "start": fmt_time(event.start), "end": fmt_time(end),
                 "room": f"{event_room.room.code} — {event_room.room.name}", "rows": rows,
                 "count": sum(len(r) for r in rows)},
        component=event.session.component, subject=event_room,
    )
