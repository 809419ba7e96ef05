from .audit import AuditEvent
from .deadlines import Deadline
from .documents import Document
from .institutions import ClosureDay, Component, Institution, Site
from .notices import Notice
from .profiles import ComponentProfile, ProfileRevision, RegulationProfile
from .users import Role, RoleAssignment, User

__all__ = [
    "AuditEvent",
    "ClosureDay",
    "Component",
    "ComponentProfile",
    "Deadline",
    "Document",
    "Institution",
    "Notice",
    "ProfileRevision",
    "RegulationProfile",
    "Role",
    "RoleAssignment",
    "Site",
    "User",
]
