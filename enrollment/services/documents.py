"""Uploaded registration documents: upload (type and size checked), accept, reject."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, NotFound
from core.models import User
from enrollment import rules, selectors, workflows
from enrollment.models import (
    EDITABLE_STATES,
    AdministrativeRegistration,
    DocumentStatus,
    RegistrationDocument,
    RegistrationState,
    RequiredDocumentType,
)

from .common import actor_kind
from .registrations import _check_documents, _lock


def document_upload(
    *, actor: User, registration: AdministrativeRegistration, document_type: RequiredDocumentType, file: UploadedFile
) -> RegistrationDocument:
    """Store one document privately after checking its type (extension + signature) and size.

    A submitted/incomplete file is re-checked at once: when nothing is missing any more it
    becomes complete (ARL-ES05.5-check-file).
    """
    kind = actor_kind(actor, registration, prefer=workflows.STUDENT)
    types = {t.pk: t for t in selectors.required_document_types(registration)}
    if document_type.pk not in types:
        raise ApplicationError(
            "enrollment.unknown_document_type", _("Cette pièce n'est pas demandée pour cette formation."),
            fields={"document_type": _("Pièce non demandée.")},
        )
    # The student edits an open file; the scolarité may still add a scan to a validated one.
    editable = EDITABLE_STATES if kind == workflows.STUDENT else EDITABLE_STATES | {RegistrationState.VALIDATED}
    if registration.state not in editable:
        raise ApplicationError(
            "enrollment.not_editable",
            _("Le dossier ne peut plus être modifié (état : %(s)s).") % {"s": RegistrationState(registration.state).label},
            fields={"file": _("Dossier clos.")},
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    check = rules.check_upload(
        filename=file.name or "", size=file.size or 0, head=head,
        accepted=document_type.accepted_types or ["pdf"], max_size_kb=document_type.max_size_kb,
    )
    if not check.ok:
        raise ApplicationError(
            "enrollment.invalid_upload", _("Fichier refusé : %(e)s") % {"e": " ".join(check.errors)},
            fields={"file": list(check.errors)},
        )
    with transaction.atomic():
        reg = _lock(registration)
        doc = RegistrationDocument(
            registration=reg, document_type=document_type, original_name=(file.name or "")[:255],
            size=file.size or 0, uploaded_by=actor,
            status=DocumentStatus.ACCEPTED if kind == workflows.SECRETARIAT else DocumentStatus.PENDING,
        )
        doc.file.save(file.name or f"document.{check.extension}", file, save=False)
        doc.save()
        audit_record(actor=actor, action="enrollment.document.upload", obj=doc,
                     after={"type": document_type.code, "size": doc.size, "registration": reg.pk})
        if reg.state in (RegistrationState.SUBMITTED, RegistrationState.INCOMPLETE):
            _check_documents(actor, reg)
    return doc


def document_review(
    *, actor: User, document: RegistrationDocument, accept: bool, reason: str = ""
) -> RegistrationDocument:
    """Scolarité accepts or rejects a document; a rejection sends the file back to incomplete
    with the reason, and the student is told (ARL-ES05.5-check-file)."""
    registration = document.registration
    if actor_kind(actor, registration) != workflows.SECRETARIAT:
        raise NotFound()
    if not accept and not reason.strip():
        raise ApplicationError("enrollment.reason_required", _("Indiquez le motif du refus."),
                               fields={"reason": _("Motif obligatoire.")})
    with transaction.atomic():
        reg = _lock(registration)
        doc = RegistrationDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
        before = doc.status
        doc.status = DocumentStatus.ACCEPTED if accept else DocumentStatus.REJECTED
        doc.rejection_reason = "" if accept else reason.strip()
        doc.reviewed_by = actor
        doc.reviewed_at = timezone.now()
        doc.full_clean()
        doc.save()
        audit_record(actor=actor, action="enrollment.document.review", obj=doc, before={"status": before},
                     after={"status": doc.status}, reason=doc.rejection_reason, rule_id="ARL-ES05.5-check-file")
        if reg.state in (RegistrationState.SUBMITTED, RegistrationState.COMPLETE, RegistrationState.INCOMPLETE):
            _check_documents(actor, reg, actor_kind_=workflows.SECRETARIAT, reason=doc.rejection_reason and
                             f"{doc.document_type.label} : {doc.rejection_reason}")
    document.refresh_from_db()
    return document
