"""Reads of courses (STYLE: selectors return querysets with what the caller needs)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet

from core.models import Role, RoleAssignment, User
from courses.models import (
    AcademicCalendar,
    AssessmentComponent,
    Module,
    ModuleUE,
    Programme,
    ProgrammeVersion,
    Semester,
    StudyYear,
)

#: Roles forming a module's teaching team, in display order.
MODULE_TEAM_ROLES: tuple[str, ...] = (Role.MODULE_HEAD, Role.TEACHER, Role.VACATAIRE)


def module_team(module: Module) -> dict[str, list[User]]:
    """{role: [users]} of a module's team (module head/coordinator, teachers, vacataires)."""
    return modules_teams([module]).get(module.pk, {role: [] for role in MODULE_TEAM_ROLES})


def modules_teams(modules: Iterable[Module]) -> dict[int, dict[str, list[User]]]:
    """Teams of several modules in one query: {module id: {role: [users]}}."""
    ids = [m.pk for m in modules]
    out: dict[int, dict[str, list[User]]] = {i: {role: [] for role in MODULE_TEAM_ROLES} for i in ids}
    if not ids:
        return out
    ct = ContentType.objects.get_for_model(Module)
    rows = (
        RoleAssignment.objects.filter(scope_type=ct, scope_id__in=ids, role__in=MODULE_TEAM_ROLES)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    )
    for row in rows:
        if row.scope_id is not None:
            out[row.scope_id][row.role].append(row.user)
    return out


def programme_heads(programme: Programme) -> list[User]:
    ct = ContentType.objects.get_for_model(Programme)
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(
            scope_type=ct, scope_id=programme.pk, role=Role.PROGRAMME_HEAD
        ).select_related("user").order_by("user__last_name", "user_id")
    ]


def programme_list(*, component_ids: set[int] | None = None, institution_ids: set[int] | None = None,
                   programme_ids: set[int] | None = None) -> QuerySet[Programme]:
    """Programmes within a scope (any of the given sets), with their component and versions."""
    qs = Programme.objects.select_related("component", "component__institution").prefetch_related(
        Prefetch("versions", queryset=ProgrammeVersion.objects.order_by("-academic_year"))
    )
    if component_ids is None and institution_ids is None and programme_ids is None:
        return qs.order_by("component__name", "code")
    scope = Q(pk__in=[])
    if component_ids:
        scope |= Q(component_id__in=component_ids)
    if institution_ids:
        scope |= Q(component__institution_id__in=institution_ids)
    if programme_ids:
        scope |= Q(pk__in=programme_ids)
    return qs.filter(scope).order_by("component__name", "code")


def version_with_structure(version_id: int) -> ProgrammeVersion:
    """A programme version with its whole structure prefetched (fixed number of queries)."""
    modules_qs = Module.objects.order_by("position", "code").prefetch_related(
        Prefetch("components", queryset=AssessmentComponent.objects.order_by("position", "code")),
        Prefetch("ue_links", queryset=ModuleUE.objects.select_related("ue").order_by("ue__code")),
        "parcours",
    )
    semesters_qs = Semester.objects.order_by("number").prefetch_related(
        Prefetch("modules", queryset=modules_qs),
        "ues__competence_level__competence",
        "ues__parcours",
        "groups",
    )
    return (
        ProgrammeVersion.objects.select_related("programme", "programme__component",
                                                "programme__component__institution")
        .prefetch_related(
            Prefetch(
                "study_years",
                queryset=StudyYear.objects.order_by("level").prefetch_related(
                    Prefetch("semesters", queryset=semesters_qs),
                    "rcues__ue_odd", "rcues__ue_even", "rcues__competence_level__competence",
                ),
            ),
            "competences__levels",
            "parcours",
            "snapshots",
            "amendments__module",
        )
        .get(pk=version_id)
    )


def module_detail(module_id: int) -> Module:
    return (
        Module.objects.select_related(
            "semester__study_year__programme_version__programme__component__institution"
        )
        .prefetch_related(
            Prefetch("components", queryset=AssessmentComponent.objects.order_by("position", "code")),
            Prefetch("ue_links", queryset=ModuleUE.objects.select_related("ue").order_by("ue__code")),
            "parcours",
        )
        .get(pk=module_id)
    )


def modules_of_teacher(user: User, *, academic_year: int | None = None) -> QuerySet[Module]:
    """Modules where ``user`` is in the team (head, teacher or vacataire)."""
    ct = ContentType.objects.get_for_model(Module)
    ids = RoleAssignment.objects.filter(
        user=user, scope_type=ct, role__in=MODULE_TEAM_ROLES
    ).values("scope_id")
    qs = Module.objects.filter(pk__in=ids).select_related(
        "semester__study_year__programme_version__programme__component"
    ).prefetch_related(
        Prefetch("components", queryset=AssessmentComponent.objects.order_by("position", "code")),
    )
    if academic_year is not None:
        qs = qs.filter(semester__study_year__programme_version__academic_year=academic_year)
    return qs.order_by("semester__study_year__programme_version__programme__code", "semester__number", "code")


def version_of_module(module: Module) -> ProgrammeVersion:
    return module.semester.study_year.programme_version


def calendar_for(component_id: int, academic_year: int) -> AcademicCalendar | None:
    """The component's academic calendar for the year, else its nearest ancestor's."""
    from core.models import Component
    from core.permissions import component_ancestor_ids

    ancestors = component_ancestor_ids(Component.objects.select_related("parent").get(pk=component_id))
    calendars = {
        c.component_id: c
        for c in AcademicCalendar.objects.filter(component_id__in=ancestors, academic_year=academic_year)
        .prefetch_related("periods")
    }
    for cid in ancestors:
        if cid in calendars:
            return calendars[cid]
    return None


def programme_ids_headed_by(user: User) -> set[int]:
    ct = ContentType.objects.get_for_model(Programme)
    return {
        pk for pk in RoleAssignment.objects.filter(user=user, role=Role.PROGRAMME_HEAD, scope_type=ct)
        .values_list("scope_id", flat=True) if pk is not None
    }


def group_by(items: Iterable, key) -> dict:  # type: ignore[no-untyped-def]
    out: dict = defaultdict(list)
    for item in items:
        out[key(item)].append(item)
    return out


def m3c_deadline_key(version_id: int) -> str:
    return f"courses.m3c_publication.{version_id}"


def m3c_publication_deadline(version: ProgrammeVersion):  # type: ignore[no-untyped-def]
    """The publication deadline row of a version (None where the profile sets no deadline)."""
    from core.models import Deadline

    return Deadline.objects.filter(key=m3c_deadline_key(version.pk)).first()
