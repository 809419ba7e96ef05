"""Profile parameters of grade entry (imported by juries.apps.JuriesConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.profiles.registry import Kind, Param, register

register(
    Param(key="grades.statistics_min_count", label=_("Effectif minimal pour afficher les statistiques d'une évaluation"),
          kind=Kind.INT, unit="notes", min=1, max=100, rule_ids=("ARL-ES18.2-statistics",), default=5,
          help=_("Choix local (GE-09) : en dessous de ce nombre de notes chiffrées, les statistiques anonymes "
                 "(moyenne, médiane, répartition) ne sont pas montrées aux étudiant·e·s, car elles "
                 "révéleraient les notes des autres.")),
)
