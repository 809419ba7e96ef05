"""Who sees and manages notices (STYLE 9): the only place these checks live.

Everyone sees the notices addressed to them. Staff of the offices that send notices
(``NOTICE_STAFF_ROLES``) see, and may retry, the notices of people in their scope: a recipient
holding any active role in an institution they cover as a whole, or in a component (or
sub-component) they cover. A notice with no account behind it (an address only) is seen by
superusers only, since nothing ties it to a scope.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from core.errors import NotFound
from core.models import Notice, Role, RoleAssignment, User
from core.permissions import active_assignments, roles_component_scope

NOTICE_STAFF_ROLES = frozenset(
    {Role.ADMINISTRATOR, Role.DIRECTOR, Role.SECRETARIAT, Role.EXAM_OFFICE, Role.INTERNSHIP_OFFICE}
)


def _scope(user: User) -> tuple[set[int], set[int]]:
    return roles_component_scope(user, NOTICE_STAFF_ROLES)


def can_view_notice_admin(user: User | None) -> bool:
    """The staff notices page: superusers and holders of a notice-staff role."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or active_assignments(user).filter(role__in=list(NOTICE_STAFF_ROLES)).exists()


def notices_managed_by(user: User) -> QuerySet[Notice]:
    """Notices whose recipient lies in ``user``'s notice-staff scope (see module docstring)."""
    if user.is_superuser:
        return Notice.objects.all()
    institutions, components = _scope(user)
    if not institutions and not components:
        return Notice.objects.none()
    in_scope = RoleAssignment.objects.filter(user_id=OuterRef("recipient_id")).filter(
        Q(institution_id__in=institutions) | Q(component_id__in=components)
    )
    return Notice.objects.filter(Exists(in_scope))


def can_manage_notice(user: User | None, notice: Notice) -> bool:
    """Retry a failed notice: staff whose scope covers its recipient."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return notices_managed_by(user).filter(pk=notice.pk).exists()


def get_managed_notice_for(user: User, notice_id: int) -> Notice:
    """A notice of the staff scope; NotFound for missing and forbidden alike."""
    notice = notices_managed_by(user).filter(pk=notice_id).first()
    if notice is None:
        raise NotFound()
    return notice


def notices_visible_to(user: User) -> QuerySet[Notice]:
    """Own notices plus those of the staff scope (the API's list)."""
    own = Notice.objects.filter(recipient=user)
    if not can_view_notice_admin(user):
        return own
    return (own | notices_managed_by(user)).distinct()
