"""Who may see and change programmes, M3C and modules (STYLE 9): the only place courses checks roles.

``get_<entity>_for`` raise NotFound for missing and forbidden alike. A student sees a module only
if registered to it (enrollment.selectors.is_registered_to_module); a teacher sees the modules of
their team; programme heads (scoped to the programme or its component), the secretariat, the
director and administrators of the component manage programmes.
"""

from __future__ import annotations

from core.errors import NotFound
from core.models import Component, Role, User
from core.models.users import STAFF_ROLES, TEACHING_ROLES
from core.permissions import has_role
from courses.models import AssessmentComponent, Module, Programme, ProgrammeVersion

#: Roles that build programmes and carry the M3C workflow (ARL-ES11.1-head, ARL-ES17.2-types-coefficients).
MANAGE_ROLES = frozenset({Role.PROGRAMME_HEAD, Role.SECRETARIAT, Role.DIRECTOR, Role.ADMINISTRATOR})
#: Roles that read every programme of their component (back-office).
READ_ROLES = frozenset(STAFF_ROLES) | MANAGE_ROLES


def can_create_programme(user: User | None, component: Component) -> bool:
    """Staff managing the component (a programme head scoped to one programme cannot create others)."""
    return has_role(user, MANAGE_ROLES, component=component)


def can_manage_programme(user: User | None, programme: Programme) -> bool:
    """Build the structure, edit the draft M3C, approve, publish and amend them."""
    return has_role(user, MANAGE_ROLES, component=programme.component, objects=(programme,))


def can_view_programme(user: User | None, programme: Programme) -> bool:
    """Staff of the component, and the teachers of the component (M3C are public to the team)."""
    return can_manage_programme(user, programme) or has_role(
        user, READ_ROLES | TEACHING_ROLES, component=programme.component
    )


def _programme_of(module: Module) -> Programme:
    return module.semester.study_year.programme_version.programme


def is_in_module_team(user: User | None, module: Module) -> bool:
    return has_role(user, {Role.MODULE_HEAD, Role.TEACHER, Role.VACATAIRE}, objects=(module,))


def can_view_module(user: User | None, module: Module) -> bool:
    """The module's team, the programme's managers and component staff, registered students."""
    if user is None or not user.is_authenticated:
        return False
    programme = _programme_of(module)
    if is_in_module_team(user, module) or can_view_programme(user, programme):
        return True
    from enrollment.selectors import is_registered_to_module

    return is_registered_to_module(user, module)


def get_programme_for(user: User | None, programme_id: int, *, manage: bool = False) -> Programme:
    programme = Programme.objects.select_related("component__institution").filter(pk=programme_id).first()
    check = can_manage_programme if manage else can_view_programme
    if programme is None or not check(user, programme):
        raise NotFound()
    return programme


def get_version_for(user: User | None, version_id: int, *, manage: bool = False) -> ProgrammeVersion:
    version = (ProgrammeVersion.objects.select_related("programme__component__institution")
               .filter(pk=version_id).first())
    check = can_manage_programme if manage else can_view_programme
    if version is None or not check(user, version.programme):
        raise NotFound()
    return version


def get_module_for(user: User | None, module_id: int, *, manage: bool = False) -> Module:
    module = (Module.objects.select_related("semester__study_year__programme_version__programme__component")
              .filter(pk=module_id).first())
    if module is None:
        raise NotFound()
    allowed = can_manage_programme(user, _programme_of(module)) if manage else can_view_module(user, module)
    if not allowed:
        raise NotFound()
    return module


def get_component_for(user: User | None, component_id: int) -> AssessmentComponent:
    component = (AssessmentComponent.objects
                 .select_related("module__semester__study_year__programme_version__programme__component")
                 .filter(pk=component_id).first())
    if component is None or not can_manage_programme(user, _programme_of(component.module)):
        raise NotFound()
    return component


def can_manage_calendar(user: User | None, component: Component) -> bool:
    """The academic calendar is set by the component's secretariat, director or administrators
    (UTC-2.01-calendar-content: prepared by the DFP, adopted by the Director)."""
    return has_role(user, {Role.SECRETARIAT, Role.DIRECTOR, Role.ADMINISTRATOR, Role.PROGRAMME_HEAD},
                    component=component)


def _scope_of(user: User, roles: frozenset[str]) -> tuple[set[int], set[int]]:
    """(institution ids, component ids incl. descendants) where ``user`` holds ``roles`` unscoped."""
    from core.permissions import roles_component_scope

    return roles_component_scope(user, roles, include_object_scoped=False)


def components_managed_by(user: User):  # type: ignore[no-untyped-def]
    """Components where ``user`` may create programmes and set the academic calendar."""
    from django.db.models import Q

    if user.is_superuser:
        return Component.objects.select_related("institution").order_by("institution__name", "name")
    institutions, components = _scope_of(user, MANAGE_ROLES)
    return (Component.objects.filter(Q(institution_id__in=institutions) | Q(pk__in=components))
            .select_related("institution").order_by("institution__name", "name"))


def programmes_visible_to(user: User):  # type: ignore[no-untyped-def]
    """Programmes ``user`` may read: their component scope (staff, teachers) and programmes they head."""
    from courses.selectors import programme_ids_headed_by, programme_list

    if user.is_superuser:
        return programme_list()
    institutions, components = _scope_of(user, READ_ROLES | TEACHING_ROLES)
    return programme_list(institution_ids=institutions, component_ids=components,
                          programme_ids=programme_ids_headed_by(user))


def can_read_m3c(user: User | None, version: ProgrammeVersion) -> bool:
    """Published M3C are readable by the programme's staff and teachers, the module teams, and by every student
    registered to one of its modules (ARL-ES17.1-assessment-rules, STRAS-4: made known to students)."""
    if can_view_programme(user, version.programme):
        return True
    if user is None or not user.is_authenticated or version.state not in ("published", "frozen"):
        return False
    from django.contrib.contenttypes.models import ContentType

    from core.permissions import active_assignments
    from enrollment.selectors import students_registered_to_modules

    module_ids = Module.objects.filter(semester__study_year__programme_version=version).values_list("pk", flat=True)
    in_team = active_assignments(user).filter(
        role__in=[Role.MODULE_HEAD, Role.TEACHER, Role.VACATAIRE],
        scope_type=ContentType.objects.get_for_model(Module), scope_id__in=module_ids,
    ).exists()
    return in_team or students_registered_to_modules(module_ids).filter(pk=user.pk).exists()


def get_version_for_reader(user: User | None, version_id: int) -> ProgrammeVersion:
    version = (ProgrammeVersion.objects.select_related("programme__component__institution")
               .filter(pk=version_id).first())
    if version is None or not can_read_m3c(user, version):
        raise NotFound()
    return version
