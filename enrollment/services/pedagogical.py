"""Pedagogical registration: semester, parcours, modules, groups (TOURS-VI-enrollment-prerequisite).

Group capacity is enforced under a row lock on the groups, taken in primary-key order
(``select_for_update(of=("self",))``) so two students cannot both take the last seat.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, NotFound
from core.models import User
from enrollment import rules, workflows
from enrollment.models import (
    AdministrativeRegistration,
    GroupMembership,
    ModuleRegistration,
    PedagogicalRegistration,
    RegistrationState,
)

from .common import actor_kind, results_inputs_changed

RULE = "TOURS-VI-enrollment-prerequisite"


def _modules_for(semester, parcours):  # type: ignore[no-untyped-def]
    """(mandatory modules, optional modules) open to a parcours: common modules have no parcours."""
    from courses.models import Module

    modules = list(Module.objects.filter(semester=semester).prefetch_related("parcours").order_by("code", "pk"))
    open_ = [m for m in modules if not m.parcours.all() or (parcours is not None and parcours in m.parcours.all())]
    return [m for m in open_ if not m.is_optional], [m for m in open_ if m.is_optional]


def pedagogical_register(
    *,
    actor: User,
    registration: AdministrativeRegistration,
    semester,  # type: ignore[no-untyped-def]
    parcours=None,  # type: ignore[no-untyped-def]
    optional_module_ids: Iterable[int] = (),
    group_ids: Iterable[int] = (),
) -> PedagogicalRegistration:
    """Register (or re-register) to a semester: every mandatory module of the parcours plus the
    chosen options, and the chosen teaching groups (at most one per kind, within capacity).

    Requires a validated administrative registration first (TOURS-VI-enrollment-prerequisite).
    """
    from courses.models import Parcours, TeachingGroup

    kind = actor_kind(actor, registration, prefer=workflows.STUDENT)
    if kind not in (workflows.STUDENT, workflows.SECRETARIAT):
        raise NotFound()
    if registration.state != RegistrationState.VALIDATED:
        raise ApplicationError(
            "enrollment.administrative_not_validated",
            _("L'inscription pédagogique suppose une inscription administrative validée."),
            fields={"registration": _("Inscription administrative non validée.")}, rule_id=RULE,
        )
    if semester.study_year_id != registration.study_year_id:
        raise ApplicationError("enrollment.wrong_semester", _("Ce semestre n'appartient pas à votre année de formation."),
                               fields={"semester": _("Semestre d'une autre année.")})
    version_id = registration.study_year.programme_version_id
    has_parcours = Parcours.objects.filter(programme_version_id=version_id).exists()
    if parcours is not None and parcours.programme_version_id != version_id:
        raise ApplicationError("enrollment.wrong_parcours", _("Ce parcours n'appartient pas à votre formation."),
                               fields={"parcours": _("Parcours inconnu.")})
    if has_parcours and parcours is None:
        raise ApplicationError("enrollment.parcours_required", _("Choisissez un parcours."),
                               fields={"parcours": _("Parcours obligatoire.")})
    mandatory, optional = _modules_for(semester, parcours)
    chosen = set(optional_module_ids)
    allowed_optional = {m.pk for m in optional}
    unknown = chosen - allowed_optional
    if unknown:
        raise ApplicationError("enrollment.unknown_option", _("Option non proposée pour ce parcours."),
                               fields={"modules": _("Options non proposées : %(ids)s") % {"ids": sorted(unknown)}})
    group_ids = sorted(set(group_ids))
    with transaction.atomic():
        # Lock groups in pk order (Saleor convention) so concurrent choices serialise.
        groups = list(TeachingGroup.objects.select_for_update(of=("self",)).filter(pk__in=group_ids).order_by("pk"))
        if len(groups) != len(group_ids) or any(g.semester_id != semester.pk for g in groups):
            raise ApplicationError("enrollment.unknown_group", _("Groupe inconnu pour ce semestre."),
                                   fields={"groups": _("Groupe d'un autre semestre.")})
        kinds = [g.kind for g in groups]
        if len(kinds) != len(set(kinds)):
            raise ApplicationError("enrollment.one_group_per_kind", _("Un seul groupe par type (CM, TD, TP…)."),
                                   fields={"groups": _("Deux groupes du même type.")})
        ped, created = PedagogicalRegistration.objects.get_or_create(
            administrative_registration=registration, semester=semester, defaults={"parcours": parcours}
        )
        if not created and ped.parcours_id != getattr(parcours, "pk", None):
            ped.parcours = parcours
            ped.save(update_fields=["parcours", "updated_at"])
        for group in groups:
            if ped.group_memberships.filter(group=group).exists():
                continue
            members = GroupMembership.objects.filter(group=group).count()
            decision = rules.group_capacity_decision(capacity=group.capacity, members=members)
            if not decision.allowed:
                raise ApplicationError(
                    "enrollment.group_full", _("Le groupe %(g)s est complet.") % {"g": group.code},
                    fields={"groups": list(decision.reasons)},
                )
            GroupMembership.objects.create(pedagogical_registration=ped, group=group)
        ped.group_memberships.exclude(group_id__in=group_ids).delete()
        wanted = {m.pk for m in mandatory} | chosen
        ped.module_registrations.exclude(module_id__in=wanted).delete()
        existing = set(ped.module_registrations.values_list("module_id", flat=True))
        ModuleRegistration.objects.bulk_create(
            [ModuleRegistration(pedagogical_registration=ped, module_id=pk) for pk in sorted(wanted - existing)]
        )
        audit_record(
            actor=actor, action="enrollment.pedagogical.register", obj=ped, rule_id=RULE,
            after={"semester": semester.pk, "parcours": getattr(parcours, "pk", None),
                   "modules": sorted(wanted), "groups": group_ids},
        )
        results_inputs_changed(registration.pk)
    return ped
