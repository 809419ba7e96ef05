"""Writes of courses. Import from the sub-modules; the team service is re-exported here."""

from courses.services.team import module_team_set, programme_head_add

__all__ = ["module_team_set", "programme_head_add"]
