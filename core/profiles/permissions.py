"""Who may see and edit regulation profiles (STYLE 9): the only way views and API obtain one.

Profiles are back-office material: staff of the institution (any staff role there, at any
component) and Django staff/superusers see them; everyone else gets the same 404 as for a
missing profile. Editing is ``core.permissions.can_edit_profile`` (director, administrator).
"""

from __future__ import annotations

from django.db.models import QuerySet

from core.errors import NotFound
from core.models import RegulationProfile, Role, User
from core.models.users import STAFF_ROLES
from core.permissions import active_assignments, can_edit_profile
from core.profiles.selectors import profile_list


def staff_institution_ids(user: User | None) -> set[int] | None:
    """Institutions whose profiles ``user`` may read; ``None`` means all (superuser, Django staff)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser or user.is_staff:
        return None
    return set(
        active_assignments(user).filter(role__in=list(STAFF_ROLES)).values_list("institution_id", flat=True)
    )


def can_view_profiles(user: User | None) -> bool:
    """Any back-office user (a staff role somewhere, or Django staff)."""
    ids = staff_institution_ids(user)
    return ids is None or bool(ids)


def profiles_visible_to(user: User | None, *, academic_year: int | None = None) -> QuerySet[RegulationProfile]:
    ids = staff_institution_ids(user)
    return profile_list(institution_ids=ids, academic_year=academic_year)


def get_profile_for(user: User | None, profile_id: int) -> RegulationProfile:
    """The profile if ``user`` may read it; NotFound for missing and forbidden alike."""
    ids = staff_institution_ids(user)
    qs = RegulationProfile.objects.select_related("institution")
    if ids is not None:
        qs = qs.filter(institution_id__in=ids)
    profile = qs.filter(pk=profile_id).first()
    if profile is None:
        raise NotFound()
    return profile


def editable_institution_ids(user: User | None) -> set[int] | None:
    """Institutions where ``user`` may create and edit profiles; ``None`` means all (superuser).

    Same rule as ``core.permissions.can_edit_profile``: director or administrator assigned at the
    institution level.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    return set(
        active_assignments(user)
        .filter(role__in=[Role.ADMINISTRATOR, Role.DIRECTOR], component__isnull=True, scope_type__isnull=True)
        .values_list("institution_id", flat=True)
    )


def can_edit(user: User | None, profile: RegulationProfile) -> bool:
    """Directors and administrators of the profile's institution (superusers too)."""
    return can_edit_profile(user, profile.institution_id)
