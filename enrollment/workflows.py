"""The administrative-registration workflow as a transition table (STYLE 3).

A transition only changes the state and writes the log; documents, notices and deadlines are
orchestrated by the calling service (enrollment.services.registrations).

Actors: ``student`` (the registration's own student), ``secretariat`` (scolarité staff whose
scope covers the programme) and ``system`` (automatic moves made by a service right after a
student or staff action, e.g. the documents check after a submission).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import TransitionNotAllowed
from enrollment.models import AdministrativeRegistration, RegistrationState, RegistrationTransition

S = RegistrationState

STUDENT = "student"
SECRETARIAT = "secretariat"
SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    rule_id: str = ""
    description: str = ""


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", frozenset({S.DRAFT}), S.SUBMITTED, frozenset({STUDENT, SECRETARIAT}),
                   "ARL-ES05.5-check-file", "Le dossier est déposé."),
        Transition("mark_incomplete", frozenset({S.SUBMITTED, S.COMPLETE}), S.INCOMPLETE,
                   frozenset({SYSTEM, SECRETARIAT}), "ARL-ES05.5-check-file",
                   "Des pièces manquent ou sont refusées : l'étudiant en est informé."),
        Transition("mark_complete", frozenset({S.SUBMITTED, S.INCOMPLETE}), S.COMPLETE, frozenset({SYSTEM}),
                   "ARL-ES05.5-check-file", "Toutes les pièces obligatoires sont déposées."),
        Transition("validate", frozenset({S.COMPLETE}), S.VALIDATED, frozenset({SECRETARIAT}),
                   "", "L'inscription est validée."),
        Transition("validate_remote", frozenset({S.COMPLETE}), S.VALIDATED, frozenset({SECRETARIAT}),
                   "ARL-ES07-overseas", "Validée à distance, originaux à présenter à la rentrée."),
        Transition("validate_imported", frozenset({S.DRAFT}), S.VALIDATED, frozenset({SECRETARIAT}),
                   "", "Inscription importée déjà validée dans le système d'origine (Apogée…)."),
        Transition("withdraw", frozenset({S.DRAFT, S.SUBMITTED, S.INCOMPLETE, S.COMPLETE}), S.CANCELLED,
                   frozenset({STUDENT}), "", "L'étudiant renonce avant validation."),
        Transition("cancel", frozenset({S.DRAFT, S.SUBMITTED, S.INCOMPLETE, S.COMPLETE, S.VALIDATED}),
                   S.CANCELLED, frozenset({SECRETARIAT}), "", "La scolarité annule l'inscription."),
    )
}


def available(state: str, actor_kind: str) -> list[Transition]:
    """Transitions an actor of this kind may fire from ``state`` (for buttons and the API)."""
    return [t for t in TRANSITIONS.values() if state in t.sources and actor_kind in t.actors]


def check(registration: AdministrativeRegistration, name: str, actor_kind: str) -> Transition:
    transition = TRANSITIONS.get(name)
    if transition is None or registration.state not in transition.sources or actor_kind not in transition.actors:
        raise TransitionNotAllowed(
            "enrollment.transition_not_allowed",
            _("Action « %(name)s » impossible depuis l'état « %(state)s ».")
            % {"name": name, "state": RegistrationState(registration.state).label},
            rule_id=transition.rule_id if transition else "",
        )
    return transition


def apply(
    registration: AdministrativeRegistration, name: str, *, actor_kind: str, actor=None, reason: str = ""  # type: ignore[no-untyped-def]
) -> RegistrationTransition:
    """Fire a transition on a locked registration: change the state, stamp it, log it."""
    transition = check(registration, name, actor_kind)
    now = timezone.now()
    source = registration.state
    registration.state = transition.target
    stamps: dict[str, str] = {S.SUBMITTED: "submitted_at", S.VALIDATED: "validated_at", S.CANCELLED: "cancelled_at"}
    stamp = stamps.get(transition.target)
    fields = ["state", "updated_at"]
    if stamp:
        setattr(registration, stamp, now)
        fields.append(stamp)
    registration.save(update_fields=fields)
    return RegistrationTransition.objects.create(
        registration=registration,
        name=name,
        from_state=source,
        to_state=transition.target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
    )
