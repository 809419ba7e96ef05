"""Seat allocation of one exam (exams.rules.seating): order, anonymity, adapted rooms, end times."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from core.models import User
from enrollment.selectors import accommodations_by_user, attendance_exempt_user_ids
from exams.models import Convocation, EventRoom, ExamEvent
from exams.rules.convocations import individual_convocation
from exams.rules.seating import Candidate, Room, allocate_seats, anonymity_required
from exams.selectors import module_candidates
from exams.services.common import SessionProfile, rule_accommodation, slot_of


def seats_allocate(*, actor: User | None, event: ExamEvent, now: datetime | None = None,
                   profile: SessionProfile | None = None) -> list[Convocation]:
    """Place every candidate of ``event`` in its rooms (TOURS-VI-3.2-seats-anonymity, STRAS-10,
    UTC-2.05-accommodations): replaces any previous plan. Once the session is published the
    students get a new convocation (change counter)."""
    from exams.services.convocations import convocations_notify

    now = now or timezone.now()
    session = event.session
    profile = profile or SessionProfile(session)
    event_rooms = list(EventRoom.objects.filter(event=event).select_related("room"))
    if not event_rooms:
        raise ApplicationError("exams.no_rooms", _("Attribuer au moins une salle à l'épreuve « %(e)s ».")
                               % {"e": event.title}, fields={"rooms": _("Aucune salle.")})
    candidates = module_candidates([event.module_id]).get(event.module_id, [])
    user_ids = [c.user_id for c in candidates]
    day = event.start.date()
    accommodations = accommodations_by_user(user_ids, on=day)
    exempt = attendance_exempt_user_ids(user_ids, on=day)
    slot = slot_of(event, session)
    rule_candidates, labels = [], {}
    for c in candidates:
        acc, applied = rule_accommodation(accommodations.get(c.user_id, []))
        labels[str(c.student_id)] = applied
        rule_candidates.append(Candidate(str(c.student_id), c.last_name, c.first_name, acc))
    anonymous = anonymity_required(profile["exams.anonymity"], slot=slot, m3c_requires=event.anonymous,
                                   preset=profile.preset).allowed
    order = session.seat_order or profile["exams.seat_allocation_order"] or "alphabetical"
    rooms = [Room(er.room.code, er.room.capacity, er.room.adapted, er.room.accessible) for er in event_rooms]
    allocation = allocate_seats(rule_candidates, rooms, slot=slot, order=order, seed=f"{session.seed}:{event.pk}",
                                anonymous=anonymous)
    by_code = {er.room.code: er for er in event_rooms}
    by_student = {str(c.student_id): c for c in candidates}
    lead_value = profile["exams.convocation_lead_time"]
    individual_for = {flag: individual_convocation(lead_value, slot=slot, exempt_from_attendance=flag,
                                                   preset=profile.preset) for flag in (False, True)}
    rows = []
    for a in allocation.assignments:
        cand = by_student[a.candidate_id]
        individual = individual_for[cand.user_id in exempt]
        rows.append(Convocation(
            event=event, student_id=cand.student_id, room=by_code[a.room].room, seat_number=a.seat,
            anonymity_number=a.anonymity_number, end=a.end,
            extra_minutes=int((a.end - slot.end).total_seconds() // 60),
            accommodations=labels[a.candidate_id], individual_required=individual.required,
        ))
    counts = allocation.rooms_used()
    with transaction.atomic():
        locked = ExamEvent.objects.select_for_update(of=("self",)).get(pk=event.pk)
        Convocation.objects.filter(event=locked).delete()
        Convocation.objects.bulk_create(rows, batch_size=2000)
        for er in event_rooms:
            er.planned_headcount = counts.get(er.room.code, 0)
        EventRoom.objects.bulk_update(event_rooms, ["planned_headcount"])
        locked.seats_allocated_at = now
        published = session.state == "published"
        if published:
            locked.change_count += 1
        locked.save(update_fields=["seats_allocated_at", "change_count"])
        audit_record(actor=actor, action="exams.seats_allocated", obj=locked,
                     after={"candidates": len(rows), "order": order, "anonymous": anonymous, "rooms": counts})
        if published:
            convocations_notify(session=session, events=[locked], now=now)
    event.seats_allocated_at, event.change_count = locked.seats_allocated_at, locked.change_count
    return rows
