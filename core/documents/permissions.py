"""Who may issue shared-layer documents (the download check is core.permissions.can_download_document)."""

from __future__ import annotations

from core.models import Role, RoleAssignment, User
from core.permissions import has_role

#: Roles that may attest, on behalf of the institution, that someone holds a role in it.
ATTESTING_ROLES = frozenset({Role.ADMINISTRATOR, Role.DIRECTOR})


def can_issue_role_attestation(user: User | None, assignment: RoleAssignment) -> bool:
    """An administrator or director of the assignment's institution (institution-wide role)."""
    return has_role(user, ATTESTING_ROLES, institution=assignment.institution_id)


def can_issue_role_attestations(user: User | None) -> bool:
    """Whether the user may issue role attestations anywhere (shows the entry in the menu)."""
    return has_role(user, ATTESTING_ROLES)
