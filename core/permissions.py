"""Who may do what in the shared layer; the one place core checks roles (STYLE 9).

``has_role`` is the primitive every app's ``permissions.py`` builds on: it answers whether a
user holds one of some roles over a scope, where an institution-wide assignment covers every
component, a component assignment covers its sub-components, and an assignment on an object
(programme, module) covers exactly that object. Callers pass the scope chain explicitly::

    has_role(user, {Role.MODULE_HEAD, Role.TEACHER}, component=module.component,
             objects=(module.programme_version.programme, module))
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from core.models import Component, Deadline, Document, Institution, Role, RoleAssignment, User
from core.models.users import STAFF_ROLES


def component_ancestor_ids(component: Component | None) -> list[int]:
    """The component and its parents, nearest first (the hierarchy is a few levels deep)."""
    ids: list[int] = []
    seen: set[int] = set()
    current = component
    while current is not None and current.pk not in seen:
        ids.append(current.pk)
        seen.add(current.pk)
        current = current.parent
    return ids


def active_assignments(user: User, *, on: date | None = None) -> QuerySet[RoleAssignment]:
    day = on or timezone.localdate()
    return RoleAssignment.objects.filter(user=user).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_until__isnull=True) | Q(valid_until__gte=day),
    )


def has_role(
    user: User | None,
    roles: Iterable[str],
    *,
    institution: Institution | int | None = None,
    component: Component | None = None,
    objects: Iterable[Model] = (),
) -> bool:
    """True if ``user`` holds one of ``roles`` over the given scope (see module docstring).

    With no scope at all, any active assignment of one of the roles counts. A superuser holds
    every role everywhere.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    qs = active_assignments(user).filter(role__in=list(roles))
    if institution is None and component is None and not objects:
        return qs.exists()
    inst_id = (
        component.institution_id if component is not None
        else institution.pk if isinstance(institution, Institution) else institution
    )
    scope = Q(institution_id=inst_id, component__isnull=True, scope_type__isnull=True)
    if component is not None:
        scope |= Q(component_id__in=component_ancestor_ids(component), scope_type__isnull=True)
    for obj in objects:
        ct = ContentType.objects.get_for_model(obj)
        scope |= Q(scope_type=ct, scope_id=obj.pk)
    return qs.filter(scope).exists()


def is_staff_member(user: User | None) -> bool:
    """Back-office access: an administrative role anywhere, or Django staff."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or has_role(user, STAFF_ROLES))


def roles_component_scope(
    user: User, roles: Iterable[str], *, include_object_scoped: bool = True
) -> tuple[set[int], set[int]]:
    """(institution ids fully covered, component ids covered incl. descendants) where ``user`` holds
    one of ``roles``. An assignment with no component and no scope object covers its institution;
    one with a component covers it and its sub-components — also when it names a scope object,
    unless ``include_object_scoped`` is False."""
    institutions: set[int] = set()
    components: set[int] = set()
    rows = active_assignments(user).filter(role__in=list(roles))
    if not include_object_scoped:
        rows = rows.filter(scope_type__isnull=True)
    for inst_id, comp_id, scope_type_id in rows.values_list("institution_id", "component_id", "scope_type_id"):
        if comp_id is not None:
            components.add(comp_id)
        elif scope_type_id is None:
            institutions.add(inst_id)
    frontier = set(components)
    while frontier:
        children = set(Component.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - components
        components |= children
    return institutions, components


def roles_institution_ids(user: User | None, roles: Iterable[str]) -> set[int] | None:
    """Institutions where ``user`` holds one of ``roles`` at any scope; ``None`` means all (superuser)."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    return set(active_assignments(user).filter(role__in=list(roles)).values_list("institution_id", flat=True))


def staff_component_scope(user: User) -> tuple[set[int], set[int]]:
    """(institution ids fully covered, component ids covered incl. descendants) for staff roles."""
    return roles_component_scope(user, STAFF_ROLES)


def deadlines_visible_to(user: User) -> QuerySet[Deadline]:
    """Deadlines a person sees on their dashboard: their own, and their staff scope's."""
    mine = Q(assignee_user=user)
    if user.is_superuser:
        return Deadline.objects.all()
    institutions, components = staff_component_scope(user)
    scope = mine
    if institutions:
        scope |= Q(institution_id__in=institutions)
    if components:
        scope |= Q(component_id__in=components)
    return Deadline.objects.filter(scope)


def can_download_document(user: User | None, document: Document) -> bool:
    """The person the document concerns, or staff whose scope covers it."""
    if user is None or not user.is_authenticated:
        return False
    if document.owner_id is not None and document.owner_id == user.pk:
        return True
    if user.is_superuser:
        return True
    roles = set(STAFF_ROLES) - {Role.PROGRAMME_HEAD, Role.JURY_PRESIDENT}
    if document.component_id is not None:
        return has_role(user, roles, component=document.component)
    if document.institution_id is not None:
        return has_role(user, roles, institution=document.institution_id)
    return False


def can_view_history(user: User | None) -> bool:
    """Staff read an object's history (audit trail)."""
    return is_staff_member(user)


def can_edit_profile(user: User | None, institution_id: int) -> bool:
    return has_role(user, {Role.ADMINISTRATOR, Role.DIRECTOR}, institution=institution_id)
