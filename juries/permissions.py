"""Who may enter, publish and read marks (STYLE 9): the only place grade entry checks roles.

* The module's team (module head, teachers, vacataires: courses.permissions.is_in_module_team)
  creates evaluations and publishes marks. When graders are designated for an evaluation, only
  they and the module head enter its marks.
* Requests (copy consultation, contestation) are answered by the team and by the component's
  secretariat / exam office / director.
* A student reads only their own mark, only once published, only for a module they are
  registered to. ``get_*_for`` raise NotFound for missing and forbidden alike.
"""

from __future__ import annotations

from core.errors import NotFound
from core.models import Role, User
from core.permissions import has_role
from courses.permissions import is_in_module_team
from juries.models import CopyConsultationRequest, Evaluation, Mark, MarkContestation

_EVALUATION_RELATED = (
    "component__module__semester__study_year__programme_version__programme__component__institution"
)
#: Staff of the component who answer students' requests besides the team.
REQUEST_STAFF_ROLES = frozenset({Role.SECRETARIAT, Role.EXAM_OFFICE, Role.DIRECTOR, Role.ADMINISTRATOR,
                                 Role.PROGRAMME_HEAD})


def _component(evaluation: Evaluation):  # type: ignore[no-untyped-def]
    return evaluation.component.module.semester.study_year.programme_version.programme.component


def can_manage_evaluations(user: User | None, evaluation_or_module) -> bool:  # type: ignore[no-untyped-def]
    """Create evaluations of a module and publish their marks: the module's team."""
    module = getattr(evaluation_or_module, "component", None)
    module = module.module if module is not None else evaluation_or_module
    return is_in_module_team(user, module)


def can_enter_marks(user: User | None, evaluation: Evaluation) -> bool:
    """The team, or, when graders are designated, those graders and the module head."""
    module = evaluation.component.module
    graders = {u.pk for u in evaluation.graders.all()}
    if graders:
        if user is not None and user.pk in graders:
            return is_in_module_team(user, module) or has_role(user, {Role.TEACHER, Role.VACATAIRE},
                                                               component=_component(evaluation))
        return has_role(user, {Role.MODULE_HEAD}, objects=(module,))
    return is_in_module_team(user, module)


def can_answer_requests(user: User | None, evaluation: Evaluation) -> bool:
    return is_in_module_team(user, evaluation.component.module) or has_role(
        user, REQUEST_STAFF_ROLES, component=_component(evaluation)
    )


def can_view_own_mark(user: User | None, evaluation: Evaluation) -> bool:
    """A registered student, once the evaluation is published (ARL-ES18.1-provisional-results)."""
    from enrollment.selectors import is_registered_to_module

    if user is None or not user.is_authenticated:
        return False
    return evaluation.publications.exists() and is_registered_to_module(user, evaluation.component.module)


def _evaluation(evaluation_id: int) -> Evaluation | None:
    return (Evaluation.objects.select_related(_EVALUATION_RELATED).prefetch_related("graders")
            .filter(pk=evaluation_id).first())


def get_evaluation_for(user: User | None, evaluation_id: int, *, enter: bool = False,
                       requests: bool = False) -> Evaluation:
    """An evaluation for its team (``enter``: may enter marks; ``requests``: may answer)."""
    evaluation = _evaluation(evaluation_id)
    if evaluation is None:
        raise NotFound()
    if enter:
        allowed = can_enter_marks(user, evaluation)
    elif requests:
        allowed = can_answer_requests(user, evaluation)
    else:
        allowed = can_manage_evaluations(user, evaluation) or can_answer_requests(user, evaluation)
    if not allowed:
        raise NotFound()
    return evaluation


def get_published_evaluation_for_student(user: User | None, evaluation_id: int) -> Evaluation:
    evaluation = _evaluation(evaluation_id)
    if evaluation is None or not can_view_own_mark(user, evaluation):
        raise NotFound()
    return evaluation


def get_own_mark_for(user: User | None, evaluation: Evaluation) -> Mark | None:
    """The caller's own mark (never anyone else's)."""
    if user is None or not user.is_authenticated:
        return None
    return Mark.objects.filter(evaluation=evaluation, student_id=user.pk).first()


def get_consultation_for(user: User | None, request_id: int) -> CopyConsultationRequest:
    obj = CopyConsultationRequest.objects.select_related("evaluation", "student").filter(pk=request_id).first()
    if obj is None:
        raise NotFound()
    evaluation = _evaluation(obj.evaluation_id)
    if evaluation is None or not can_answer_requests(user, evaluation):
        raise NotFound()
    obj.evaluation = evaluation
    return obj


def get_contestation_for(user: User | None, contestation_id: int) -> MarkContestation:
    obj = MarkContestation.objects.select_related("mark", "student").filter(pk=contestation_id).first()
    if obj is None:
        raise NotFound()
    evaluation = _evaluation(obj.mark.evaluation_id)
    if evaluation is None or not can_answer_requests(user, evaluation):
        raise NotFound()
    obj.mark.evaluation = evaluation
    return obj
