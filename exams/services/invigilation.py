"""Invigilators per room (exams.rules.invigilation: TOURS-VI-3.2-min-invigilators, STRAS-46)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from core.models import User
from exams.models import EventRoom, ExamSession, InvigilatorAssignment
from exams.rules.base import Decision
from exams.rules.invigilation import Invigilator, check_room_invigilation
from exams.services.common import SessionProfile


def invigilator_assign(*, actor: User | None, event_room: EventRoom, user: User, is_head: bool = False
                       ) -> InvigilatorAssignment:
    """Add an invigilator to a room; a new head of room replaces the previous head's flag."""
    with transaction.atomic():
        if InvigilatorAssignment.objects.filter(event_room=event_room, user=user).exists():
            raise ApplicationError("exams.invigilator_duplicate", _("Cette personne surveille déjà cette salle."),
                                   fields={"user": _("Déjà affecté·e.")})
        if is_head:
            InvigilatorAssignment.objects.filter(event_room=event_room, is_head=True).update(is_head=False)
        assignment = InvigilatorAssignment.objects.create(event_room=event_room, user=user, is_head=is_head)
        audit_record(actor=actor, action="exams.invigilator_assigned", obj=assignment,
                     after={"user": user.pk, "is_head": is_head, "event_room": event_room.pk})
    return assignment


def invigilator_replace(*, actor: User | None, assignment: InvigilatorAssignment, user: User, reason: str
                        ) -> InvigilatorAssignment:
    """Record a replacement: the original row stays with the reason; the new one takes its role."""
    if not reason.strip():
        raise ApplicationError("exams.replacement_reason_required", _("Le motif du remplacement est obligatoire."),
                               fields={"reason": _("Indiquer le motif.")})
    with transaction.atomic():
        old = InvigilatorAssignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
        if old.replaced_by_id is not None:
            raise ApplicationError("exams.already_replaced", _("Ce surveillant a déjà été remplacé."),
                                   fields={"assignment": _("Déjà remplacé.")})
        if InvigilatorAssignment.objects.filter(event_room_id=old.event_room_id, user=user).exists():
            raise ApplicationError("exams.invigilator_duplicate", _("Cette personne surveille déjà cette salle."),
                                   fields={"user": _("Déjà affecté·e.")})
        new = InvigilatorAssignment.objects.create(event_room_id=old.event_room_id, user=user, is_head=old.is_head)
        old.replaced_by, old.replacement_reason, old.replaced_at, old.is_head = new, reason.strip(), timezone.now(), False
        old.save(update_fields=["replaced_by", "replacement_reason", "replaced_at", "is_head"])
        audit_record(actor=actor, action="exams.invigilator_replaced", obj=old,
                     after={"replaced_by": user.pk}, reason=reason)
    return new


@dataclass(frozen=True)
class RoomCheck:
    event_room: EventRoom
    decision: Decision


def invigilation_check(session: ExamSession, *, profile: SessionProfile | None = None) -> list[RoomCheck]:
    """The profile's minimum per room (and a head of room) for every room of the session."""
    profile = profile or SessionProfile(session)
    value = profile["exams.min_invigilators"]
    rooms = list(EventRoom.objects.filter(event__session=session).select_related("room", "event")
                 .prefetch_related("invigilators").order_by("event__start", "room__code"))
    out = []
    for er in rooms:
        team = [Invigilator(str(i.user_id), i.is_head) for i in er.invigilators.all() if i.replaced_by_id is None]
        out.append(RoomCheck(er, check_room_invigilation(value, candidates=er.planned_headcount, invigilators=team,
                                                         preset=profile.preset)))
    return out
