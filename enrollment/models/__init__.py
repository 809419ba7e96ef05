"""Models of enrollment: the student record, administrative and pedagogical registrations."""

from .pedagogical import GroupMembership, ModuleRegistration, PedagogicalRegistration
from .registrations import (
    EDITABLE_STATES,
    LIVE_STATES,
    AdministrativeRegistration,
    DocumentStatus,
    RegistrationDocument,
    RegistrationState,
    RegistrationTransition,
    RequiredDocumentType,
)
from .students import Accommodation, AccommodationKind, Regime, Student

__all__ = [
    "EDITABLE_STATES",
    "LIVE_STATES",
    "Accommodation",
    "AccommodationKind",
    "AdministrativeRegistration",
    "DocumentStatus",
    "GroupMembership",
    "ModuleRegistration",
    "PedagogicalRegistration",
    "Regime",
    "RegistrationDocument",
    "RegistrationState",
    "RegistrationTransition",
    "RequiredDocumentType",
    "Student",
]
