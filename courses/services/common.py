"""Shared helpers of the courses services: profile values and the M3C edit guard."""

from __future__ import annotations

from typing import Any

from core.errors import ApplicationError
from core.profiles.registry import get_param
from courses.models import Module, ProgrammeVersion
from courses.rules import edit_decision


def version_param(version: ProgrammeVersion, key: str) -> Any:
    """The profile value of ``key`` for the version's component and year.

    Falls back to the parameter's default when no profile is assigned yet, so a programme can
    be drafted before the profiles are set up (docs/decisions/courses.md C-004).
    """
    from core.profiles.selectors import profile_value

    try:
        return profile_value(version.programme.component, version.academic_year, key)
    except ApplicationError as exc:
        if exc.code != "profiles.no_profile":
            raise
        return get_param(key).default


def ensure_editable(version: ProgrammeVersion) -> None:
    """Refuse any change to the structure or the M3C of a version once approved/published,
    citing the freeze rule of the profile (TOURS-II-m3c-freeze, STRAS-6, UTC-1.01-freeze)."""
    decision = edit_decision(version.state, version_param(version, "courses.m3c_publication")["rules"]["freeze"])
    if not decision.allowed:
        raise ApplicationError(decision.code, decision.message, rule_id=decision.rule_id,
                               fields={"__all__": decision.message})


def version_of(module: Module) -> ProgrammeVersion:
    return module.semester.study_year.programme_version
