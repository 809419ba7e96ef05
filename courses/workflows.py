"""The M3C workflow of a programme version as a transition table (STYLE 3).

draft → approved (council and date recorded) → published (snapshot + PDF; frozen for the year,
TOURS-II-m3c-freeze / STRAS-6 / UTC-1.01-freeze) → frozen (end of the period; read-only).
An approved version can go back to draft (a new council vote is then needed). A transition only
changes the state; snapshots, documents, deadlines and notices are orchestrated by
courses.services.workflow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import TransitionNotAllowed
from courses.models import M3CState
from courses.permissions import MANAGE_ROLES

S = M3CState


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    description: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("approve", frozenset({S.DRAFT}), S.APPROVED, MANAGE_ROLES,
                   "Le conseil compétent a approuvé les M3C (conseil et date enregistrés)."),
        Transition("reopen", frozenset({S.APPROVED}), S.DRAFT, MANAGE_ROLES,
                   "Retour en brouillon avant publication (un nouveau vote sera nécessaire)."),
        Transition("publish", frozenset({S.APPROVED}), S.PUBLISHED, MANAGE_ROLES,
                   "Publication aux étudiants ; les M3C ne peuvent plus être modifiées."),
        Transition("freeze", frozenset({S.PUBLISHED}), S.FROZEN, MANAGE_ROLES,
                   "Fin de la période : plus aucune modification, même exceptionnelle."),
    )
}


def check_transition(name: str, state: str) -> Transition:
    transition = TRANSITIONS[name]
    if state not in transition.sources:
        raise TransitionNotAllowed(
            "courses.transition_not_allowed",
            _("Transition « %(name)s » impossible depuis l'état « %(state)s ».")
            % {"name": name, "state": S(state).label},
            fields={"state": _("État actuel : %(state)s.") % {"state": S(state).label}},
        )
    return transition
