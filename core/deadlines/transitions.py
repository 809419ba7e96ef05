"""The deadline workflow as a declared transition table (STYLE 3).

A transition only changes state (and the fields that describe it) and is logged by the calling
service; reminders and notices are orchestrated by the sweep. ``met`` after ``late`` stays
visibly "met late" (``met_at > due_at``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import TransitionNotAllowed
from core.models.deadlines import DeadlineState
from core.models.users import Role

#: Roles whose holders, over the deadline's component (or institution), may waive it.
WAIVER_ROLES = frozenset({Role.ADMINISTRATOR, Role.DIRECTOR, Role.SECRETARIAT, Role.EXAM_OFFICE})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    #: Roles required of the actor (empty: a service or the system performs it).
    roles: frozenset[str] = frozenset()
    description: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("meet", frozenset({DeadlineState.PENDING, DeadlineState.LATE}), DeadlineState.MET,
                   description="What was due has been done (after the due time: met late)."),
        Transition("mark_late", frozenset({DeadlineState.PENDING}), DeadlineState.LATE,
                   description="The daily sweep found the due time passed."),
        Transition("waive", frozenset({DeadlineState.PENDING, DeadlineState.LATE}), DeadlineState.WAIVED,
                   roles=WAIVER_ROLES, description="Staff lift the deadline, with a reason."),
        Transition("reschedule", frozenset({DeadlineState.LATE}), DeadlineState.PENDING,
                   description="Re-opened with a due time in the future (e.g. an exam moved)."),
    )
}


def check_transition(name: str, state: str) -> Transition:
    """The transition ``name`` if it may leave ``state``; else TransitionNotAllowed."""
    transition = TRANSITIONS[name]
    if state not in transition.sources:
        raise TransitionNotAllowed(
            "deadlines.transition_not_allowed",
            _("Transition « %(name)s » impossible depuis l'état « %(state)s ».")
            % {"name": name, "state": DeadlineState(state).label},
            fields={"state": _("État actuel : %(state)s.") % {"state": DeadlineState(state).label}},
        )
    return transition
