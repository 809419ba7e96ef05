"""Writing regulation profiles: create from a preset, edit with history, copy to a year, assign.

Every value goes through ``registry.validate_value`` (the single gate, naming the field and the
rule); the first invalid value aborts the whole change and nothing is written. Each edit bumps
``revision``, keeps a ProfileRevision ``{key: {before, after}}`` and an audit row.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError
from core.models import Component, ComponentProfile, Institution, ProfileRevision, RegulationProfile, User
from core.profiles.registry import PRESETS, get_param, preset_values, validate_value
from core.profiles.selectors import profile_values

MIN_YEAR, MAX_YEAR = 2000, 2100


def _check_year(academic_year: Any) -> int:
    if isinstance(academic_year, bool) or not isinstance(academic_year, int) or not (
        MIN_YEAR <= academic_year <= MAX_YEAR
    ):
        raise ApplicationError(
            "profiles.invalid_year",
            _("Année universitaire invalide : %(y)s (année de début, ex. 2026 pour 2026-2027).")
            % {"y": academic_year},
            fields={"academic_year": _("Année entre %(a)s et %(b)s attendue.") % {"a": MIN_YEAR, "b": MAX_YEAR}},
        )
    return academic_year


def _check_free(institution: Institution, academic_year: int, preset: str) -> None:
    if RegulationProfile.objects.filter(
        institution=institution, academic_year=academic_year, preset=preset
    ).exists():
        raise ApplicationError(
            "profiles.already_exists",
            _("Un profil %(preset)s existe déjà pour %(inst)s en %(y)s-%(n)s.")
            % {"preset": preset, "inst": institution, "y": academic_year, "n": academic_year + 1},
            fields={"academic_year": _("Un profil existe déjà pour cette année.")},
        )


def profile_create_from_preset(
    *, actor: User | None, institution: Institution, preset: str, academic_year: int, name: str | None = None
) -> RegulationProfile:
    """A new profile holding the preset's value for every registered parameter."""
    params = preset_values(preset)  # raises profiles.unknown_preset
    academic_year = _check_year(academic_year)
    with transaction.atomic():
        _check_free(institution, academic_year, preset)
        profile = RegulationProfile(
            institution=institution,
            preset=preset,
            academic_year=academic_year,
            name=name or f"{institution} — {preset}",
            params={key: validate_value(key, value) for key, value in params.items()},
        )
        profile.full_clean()
        profile.save()
        audit_record(actor=actor, action="profile.create", obj=profile,
                     after={"preset": preset, "academic_year": academic_year})
    return profile


def profile_update(
    *, actor: User | None, profile: RegulationProfile, changes: dict[str, Any], reason: str
) -> RegulationProfile:
    """Apply ``changes`` ({key: new value}); returns the profile (unchanged if nothing differs)."""
    if not (reason or "").strip():
        raise ApplicationError(
            "profiles.reason_required",
            _("Indiquer le motif de la modification."),
            fields={"reason": _("Le motif est obligatoire.")},
        )
    cleaned = {key: validate_value(key, value) for key, value in changes.items()}  # first error aborts
    with transaction.atomic():
        locked = RegulationProfile.objects.select_for_update(of=("self",)).get(pk=profile.pk)
        current = profile_values(locked)
        diff = {
            key: {"before": current.get(key), "after": value}
            for key, value in cleaned.items()
            if current.get(key) != value
        }
        if not diff:
            return locked
        locked.params = {**locked.params, **{k: d["after"] for k, d in diff.items()}}
        locked.revision += 1
        locked.save(update_fields=["params", "revision", "updated_at"])
        ProfileRevision.objects.create(
            profile=locked, revision=locked.revision, changes=diff, actor=actor, reason=reason.strip()
        )
        first = get_param(next(iter(diff)))
        audit_record(
            actor=actor,
            action="profile.update",
            obj=locked,
            before={k: d["before"] for k, d in diff.items()},
            after={k: d["after"] for k, d in diff.items()},
            reason=reason.strip(),
            rule_id=first.rule_ids[0] if len(diff) == 1 and first.rule_ids else "",
        )
    profile.refresh_from_db()
    return locked


def profile_copy_to_year(*, actor: User | None, profile: RegulationProfile, academic_year: int) -> RegulationProfile:
    """The same values (incl. local edits) as a new profile for ``academic_year``."""
    academic_year = _check_year(academic_year)
    with transaction.atomic():
        _check_free(profile.institution, academic_year, profile.preset)
        name = profile.name.replace(str(profile.academic_year), str(academic_year))
        copy = RegulationProfile.objects.create(
            institution=profile.institution,
            preset=profile.preset,
            academic_year=academic_year,
            name=name,
            params=profile_values(profile),
        )
        audit_record(actor=actor, action="profile.copy", obj=copy,
                     before={"profile": profile.pk, "academic_year": profile.academic_year},
                     after={"academic_year": academic_year})
    return copy


def profile_assign(
    *, actor: User | None, component: Component, academic_year: int, profile: RegulationProfile
) -> ComponentProfile:
    """``component`` (and its sub-components) follow ``profile`` in ``academic_year``."""
    academic_year = _check_year(academic_year)
    if profile.institution_id != component.institution_id:
        raise ApplicationError(
            "profiles.other_institution",
            _("Le profil « %(p)s » appartient à un autre établissement que « %(c)s ».")
            % {"p": profile, "c": component},
            fields={"profile": _("Choisir un profil de l'établissement de la composante.")},
        )
    if profile.academic_year != academic_year:
        raise ApplicationError(
            "profiles.wrong_year",
            _("Le profil « %(p)s » est celui de %(py)s, pas de %(y)s.")
            % {"p": profile, "py": profile.academic_year, "y": academic_year},
            fields={"profile": _("Choisir un profil de la même année universitaire.")},
        )
    with transaction.atomic():
        existing = ComponentProfile.objects.filter(component=component, academic_year=academic_year).first()
        if existing is not None and existing.profile_id == profile.pk:
            return existing
        before = {"profile": existing.profile_id} if existing else {}
        assignment, _created = ComponentProfile.objects.update_or_create(
            component=component, academic_year=academic_year, defaults={"profile": profile}
        )
        audit_record(actor=actor, action="profile.assign", obj=component, before=before,
                     after={"profile": profile.pk, "academic_year": academic_year})
    return assignment


__all__ = ["PRESETS", "profile_assign", "profile_copy_to_year", "profile_create_from_preset", "profile_update"]
