"""Module teaching team, held in core.RoleAssignment scoped to the module (ARL-ES11.4-coordinator)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from core.models import Role, RoleAssignment, User
from courses.models import Module, Programme
from courses.selectors import MODULE_TEAM_ROLES


def module_team_set(
    *,
    actor: User | None,
    module: Module,
    head: User | None,
    teachers: Iterable[User] = (),
    vacataires: Iterable[User] = (),
) -> dict[str, list[int]]:
    """Replace the team of ``module``: one module head (coordinator), teachers, vacataires.

    A module taught by several people has exactly one coordinator (ARL-ES11.4-coordinator):
    with teachers or vacataires, a head is required. Returns {role: [user ids]}.
    """
    teachers = list(teachers)
    vacataires = list(vacataires)
    if head is None and (teachers or vacataires):
        raise ApplicationError(
            "courses.module_head_required",
            _("Un module enseigné par plusieurs personnes a un·e responsable (coordinateur·rice)."),
            fields={"head": _("Désigner le ou la responsable du module.")},
            rule_id="ARL-ES11.4-coordinator",
        )
    component = module.semester.study_year.programme_version.programme.component
    wanted: dict[str, set[int]] = {
        Role.MODULE_HEAD: {head.pk} if head else set(),
        Role.TEACHER: {u.pk for u in teachers} - ({head.pk} if head else set()),
        Role.VACATAIRE: {u.pk for u in vacataires},
    }
    ct = ContentType.objects.get_for_model(Module)
    with transaction.atomic():
        current = RoleAssignment.objects.filter(scope_type=ct, scope_id=module.pk, role__in=MODULE_TEAM_ROLES)
        before: dict[str, list[int]] = {r: [] for r in MODULE_TEAM_ROLES}
        for ra in current:
            before[ra.role].append(ra.user_id)
        for ra in current:
            if ra.user_id not in wanted[ra.role]:
                ra.delete()
        for role, ids in wanted.items():
            for uid in sorted(ids - set(before[role])):
                RoleAssignment.objects.create(
                    user_id=uid, role=role, institution_id=component.institution_id, component=component,
                    scope_type=ct, scope_id=module.pk,
                )
        after = {role: sorted(ids) for role, ids in wanted.items()}
        before = {role: sorted(ids) for role, ids in before.items()}
        if before != after:
            audit_record(actor=actor, action="courses.module_team_set", obj=module, before=before, after=after,
                         rule_id="ARL-ES11.4-coordinator")
    return after


def programme_head_add(*, actor: User | None, programme: Programme, user: User) -> RoleAssignment:
    """Make ``user`` a head of ``programme`` (ARL-ES11.1-head)."""
    ct = ContentType.objects.get_for_model(Programme)
    with transaction.atomic():
        ra, created = RoleAssignment.objects.get_or_create(
            user=user, role=Role.PROGRAMME_HEAD, institution_id=programme.component.institution_id,
            component=programme.component, scope_type=ct, scope_id=programme.pk,
        )
        if created:
            audit_record(actor=actor, action="courses.programme_head_add", obj=programme,
                         after={"user": user.pk}, rule_id="ARL-ES11.1-head")
    return ra
