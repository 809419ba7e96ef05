"""Reading regulation profiles (STYLE 2): which profile a component follows in a year, and values.

A component follows the profile assigned to it for the academic year, else the one assigned to
its nearest ancestor (a department inherits its IUT's profile). A parameter registered after a
profile was created (a new regulation parameter) is read from the profile's preset: the profile
keeps working, and the back-office shows the value as "preset value" until someone sets it
(docs/decisions/profiles.md, P-003).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.models import Component, ComponentProfile, ProfileRevision, RegulationProfile
from core.permissions import component_ancestor_ids
from core.profiles.registry import PRESETS, all_params, get_param


def profile_for(component: Component, academic_year: int) -> RegulationProfile:
    """The profile ``component`` follows in ``academic_year`` (nearest assigned ancestor)."""
    ancestors = component_ancestor_ids(component)
    assignments = {
        a.component_id: a.profile
        for a in ComponentProfile.objects.filter(
            component_id__in=ancestors, academic_year=academic_year
        ).select_related("profile")
    }
    for component_id in ancestors:
        if component_id in assignments:
            return assignments[component_id]
    raise ApplicationError(
        "profiles.no_profile",
        _(
            "Aucun profil réglementaire n'est affecté à la composante « %(component)s » "
            "(ni à ses composantes parentes) pour l'année universitaire %(year)s-%(next)s."
        )
        % {"component": component, "year": academic_year, "next": academic_year + 1},
        fields={"academic_year": _("Affecter un profil à la composante pour cette année.")},
    )


def param_value(profile: RegulationProfile, key: str) -> Any:
    """The profile's value for ``key``; the preset's when the profile predates the parameter."""
    param = get_param(key)
    if key in profile.params:
        return profile.params[key]
    return param.preset_value(profile.preset) if profile.preset in PRESETS else param.default


def is_inherited_from_preset(profile: RegulationProfile, key: str) -> bool:
    return key not in profile.params


def profile_values(profile: RegulationProfile) -> dict[str, Any]:
    """Every registered parameter's value for ``profile`` (preset fallback included)."""
    return {p.key: param_value(profile, p.key) for p in all_params()}


def profile_value(component: Component, academic_year: int, key: str) -> Any:
    return param_value(profile_for(component, academic_year), key)


def profile_list(*, institution_ids: set[int] | None = None, academic_year: int | None = None
                 ) -> QuerySet[RegulationProfile]:
    qs = RegulationProfile.objects.select_related("institution").order_by(
        "institution__name", "-academic_year", "name"
    )
    if institution_ids is not None:
        qs = qs.filter(institution_id__in=institution_ids)
    if academic_year is not None:
        qs = qs.filter(academic_year=academic_year)
    return qs


def profile_revisions(profile: RegulationProfile) -> QuerySet[ProfileRevision]:
    return profile.revisions.select_related("actor").order_by("-revision")


def profile_assignments(profile: RegulationProfile) -> QuerySet[ComponentProfile]:
    return profile.assignments.select_related("component").order_by("component__name")
