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
from courses.models import Semester, StudyYear
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


# --- bonus inputs (docs/decisions/results-inputs.md) -------------------------------------------
#: Record sport sessions and engagement points of a programme year (RSY-A7.2B-commission decides;
#: the secretariat, the programme head or the jury president record the outcome).
BONUS_ROLES = frozenset({Role.SECRETARIAT, Role.PROGRAMME_HEAD, Role.JURY_PRESIDENT, Role.ADMINISTRATOR})


def can_manage_bonuses(user: User | None, study_year: StudyYear) -> bool:
    programme = study_year.programme_version.programme
    return has_role(user, BONUS_ROLES, component=programme.component, objects=(programme,))


def get_study_year_for_bonuses(user: User | None, study_year_id: int) -> StudyYear:
    """The study year whose bonuses the caller may record; NotFound for missing and forbidden."""
    study_year = (StudyYear.objects.select_related("programme_version__programme__component__institution")
                  .filter(pk=study_year_id).first())
    if study_year is None or not can_manage_bonuses(user, study_year):
        raise NotFound()
    return study_year
