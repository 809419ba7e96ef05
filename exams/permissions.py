"""Who may see and change exam sessions, rooms and convocations (STYLE 9): the only place exams
checks roles. ``get_<entity>_for`` raise NotFound for missing and forbidden alike.

The exam office, the secretariat, the director and administrators of a component (or of its
institution) manage its sessions; rooms belong to an institution. A student sees only their own
convocations, and only once the session is published.
"""

from __future__ import annotations

from core.errors import NotFound
from core.models import Component, Institution, Role, User
from core.permissions import active_assignments, has_role, roles_component_scope, roles_institution_ids
from exams.models import Convocation, ExamEvent, ExamSession, Room

#: Roles that build and publish exam sessions (exam office or secretariat of the component).
OFFICE_ROLES = frozenset({Role.EXAM_OFFICE, Role.SECRETARIAT, Role.DIRECTOR, Role.ADMINISTRATOR})


def office_scope(user: User | None) -> tuple[set[int], set[int]] | None:
    """(institution ids, component ids) the user manages exams for; None = everything (superuser)."""
    if user is None or not user.is_authenticated:
        return set(), set()
    if user.is_superuser:
        return None
    return roles_component_scope(user, OFFICE_ROLES)


def can_manage_exams(user: User | None, component: Component) -> bool:
    """Build, change and publish the sessions of ``component``."""
    return has_role(user, OFFICE_ROLES, component=component)


def can_manage_session(user: User | None, session: ExamSession) -> bool:
    return can_manage_exams(user, session.component)


def can_manage_rooms(user: User | None, institution: Institution) -> bool:
    """Any exam-office role in the institution manages its rooms."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return active_assignments(user).filter(role__in=list(OFFICE_ROLES), institution=institution).exists()


def office_institution_ids(user: User | None) -> set[int] | None:
    return roles_institution_ids(user, OFFICE_ROLES)


def get_session_for(user: User | None, session_id: int) -> ExamSession:
    session = ExamSession.objects.select_related("component__institution", "semester").filter(pk=session_id).first()
    if session is None or not can_manage_session(user, session):
        raise NotFound()
    return session


def get_event_for(user: User | None, event_id: int) -> ExamEvent:
    event = ExamEvent.objects.select_related("session__component__institution", "module").filter(pk=event_id).first()
    if event is None or not can_manage_session(user, event.session):
        raise NotFound()
    return event


def get_room_for(user: User | None, room_id: int) -> Room:
    room = Room.objects.select_related("institution").filter(pk=room_id).first()
    if room is None or not can_manage_rooms(user, room.institution):
        raise NotFound()
    return room


def get_own_convocation_for(user: User | None, event_id: int) -> Convocation:
    """A student's own convocation to a published exam (anyone else: 404)."""
    if user is None or not user.is_authenticated:
        raise NotFound()
    convocation = (
        Convocation.objects.filter(event_id=event_id, student__user_id=user.pk, event__session__state="published")
        .select_related("event__module", "event__session__component", "room", "student__user").first()
    )
    if convocation is None:
        raise NotFound()
    return convocation


# -- exam subjects (UTC-2.03-subject-content, TOURS-VI-2-subject-delivery, STRAS-25) -----------------
def _is_module_head(user: User | None, module) -> bool:  # type: ignore[no-untyped-def]
    return has_role(user, {Role.MODULE_HEAD}, objects=(module,))


def can_submit_subject(user: User | None, event: ExamEvent) -> bool:
    """The head of the event's module or the exam office of the session's component."""
    return _is_module_head(user, event.module) or can_manage_session(user, event.session)


def can_review_subject(user: User | None, event: ExamEvent) -> bool:
    """Only the exam office accepts or refuses a subject."""
    return can_manage_session(user, event.session)


def can_view_subject(user: User | None, subject) -> bool:  # type: ignore[no-untyped-def]
    """Access to subjects is limited to the module head and the exam office; everyone else: 404."""
    return can_submit_subject(user, subject.event)


def get_subject_event_for(user: User | None, event_id: int) -> ExamEvent:
    event = ExamEvent.objects.select_related("session__component__institution", "module").filter(pk=event_id).first()
    if event is None or not can_submit_subject(user, event):
        raise NotFound()
    return event


def get_subject_for(user: User | None, subject_id: int):  # type: ignore[no-untyped-def]
    from exams.models import ExamSubject

    subject = (ExamSubject.objects.select_related("event__session__component__institution", "event__module")
               .filter(pk=subject_id).first())
    if subject is None or not can_view_subject(user, subject):
        raise NotFound()
    return subject


# -- copy archive (UTC-5.03a-retention, STRAS-113) --------------------------------------------------
def can_manage_copy_archive(user: User | None, component: Component) -> bool:
    """Keep, transfer and destroy the exam copies of ``component``: its exam office only."""
    return can_manage_exams(user, component)


def get_copy_lot_for(user: User | None, lot_id: int):  # type: ignore[no-untyped-def]
    """A copy lot the user's exam office holds (anyone else: 404)."""
    from exams.models import CopyLot

    lot = (CopyLot.objects.select_related("report__event_room__event__session__component__institution",
                                          "report__event_room__event__module", "report__event_room__room")
           .filter(pk=lot_id).first())
    if lot is None or not can_manage_copy_archive(user, lot.report.event_room.event.session.component):
        raise NotFound()
    return lot


# -- exam day (H1): invigilator pages, sign-in, on-site additions (STRAS-35) -------------------------------
def can_invigilate_room(user: User | None, event_room) -> bool:  # type: ignore[no-untyped-def]
    """An invigilator of the room still assigned (not replaced), its head, or the exam office of the
    session's component: the phone page, the screen QR code, the room's PV."""
    if user is None or not user.is_authenticated:
        return False
    if event_room.invigilators.filter(user_id=user.pk, replaced_by__isnull=True).exists():
        return True
    return can_manage_session(user, event_room.event.session)


def get_invigilated_room_for(user: User | None, event_room_id: int):  # type: ignore[no-untyped-def]
    from exams.models import EventRoom

    event_room = (EventRoom.objects.select_related("event__session__component__institution", "event__module",
                                                   "event__assessment", "room")
                  .filter(pk=event_room_id).first())
    if event_room is None or not can_invigilate_room(user, event_room):
        raise NotFound()
    return event_room


def get_room_convocation_for(user: User | None, event_room, convocation_id: int) -> Convocation:  # type: ignore[no-untyped-def]
    """A candidate of a room the user invigilates (``event_room`` already checked)."""
    convocation = (Convocation.objects.select_related("student__user", "attendance")
                   .filter(pk=convocation_id, event_id=event_room.event_id, room_id=event_room.room_id).first())
    if convocation is None:
        raise NotFound()
    return convocation


def can_verify_unlisted(user: User | None, event_room) -> bool:  # type: ignore[no-untyped-def]
    """Only the exam office confirms or refuses a candidate added on site."""
    return can_manage_session(user, event_room.event.session)


def get_unlisted_for(user: User | None, attendance_id: int):  # type: ignore[no-untyped-def]
    from exams.models import Attendance

    attendance = (Attendance.objects.select_related("event_room__event__session__component", "convocation")
                  .filter(pk=attendance_id, added_on_site=True).first())
    if attendance is None or not can_verify_unlisted(user, attendance.event_room):
        raise NotFound()
    return attendance


# -- absence files: réserve (UTC-3.01e-reserve-decision) and make-up (RSY-A2-makeup) — H4 -------------
#: Who takes the department head's decisions on make-ups (RSY-A2-makeup): the component's director or
#: programme head (decision EXR-04).
DEPARTMENT_HEAD_ROLES = frozenset({Role.DIRECTOR, Role.PROGRAMME_HEAD})


def is_department_head(user: User | None, component: Component) -> bool:
    return has_role(user, DEPARTMENT_HEAD_ROLES, component=component)


def _reserve_owner(user: User | None, reserve) -> bool:  # type: ignore[no-untyped-def]
    return user is not None and user.is_authenticated and reserve.convocation.student.user_id == user.pk


def can_act_on_reserve(user: User | None, reserve, role: str) -> bool:  # type: ignore[no-untyped-def]
    """May ``user`` take a transition whose table role is ``role`` on this absence file?

    student: the candidate (or the exam office recording proofs handed in); module_head: the head of
    the module (or the exam office recording the head's decision); department_head: the component's
    department head; system: nobody (the nightly job acts with no actor)."""
    event = reserve.convocation.event
    office = can_manage_session(user, event.session)
    if role == "student":
        return _reserve_owner(user, reserve) or office
    if role == "module_head":
        return _is_module_head(user, event.module) or office
    if role == "department_head":
        return is_department_head(user, event.session.component)
    return False


def can_view_reserve(user: User | None, reserve) -> bool:  # type: ignore[no-untyped-def]
    """The candidate, the module head, the exam office and the department head of the component."""
    event = reserve.convocation.event
    return (_reserve_owner(user, reserve) or _is_module_head(user, event.module)
            or can_manage_session(user, event.session) or is_department_head(user, event.session.component))


def get_reserve_for(user: User | None, reserve_id: int):  # type: ignore[no-untyped-def]
    """An absence file the user may see (staff side or owner); anyone else: 404."""
    from exams.models import ReserveFile

    reserve = (ReserveFile.objects.select_related("convocation__student__user", "convocation__event__module",
                                                  "convocation__event__assessment",
                                                  "convocation__event__session__component__institution",
                                                  "makeup_event")
               .filter(pk=reserve_id).first())
    if reserve is None or not can_view_reserve(user, reserve):
        raise NotFound()
    return reserve


def get_own_reserve_for(user: User | None, reserve_id: int):  # type: ignore[no-untyped-def]
    """The student's own absence file (anyone else, staff included: 404 on the student page)."""
    reserve = get_reserve_for(user, reserve_id)
    if not _reserve_owner(user, reserve):
        raise NotFound()
    return reserve


def get_proof_for(user: User | None, proof_id: int):  # type: ignore[no-untyped-def]
    from exams.models import ReserveProof

    proof = (ReserveProof.objects.select_related("reserve__convocation__student__user",
                                                 "reserve__convocation__event__module",
                                                 "reserve__convocation__event__session__component")
             .filter(pk=proof_id).first())
    if proof is None or not can_view_reserve(user, proof.reserve):
        raise NotFound()
    return proof


# -- oral passage schedules (STRAS-80): the exam office of the session's component ------------------
def get_oral_event_for(user: User | None, event_id: int) -> ExamEvent:
    """An oral exam the user manages (a written exam, a missing one or another component's: 404)."""
    event = get_event_for(user, event_id)
    if event.nature != "oral":
        raise NotFound()
    return event


def get_oral_panel_for(user: User | None, panel_id: int):  # type: ignore[no-untyped-def]
    from exams.models import OralPanel

    panel = (OralPanel.objects.select_related("schedule__event__session__component__institution",
                                              "schedule__event__module", "room").filter(pk=panel_id).first())
    if panel is None or not can_manage_session(user, panel.schedule.event.session):
        raise NotFound()
    return panel



#: Who decides the measure taken after an incident (STRAS-30, TOURS-VI-3.2-incident-subjects): the jury
#: president, or the exam office recording their decision.
INCIDENT_DECIDER_ROLES = OFFICE_ROLES | {Role.JURY_PRESIDENT}


def can_decide_incident(user: User | None, event: ExamEvent) -> bool:
    return has_role(user, INCIDENT_DECIDER_ROLES, component=event.session.component)
