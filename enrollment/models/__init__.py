"""Models of enrollment: the student record, administrative and pedagogical registrations."""

from .accommodation_requests import (
    GRANTED_REQUEST_STATES,
    OPEN_REQUEST_STATES,
    AccommodationRequest,
    AccommodationRequestDocument,
    AccommodationRequestTransition,
    RequestScope,
    RequestState,
)
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
    "GRANTED_REQUEST_STATES",
    "LIVE_STATES",
    "OPEN_REQUEST_STATES",
    "Accommodation",
    "AccommodationKind",
    "AccommodationRequest",
    "AccommodationRequestDocument",
    "AccommodationRequestTransition",
    "AdministrativeRegistration",
    "DocumentStatus",
    "GroupMembership",
    "ModuleRegistration",
    "PedagogicalRegistration",
    "Regime",
    "RegistrationDocument",
    "RegistrationState",
    "RegistrationTransition",
    "RequestScope",
    "RequestState",
    "RequiredDocumentType",
    "Student",
]
