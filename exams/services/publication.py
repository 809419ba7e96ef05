"""Publication of a session: checks, lead-time verdicts and deadline rows, convocations, posting.

Transition table (STYLE 3): ``publish`` draft → published (exam office / secretariat). A late
publication is flagged with its rule id (UTC-2.01-final-schedule, UTC-2.02-convocation-final,
TOURS-VI-1-convocation, STRAS-27), stored on the session and shown, never blocked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.calendar.service import calendar_for_component
from core.deadlines.services import deadline_meet, deadline_open
from core.errors import ApplicationError, TransitionNotAllowed
from core.models import Role, User
from exams.models import Convocation, ExamEvent, ExamSession, SessionState
from exams.rules.base import LeadCheck
from exams.rules.convocations import check_convocation_sending
from exams.rules.timetable import check_timetable_publication
from exams.services.common import SessionProfile, fmt_date, fmt_time, slot_of
from exams.services.conflicts import conflicts_check
from exams.services.convocations import convocations_notify
from exams.services.invigilation import invigilation_check

OFFICE_ROLES = frozenset({Role.EXAM_OFFICE, Role.SECRETARIAT, Role.DIRECTOR, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


TRANSITIONS = {
    "publish": Transition("publish", frozenset({SessionState.DRAFT}), SessionState.PUBLISHED, OFFICE_ROLES),
}


def check_transition(name: str, state: str) -> Transition:
    t = TRANSITIONS[name]
    if state not in t.sources:
        raise TransitionNotAllowed("exams.transition_not_allowed",
                                   _("Transition « %(n)s » impossible depuis l'état « %(s)s ».")
                                   % {"n": name, "s": SessionState(state).label},
                                   fields={"state": str(SessionState(state).label)})
    return t


def _verdict(check: LeadCheck) -> dict[str, object]:
    return {"late": check.late, "rule_id": check.rule_id, "code": check.reason_code, "message": check.message,
            "deadline": check.deadline.isoformat() if check.deadline else None}


def lead_checks(session: ExamSession, events: list[ExamEvent], *, at: datetime | None,
                profile: SessionProfile) -> tuple[LeadCheck, LeadCheck]:
    """Timetable publication and convocation lead times, as of ``at`` (None: still to do)."""
    calendar = calendar_for_component(session.component)
    first = min(events, key=lambda e: e.start)
    semester_start = session.semester.start_date if session.semester_id and session.semester else None
    timetable = check_timetable_publication(
        profile["exams.schedule_publication_lead_time"], kind=slot_of(first, session).kind, published_at=at,
        calendar=calendar, period_start=first.start, semester_start=semester_start or session.start_date,
        first_assessment=first.start, semester_start_window=profile["exams.schedule_semester_start_window"],
        preset=profile.preset,
    )
    checks = [check_convocation_sending(profile["exams.convocation_lead_time"], slot=slot_of(e, session), sent_at=at,
                                        calendar=calendar, period_start=first.start, preset=profile.preset)
              for e in events]
    dated = [c for c in checks if c.deadline is not None]
    convocation = (max(dated, key=lambda c: (c.late, -c.deadline.timestamp())) if dated else checks[0])  # type: ignore[union-attr]
    return timetable, convocation


def _deadline(session: ExamSession, what: str, check: LeadCheck, title: str, at: datetime) -> None:
    if check.deadline is None or not check.rule_id:
        return
    key = f"exams:{what}:{session.pk}"
    deadline_open(key=key, kind=f"exams.{what}", rule_id=check.rule_id, title=title,
                  institution=session.component.institution, component=session.component, subject=session,
                  due_at=check.deadline, assignee_role=Role.EXAM_OFFICE)
    deadline_meet(key=key, at=at)


def publication_blockers(session: ExamSession, events: list[ExamEvent], profile: SessionProfile) -> None:
    if not events:
        raise ApplicationError("exams.no_events", _("La session ne comporte aucune épreuve."),
                               fields={"events": _("Générer les épreuves depuis les M3C.")})
    unseated = [e.title for e in events if e.seats_allocated_at is None]
    if unseated:
        raise ApplicationError("exams.seats_missing", _("Places non attribuées : %(e)s.") % {"e": ", ".join(unseated)},
                               fields={"seats": _("Attribuer les places de chaque épreuve.")})
    conflicts = conflicts_check(session, profile=profile)
    if conflicts:
        first = conflicts[0]
        raise ApplicationError("exams.conflicts", _("%(n)d conflit(s) : %(m)s") % {"n": len(conflicts), "m": first.message},
                               fields={"conflicts": first.message}, rule_id=first.rule_id)
    failing = [c for c in invigilation_check(session, profile=profile) if not c.decision.allowed]
    if failing:
        c = failing[0]
        raise ApplicationError(
            "exams.invigilation_insufficient",
            _("Surveillance insuffisante, %(e)s salle %(r)s : %(m)s")
            % {"e": c.event_room.event.title, "r": c.event_room.room.code, "m": c.decision.message},
            fields={"invigilators": c.decision.message}, rule_id=c.decision.rule_id,
        )


def session_publish(*, actor: User | None, session: ExamSession, now: datetime) -> ExamSession:
    """Publish the timetable and send the convocations; lead-time lateness is recorded, not blocking."""
    profile = SessionProfile(session)
    with transaction.atomic():
        locked = ExamSession.objects.select_for_update(of=("self",)).select_related(
            "component__institution", "semester").get(pk=session.pk)
        transition = check_transition("publish", locked.state)
        events = list(locked.events.select_related("assessment").order_by("start", "id"))
        publication_blockers(locked, events, profile)
        timetable, convocation = lead_checks(locked, events, at=now, profile=profile)
        locked.timetable_check, locked.convocation_check = _verdict(timetable), _verdict(convocation)
        _deadline(locked, "timetable_publication", timetable, _("Publication du calendrier : %(s)s") % {"s": locked.title},
                  now)
        _deadline(locked, "convocations", convocation, _("Envoi des convocations : %(s)s") % {"s": locked.title}, now)
        locked.state, locked.published_at, locked.published_by = transition.target, now, actor
        locked.save(update_fields=["state", "published_at", "published_by", "timetable_check", "convocation_check"])
        sent = convocations_notify(session=locked, now=now, profile=profile)
        # Exam dates may have moved since generation: subject deadlines follow them (idempotent).
        from exams.services.subjects import subjects_open_deadlines_for_session

        subjects_open_deadlines_for_session(session=locked)
        posting = posting_issue(actor=actor, session=locked, events=events)
        audit_record(actor=actor, action="exams.session_published", obj=locked,
                     after={"state": locked.state, "notices": sent, "posting": posting.reference,
                            "timetable": locked.timetable_check, "convocations": locked.convocation_check},
                     rule_id=timetable.rule_id)
    session.__dict__.update({k: getattr(locked, k) for k in ("state", "published_at", "published_by_id",
                                                             "timetable_check", "convocation_check")})
    return locked


def posting_issue(*, actor: User | None, session: ExamSession, events: list[ExamEvent]):  # type: ignore[no-untyped-def]
    """The collective posting (TOURS-VI-1-convocation, STRAS-27): per exam and room, the candidates."""
    from core.documents.services import document_issue

    rows = (Convocation.objects.filter(event__session=session)
            .values_list("event_id", "room__code", "room__name", "student__user__last_name",
                         "student__user__first_name", "student__student_number", "seat_number")
            .order_by("event_id", "room__code", "seat_number", "id"))
    rooms: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for event_id, code, name, last, first, number, seat in rows:
        rooms[event_id][f"{code} — {name}"].append([last, first, number, seat])
    data = []
    for e in events:
        end = e.start + timedelta(minutes=e.duration_minutes)
        data.append({"title": e.title, "nature": str(e.get_nature_display()), "date": fmt_date(e.start),
                     "start": fmt_time(e.start), "end": fmt_time(end), "duration": f"{e.duration_minutes} min",
                     "rooms": [{"room": r, "students": s} for r, s in rooms[e.pk].items()]})
    return document_issue(actor=actor, kind="exams.posting", title=_("Affichage des convocations — %(s)s")
                          % {"s": session.title}, template="documents/exams/posting.html",
                          context={"session_title": session.title, "events": data},
                          component=session.component, subject=session)
