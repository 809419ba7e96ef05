"""The role attestation: the institution certifies that a person holds a role in it.

Issued by an administrator or director of the institution (``permissions``), owned by the
person it concerns (who may download it), scoped to the role's component. It is the first real
document built on the shared layer and the template for the others (convocations, PVs, …).
"""

from __future__ import annotations

from django.utils import formats, translation
from django.utils.translation import gettext as _

from core.errors import PermissionDenied
from core.models import Document, Role, RoleAssignment, User

from .permissions import can_issue_role_attestation
from .services import document_issue

KIND = "role_attestation"
TEMPLATE = "documents/role_attestation.html"


def _person_name(user: User) -> str:
    return user.get_full_name() or user.email


def role_attestation_context(*, actor: User, assignment: RoleAssignment, language: str) -> dict[str, str]:
    """Display-ready values, in the document's language (the context is stored as issued)."""
    with translation.override(language):
        scope = assignment.scope or assignment.component or assignment.institution
        main_site = assignment.institution.sites.filter(is_main=True).first()
        signatory_roles = [
            str(Role(a.role).label)
            for a in actor.role_assignments.filter(
                institution_id=assignment.institution_id, role__in=[Role.ADMINISTRATOR, Role.DIRECTOR]
            )
        ]
        return {
            "person_name": _person_name(assignment.user),
            "person_email": assignment.user.email,
            "role_code": assignment.role,
            "role_label": str(Role(assignment.role).label),
            "scope_label": str(scope),
            "institution_name": assignment.institution.name,
            "valid_from": formats.date_format(assignment.valid_from, "DATE_FORMAT") if assignment.valid_from else "",
            "valid_until": (
                formats.date_format(assignment.valid_until, "DATE_FORMAT") if assignment.valid_until else ""
            ),
            "signatory_name": _person_name(actor),
            "signatory_role": ", ".join(signatory_roles) or _("pour l'établissement"),
            "place": main_site.city if main_site and main_site.city else "",
        }


def role_attestation_issue(*, actor: User, assignment: RoleAssignment, language: str = "fr") -> Document:
    """Issue (queue) an attestation that ``assignment.user`` holds ``assignment.role``."""
    if not can_issue_role_attestation(actor, assignment):
        raise PermissionDenied(
            _("Seul·e un·e administrateur·rice ou le directeur·rice de l'établissement peut émettre cette attestation."),
            code="documents.attestation_not_allowed",
        )
    context = role_attestation_context(actor=actor, assignment=assignment, language=language)
    with translation.override(language):
        title = _("Attestation de rôle — %(name)s") % {"name": context["person_name"]}
    return document_issue(
        actor=actor,
        kind=KIND,
        title=title,
        template=TEMPLATE,
        context=context,
        owner=assignment.user,
        institution=assignment.institution,
        component=assignment.component,
        subject=assignment,
        language=language,
    )
