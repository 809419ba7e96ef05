"""Writes of enrollment (STYLE 4): one module per sub-domain, re-exported here."""

from .certificates import certificate_issue
from .documents import document_review, document_upload
from .pedagogical import pedagogical_register
from .registrations import (
    registration_cancel,
    registration_create,
    registration_originals_checked,
    registration_recheck,
    registration_request_documents,
    registration_submit,
    registration_validate,
    registrations_bulk_remind,
    registrations_bulk_validate,
)
from .students import accommodation_create, student_create, student_update

__all__ = [
    "accommodation_create",
    "certificate_issue",
    "document_review",
    "document_upload",
    "pedagogical_register",
    "registration_cancel",
    "registration_create",
    "registration_originals_checked",
    "registration_recheck",
    "registration_request_documents",
    "registration_submit",
    "registration_validate",
    "registrations_bulk_remind",
    "registrations_bulk_validate",
    "student_create",
    "student_update",
]
