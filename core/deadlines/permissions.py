"""Who sees and who may waive a deadline (STYLE 9): the only place these checks live."""

from __future__ import annotations

from django.db.models import QuerySet

from core.deadlines.transitions import TRANSITIONS
from core.errors import NotFound
from core.models import Deadline, User
from core.permissions import deadlines_visible_to, has_role


def can_view_deadline_dashboard(user: User | None) -> bool:
    """Staff see the dashboard of their scope; anyone signed in sees their own deadlines there."""
    return user is not None and user.is_authenticated


def can_waive_deadline(user: User | None, deadline: Deadline) -> bool:
    """Staff holding a waiver role over the deadline's component, or its whole institution."""
    roles = TRANSITIONS["waive"].roles
    if deadline.component_id is not None:
        return has_role(user, roles, component=deadline.component)
    return has_role(user, roles, institution=deadline.institution_id)


def waiver_scope(user: User) -> tuple[bool, set[int], set[int]]:
    """(everywhere, institution ids, component ids incl. descendants) where ``user`` may waive.

    The set-based twin of :func:`can_waive_deadline`, for lists (two or three queries in all).
    """
    from core.models import Component
    from core.permissions import active_assignments

    if not user.is_authenticated or not user.is_active:
        return False, set(), set()
    if user.is_superuser:
        return True, set(), set()
    institutions: set[int] = set()
    components: set[int] = set()
    for inst_id, comp_id, scope_type_id in active_assignments(user).filter(
        role__in=list(TRANSITIONS["waive"].roles)
    ).values_list("institution_id", "component_id", "scope_type_id"):
        if comp_id is None and scope_type_id is None:
            institutions.add(inst_id)
        elif comp_id is not None:
            components.add(comp_id)
    frontier = set(components)
    while frontier:
        children = set(Component.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - components
        components |= children
    return False, institutions, components


def may_waive_in(scope: tuple[bool, set[int], set[int]], deadline: Deadline) -> bool:
    everywhere, institutions, components = scope
    return everywhere or deadline.institution_id in institutions or deadline.component_id in components


def visible_deadlines(user: User) -> QuerySet[Deadline]:
    """Deadlines of ``user``'s scope (core.permissions.deadlines_visible_to)."""
    return deadlines_visible_to(user)


def get_deadline_for(user: User, deadline_id: int) -> Deadline:
    """The deadline if ``user`` may see it; NotFound for missing and forbidden alike."""
    deadline = (
        visible_deadlines(user)
        .select_related("institution", "component", "assignee_user", "subject_type")
        .filter(pk=deadline_id)
        .first()
    )
    if deadline is None:
        raise NotFound()
    return deadline


__all__ = ["can_view_deadline_dashboard", "can_waive_deadline", "get_deadline_for", "may_waive_in",
           "visible_deadlines", "waiver_scope"]
