"""Automatic application of a student's accommodations to their convocations (issue #5 item 11).

When the disability office grants an accommodation, or one ends, every convocation of the student
to an exam not yet started, in a session whose seats are already allocated, is brought in line with
what ``seats_allocate`` would give (UTC-2.05-accommodations: extra composition time with an adapted
end time; a separate room or a secretary means a room of one's own; TOURS-VI-3.2-accommodation-request:
adapted room): personal end time, extra minutes, labels, and a move to an adapted room of the exam
when the current seat does not fit. When no adapted seat is free, nothing is silently dropped: the
end time is still updated, the exam office gets a deadline row on its dashboard (key
``exams.adapted-seat:<convocation>``) and the report lists it. In a published session the student
alone receives a new convocation (the other candidates' convocations did not change).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import Role, User
from enrollment.models import Student
from enrollment.selectors import accommodations_by_user
from exams.models import Convocation, EventRoom, ExamEvent, ExamSession
from exams.rules.accommodations import PARAM, Accommodation, personal_end
from exams.rules.base import cited_rules, pick
from exams.services.common import SessionProfile, rule_accommodation, slot_of

FALLBACK_RULE = "UTC-2.05-accommodations"


@dataclass(frozen=True)
class Unplaced:
    convocation_id: int
    event_id: int
    event_title: str
    need: str
    message: str
    rule_id: str


@dataclass
class ApplyReport:
    changed: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    notified: int = 0


@dataclass
class _Occupant:
    user_id: int
    seat: int | None


def _need(acc: Accommodation) -> str:
    """``individual`` (a room of one's own), ``adapted`` (a seat in an adapted room) or ``""``."""
    if acc.individual_room:
        return "individual"
    return "adapted" if acc.any else ""


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _rule_id(session: ExamSession, cache: dict[int, str]) -> str:
    if session.pk not in cache:
        profile = SessionProfile(session)
        cache[session.pk] = pick(cited_rules(PARAM, profile[PARAM], profile.preset), 0) or FALLBACK_RULE
    return cache[session.pk]


def accommodations_apply(*, actor: User | None, student: Student, now: datetime | None = None) -> ApplyReport:
    """Update the student's not-yet-held, seated convocations (see module docstring). Idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        # Same lock as seats_allocate (the exam rows, in primary-key order): a concurrent re-allocation
        # of one of these exams waits, then this run sees its plan.
        event_ids = sorted(set(Convocation.objects.filter(
            student=student, event__start__gt=now, event__seats_allocated_at__isnull=False,
        ).values_list("event_id", flat=True)))
        list(ExamEvent.objects.select_for_update(of=("self",)).filter(pk__in=event_ids).order_by("pk"))
        return _apply(actor, student, event_ids)


def _apply(actor: User | None, student: Student, event_ids: list[int]) -> ApplyReport:
    report = ApplyReport()
    convocations = list(
        Convocation.objects.filter(student=student, event_id__in=event_ids)
        .select_related("event__session__component__institution", "event__assessment", "event__module", "room")
        .order_by("event__start", "id"))
    if not convocations:
        return report
    rooms_by_event: dict[int, list[EventRoom]] = defaultdict(list)
    for er in EventRoom.objects.filter(event_id__in=event_ids, room__adapted=True).select_related("room"):
        rooms_by_event[er.event_id].append(er)
    occupants: dict[tuple[int, int], list[_Occupant]] = defaultdict(list)
    for event_id, room_id, seat, user_id in (
            Convocation.objects.filter(event_id__in=event_ids, room__adapted=True).exclude(student=student)
            .values_list("event_id", "room_id", "seat_number", "student__user_id").order_by()):
        occupants[(event_id, room_id)].append(_Occupant(user_id, seat))
    days = {_local_day(c.event.start) for c in convocations}
    mine = {day: accommodations_by_user([student.user_id], on=day).get(student.user_id, []) for day in days}
    theirs = _occupant_needs(occupants, convocations)

    rules: dict[int, str] = {}
    changed: list[Convocation] = []
    for conv in convocations:
        event, day = conv.event, _local_day(conv.event.start)
        acc, labels = rule_accommodation(mine[day])
        slot = slot_of(event, event.session)
        end = personal_end(slot, acc)
        extra = int((end - slot.end).total_seconds() // 60)
        before = (conv.end, conv.extra_minutes, list(conv.accommodations), conv.room_id, conv.seat_number)
        conv.end, conv.extra_minutes, conv.accommodations = end, extra, labels
        need = _need(acc)
        if need and not _fits(conv, acc, need, occupants, theirs.get(day, {})):
            target = _free_adapted_seat(event.pk, acc, need, rooms_by_event[event.pk], occupants, theirs.get(day, {}))
            if target is None:
                report.unplaced.append(_unplaced(conv, need, _rule_id(event.session, rules)))
            else:
                room_id, seat = target
                if conv.room_id is not None and (event.pk, conv.room_id) in occupants:
                    occupants[(event.pk, conv.room_id)] = [o for o in occupants[(event.pk, conv.room_id)]
                                                           if o.user_id != student.user_id]
                occupants[(event.pk, room_id)].append(_Occupant(student.user_id, seat))
                theirs.setdefault(day, {})[student.user_id] = need
                conv.room_id, conv.seat_number = room_id, seat
                report.moved.append(conv.pk)
        if (conv.end, conv.extra_minutes, list(conv.accommodations), conv.room_id, conv.seat_number) != before:
            changed.append(conv)
            report.changed.append(conv.pk)
    if changed:
        Convocation.objects.bulk_update(changed, ["end", "extra_minutes", "accommodations", "room", "seat_number"])
        _recount({c.event_id for c in changed})
    for item in report.unplaced:
        _open_seat_deadline(item, next(c for c in convocations if c.pk == item.convocation_id))
    _meet_solved({c.pk for c in convocations} - {u.convocation_id for u in report.unplaced})
    if changed or report.unplaced:
        audit_record(actor=actor, action="exams.accommodations_applied", obj=student,
                     after={"changed": report.changed, "moved": report.moved,
                            "unplaced": [u.message for u in report.unplaced]},
                     rule_id=FALLBACK_RULE)
    published = [c for c in changed if c.event.session.state == "published"]
    report.notified = _renotify(published, rules)
    return report


def _meet_solved(convocation_ids: set[int]) -> None:
    """A seat found since (or no longer needed): the exam office's pending row is met."""
    from core.deadlines.services import deadline_meet
    from core.models import Deadline
    from core.models.deadlines import OPEN_DEADLINE_STATES

    keys = [f"exams.adapted-seat:{pk}" for pk in sorted(convocation_ids)]
    for key in Deadline.objects.filter(key__in=keys, state__in=list(OPEN_DEADLINE_STATES)).values_list(
            "key", flat=True).order_by("key"):
        deadline_meet(key=key)


def _occupant_needs(occupants: dict[tuple[int, int], list[_Occupant]],
                    convocations: list[Convocation]) -> dict[date, dict[int, str]]:
    """Needs of the other candidates seated in adapted rooms, per exam day (one query per day)."""
    users_by_day: dict[date, set[int]] = defaultdict(set)
    day_of_event = {c.event_id: _local_day(c.event.start) for c in convocations}
    for (event_id, _room), rows in occupants.items():
        users_by_day[day_of_event[event_id]].update(o.user_id for o in rows)
    out: dict[date, dict[int, str]] = {}
    for day, users in users_by_day.items():
        out[day] = {uid: _need(rule_accommodation(rows)[0])
                    for uid, rows in accommodations_by_user(users, on=day).items()}
    return out


def _fits(conv: Convocation, acc: Accommodation, need: str, occupants: dict[tuple[int, int], list[_Occupant]],
          needs: dict[int, str]) -> bool:
    room = conv.room
    if room is None or not room.adapted or (acc.accessible_room and not room.accessible):
        return False
    others = occupants.get((conv.event_id, room.pk), [])
    if need == "individual":
        return not others
    return not any(needs.get(o.user_id) == "individual" for o in others)


def _free_adapted_seat(event_id: int, acc: Accommodation, need: str, rooms: list[EventRoom],
                       occupants: dict[tuple[int, int], list[_Occupant]], needs: dict[int, str]
                       ) -> tuple[int, int] | None:
    """The smallest suitable adapted room with a free seat (seating's order: capacity, code)."""
    for er in sorted(rooms, key=lambda r: (r.room.capacity, r.room.code)):
        room = er.room
        if acc.accessible_room and not room.accessible:
            continue
        others = occupants.get((event_id, room.pk), [])
        if need == "individual" and others:
            continue
        if any(needs.get(o.user_id) == "individual" for o in others) or len(others) >= room.capacity:
            continue
        taken = {o.seat for o in others}
        seat = next(n for n in range(1, room.capacity + 1) if n not in taken)
        return room.pk, seat
    return None


def _unplaced(conv: Convocation, need: str, rule_id: str) -> Unplaced:
    what = _("salle individuelle aménagée") if need == "individual" else _("place en salle aménagée")
    message = (_("Aucune %(w)s libre pour « %(e)s » (%(s)s) : ajouter une salle aménagée à l'épreuve.")
               % {"w": what, "e": conv.event.title, "s": conv.student})
    return Unplaced(conv.pk, conv.event_id, conv.event.title, need, message, rule_id)


def _open_seat_deadline(item: Unplaced, conv: Convocation) -> None:
    from core.deadlines.services import deadline_open

    session = conv.event.session
    deadline_open(key=f"exams.adapted-seat:{conv.pk}", kind="exams.adapted_seat", rule_id=item.rule_id,
                  title=item.message[:200], institution=session.component.institution, component=session.component,
                  subject=conv.event, due_at=conv.event.start, assignee_role=Role.EXAM_OFFICE)


def _recount(event_ids: set[int]) -> None:
    counts = {(e, r): n for e, r, n in Convocation.objects.filter(event_id__in=event_ids, room__isnull=False)
              .values_list("event_id", "room_id").annotate(n=Count("id")).order_by()}
    rows = list(EventRoom.objects.filter(event_id__in=event_ids))
    for er in rows:
        er.planned_headcount = counts.get((er.event_id, er.room_id), 0)
    EventRoom.objects.bulk_update(rows, ["planned_headcount"])


def _renotify(convocations: list[Convocation], rules: dict[int, str]) -> int:
    """A new convocation (e-mail + ICS) for this student only: the exam's other candidates are
    unchanged, so the exam's change counter is not bumped. The key carries a digest of what changed
    (end, room, seat, accommodations): applying twice sends once; a later change sends again."""
    from core.models import Notice
    from core.notices.services import notice_enqueue
    from exams.ics import ics_calendar
    from exams.notices import CONVOCATION
    from exams.services.convocations import convocation_context, ics_item

    created = 0
    for conv in convocations:
        state = f"{conv.end.isoformat()}|{conv.room_id}|{conv.seat_number}|{conv.accommodations}"
        digest = hashlib.sha256(state.encode()).hexdigest()[:12]
        key = f"convocation:{conv.event_id}:{conv.student_id}:{conv.event.change_count}:acc-{digest}"
        if Notice.objects.filter(key=key).exists():
            continue
        fresh = Convocation.objects.select_related("event__module", "event__session", "room", "student__user").get(
            pk=conv.pk)
        context = {**convocation_context(fresh), "changed": True}
        ics = ics_calendar([ics_item(fresh)], name=_("Convocation"), stamp=timezone.now())
        notice_enqueue(key=key, kind=CONVOCATION, recipient=fresh.student.user, context=context, subject=fresh,
                       rule_id=_rule_id(conv.event.session, rules),
                       attachments=[{"filename": "convocation.ics", "content_type": "text/calendar",
                                     "content": ics}])
        created += 1
    return created
