"""Who may read, recompute and publish semester results (STYLE 9), built on core.permissions.

* Staff of the programme's component read the results table and details: jury president and
  members, secretariat, exam office, programme head, director, administrator.
* Recompute and publish: the jury president and the secretariat (and administrators).
* A student reads only their own *published* results. ``get_*_for`` raise NotFound for missing
  and forbidden alike.
"""

from __future__ import annotations

from core.errors import NotFound
from core.models import Role, User
from core.permissions import has_role
from courses.models import Semester
from juries.models import SemesterResult

VIEW_ROLES = frozenset({Role.JURY_PRESIDENT, Role.JURY_MEMBER, Role.SECRETARIAT, Role.EXAM_OFFICE,
                        Role.PROGRAMME_HEAD, Role.DIRECTOR, Role.ADMINISTRATOR})
MANAGE_ROLES = frozenset({Role.JURY_PRESIDENT, Role.SECRETARIAT, Role.ADMINISTRATOR})

_SEMESTER_RELATED = "study_year__programme_version__programme__component__institution"


def _scope(semester: Semester) -> dict:
    programme = semester.study_year.programme_version.programme
    return {"component": programme.component, "objects": (programme,)}


def can_view_semester_results(user: User | None, semester: Semester) -> bool:
    return has_role(user, VIEW_ROLES, **_scope(semester))


def can_manage_semester_results(user: User | None, semester: Semester) -> bool:
    """Recompute and publish (jury president, secretariat)."""
    return has_role(user, MANAGE_ROLES, **_scope(semester))


def get_semester_for(user: User | None, semester_id: int, *, manage: bool = False) -> Semester:
    semester = Semester.objects.select_related(_SEMESTER_RELATED).filter(pk=semester_id).first()
    if semester is None:
        raise NotFound()
    allowed = can_manage_semester_results(user, semester) if manage else can_view_semester_results(user, semester)
    if not allowed:
        raise NotFound()
    return semester


def get_student_result_for(user: User | None, semester: Semester, student_id: int) -> SemesterResult:
    """The current result of one student of a semester the caller may view."""
    if not can_view_semester_results(user, semester):
        raise NotFound()
    result = (SemesterResult.objects.select_related("student")
              .filter(semester=semester, student_id=student_id, is_current=True).first())
    if result is None:
        raise NotFound()
    return result
