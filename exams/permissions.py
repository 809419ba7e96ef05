"""Who may see and change exam sessions, rooms and convocations (STYLE 9): the only place exams
checks roles. ``get_<entity>_for`` raise NotFound for missing and forbidden alike.

The exam office, the secretariat, the director and administrators of a component (or of its
institution) manage its sessions; rooms belong to an institution. A student sees only their own
convocations, and only once the session is published.
"""

from __future__ import annotations

from core.errors import NotFound
from core.models import Component, Institution, Role, User
from core.permissions import active_assignments, has_role, roles_component_scope
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
    if user is None or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    return set(active_assignments(user).filter(role__in=list(OFFICE_ROLES)).values_list("institution_id", flat=True))


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
