"""Helpers shared by the enrollment services (profile values, actor kinds, notices)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from core.errors import ApplicationError, NotFound
from core.models import Component, User
from core.profiles.registry import get_param
from enrollment import permissions, workflows
from enrollment.models import AdministrativeRegistration


def param(component: Component, academic_year: int, key: str) -> Any:
    """A profile value; with no profile assigned yet, the parameter's default (ENR-D-005)."""
    from core.profiles.selectors import profile_value

    try:
        return profile_value(component, academic_year, key)
    except ApplicationError as exc:
        if exc.code != "profiles.no_profile":
            raise
        return get_param(key).default


def component_of(registration: AdministrativeRegistration) -> Component:
    return registration.study_year.programme_version.programme.component


def actor_kind(actor: User | None, registration: AdministrativeRegistration, *, prefer: str = "") -> str:
    """``secretariat`` for scolarité over the programme, ``student`` for the owner.

    A person who is both (a student employed by the scolarité) acts as ``prefer`` when given.
    Anyone else gets NotFound (they may not even know the registration exists).
    """
    manager = permissions.can_manage_registration(actor, registration)
    own = permissions.can_edit_registration_as_student(actor, registration)
    if prefer == workflows.STUDENT and own:
        return workflows.STUDENT
    if manager:
        return workflows.SECRETARIAT
    if own:
        return workflows.STUDENT
    if actor is not None and permissions.can_view_registration(actor, registration):
        from core.errors import PermissionDenied

        raise PermissionDenied(code="enrollment.not_allowed")
    raise NotFound()


def portal_url() -> str:
    return reverse("enrollment:portal")


def enqueue_notice(**kwargs: Any) -> None:
    from core.notices.services import notice_enqueue

    notice_enqueue(**kwargs)


def results_inputs_changed(registration_id: int) -> None:
    """A registration changed (validated, cancelled, pedagogical choices): the results of its year and
    of the student's later years in the programme depend on it (modules followed, capitalised UEs,
    repeat count), so juries recomputes them once the transaction commits."""
    from juries.results.services import results_registration_changed

    results_registration_changed(registration_id=registration_id)
