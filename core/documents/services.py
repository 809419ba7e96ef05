"""Writes of issued documents (STYLE 4, 10).

``document_issue`` creates the row *pending* with its human reference and queues the render
task on commit; the task calls ``document_render_file``, which renders, stores the PDF under
``MEDIA_ROOT/documents/`` (private: served only through permission-checked views), records its
SHA-256 and marks it issued. From then on the row never changes (service and model guards);
``document_correct`` issues a new version pointing to the one it replaces.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, jsonable
from core.errors import ApplicationError
from core.models import Component, Document, Institution, User
from core.models.documents import DocumentStatus

from .render import render_pdf

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "DOC"
_VERSION_SUFFIX = re.compile(r"-v\d+$")


def _reference_for(document: Document) -> str:
    """``DOC-<year>-<id padded to 6>``, e.g. DOC-2026-000123 (the id makes it unique)."""
    year = timezone.localdate(document.created_at).year
    return f"{REFERENCE_PREFIX}-{year}-{document.pk:06d}"


def _check_template(template: str) -> None:
    if not template.startswith("documents/"):
        raise ApplicationError(
            "documents.invalid_template",
            _("Un modèle de document doit se trouver dans templates/documents/."),
            fields={"template": _("Modèle hors de templates/documents/ : %(t)s") % {"t": template}},
        )
    try:
        get_template(template)
    except TemplateDoesNotExist as exc:
        raise ApplicationError(
            "documents.unknown_template",
            _("Modèle de document introuvable."),
            fields={"template": _("Modèle introuvable : %(t)s") % {"t": template}},
        ) from exc


def _queue_render(document_id: int) -> None:
    from core.tasks_documents import document_render

    transaction.on_commit(lambda: document_render.delay(document_id))


def document_issue(
    *,
    actor: User | None,
    kind: str,
    title: str,
    template: str,
    context: dict[str, Any],
    owner: User | None = None,
    institution: Institution | None = None,
    component: Component | None = None,
    subject: models.Model | None = None,
    language: str = "fr",
) -> Document:
    """Create a pending document with a unique reference; the PDF is rendered by a task on commit.

    ``context`` is stored as JSON (dates become ISO strings) so the document can be rendered
    again identically for a correction's comparison; pass display-ready values.
    """
    _check_template(template)
    if institution is None and component is not None:
        institution = component.institution
    with transaction.atomic():
        document = Document(
            kind=kind,
            reference=f"pending-{uuid.uuid4().hex}",
            title=title,
            template=template,
            context=jsonable(dict(context)),
            language=language,
            institution=institution,
            component=component,
            owner=owner,
            subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
            subject_id=subject.pk if subject is not None else None,
            requested_by=actor if actor is not None and actor.is_authenticated else None,
        )
        document.full_clean(exclude=["reference"])
        document.save()
        document.reference = _reference_for(document)
        document.save(update_fields=["reference"])
        audit_record(
            actor=actor,
            action="document.issue_requested",
            obj=document,
            after={"reference": document.reference, "kind": kind, "title": title, "version": 1},
        )
        _queue_render(document.pk)
    return document


def document_correct(*, actor: User | None, document: Document, context: dict[str, Any], reason: str) -> Document:
    """Issue version n+1 of an issued, current document with a new context; v n stays as it was."""
    if not reason.strip():
        raise ApplicationError(
            "documents.reason_required",
            _("Le motif de la correction est obligatoire."),
            fields={"reason": _("Indiquez le motif de la correction.")},
        )
    with transaction.atomic():
        previous = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
        if previous.status != DocumentStatus.ISSUED:
            raise ApplicationError(
                "documents.not_issued",
                _("Seul un document émis peut être corrigé."),
                fields={"document": _("Le document %(ref)s n'est pas émis.") % {"ref": previous.reference}},
            )
        if Document.objects.filter(previous=previous).exists():
            raise ApplicationError(
                "documents.already_corrected",
                _("Ce document a déjà été corrigé : corrigez la dernière version."),
                fields={"document": _("%(ref)s a déjà une version suivante.") % {"ref": previous.reference}},
            )
        version = previous.version + 1
        root = _VERSION_SUFFIX.sub("", previous.reference)
        corrected = Document(
            kind=previous.kind,
            reference=f"{root}-v{version}",
            title=previous.title,
            template=previous.template,
            context=jsonable(dict(context)),
            language=previous.language,
            institution_id=previous.institution_id,
            component_id=previous.component_id,
            owner_id=previous.owner_id,
            subject_type_id=previous.subject_type_id,
            subject_id=previous.subject_id,
            version=version,
            previous=previous,
            correction_reason=reason,
            requested_by=actor if actor is not None and actor.is_authenticated else None,
        )
        corrected.full_clean(exclude=["previous"])
        corrected.save()
        audit_record(
            actor=actor,
            action="document.corrected",
            obj=corrected,
            before={"reference": previous.reference, "version": previous.version, "sha256": previous.sha256},
            after={"reference": corrected.reference, "version": version},
            reason=reason,
        )
        _queue_render(corrected.pk)
    return corrected


def _render_context(document: Document) -> dict[str, Any]:
    return {
        **document.context,
        "document": document,
        "institution": document.institution,
        "component": document.component,
        "previous": document.previous,
    }


def document_render_file(*, document_id: int) -> Document:
    """Render a pending document, store the PDF and its SHA-256, mark it issued.

    Re-checks the state under lock: an issued or failed document is returned untouched (a
    redelivered task does nothing). A rendering error is not transient: the document is marked
    failed with the error, visible to staff, and nothing is retried.
    """
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("institution", "component", "owner", "previous")
            .get(pk=document_id)
        )
        if document.status != DocumentStatus.PENDING:
            return document
        document.issued_at = timezone.now()
        try:
            pdf = render_pdf(document.template, _render_context(document), document.language)
        except Exception as exc:
            logger.exception("Rendering of document %s failed", document.reference)
            document.issued_at = None
            document.status = DocumentStatus.FAILED
            document.error = f"{type(exc).__name__}: {exc}"[:2000]
            document.save(update_fields=["status", "error", "issued_at"])
            audit_record(actor=None, action="document.render_failed", obj=document, after={"error": document.error})
            return document
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.size = len(pdf)
        document.file.save(f"{document.reference}.pdf", ContentFile(pdf), save=False)
        document.status = DocumentStatus.ISSUED
        document.error = ""
        document.save()
        audit_record(
            actor=None,
            action="document.issued",
            obj=document,
            before={"status": DocumentStatus.PENDING},
            after={"status": DocumentStatus.ISSUED, "sha256": document.sha256, "size": document.size,
                   "file": document.file.name},
        )
    return document


def document_read_bytes(document: Document) -> bytes:
    """The stored PDF, checked against its recorded SHA-256 (a tampered file is refused)."""
    with document.file.open("rb") as fh:
        data = fh.read()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        logger.error("Checksum mismatch for document %s", document.reference)
        raise ApplicationError(
            "documents.checksum_mismatch",
            _("Le fichier stocké ne correspond plus à son empreinte : contactez l'administrateur."),
        )
    return data


def document_retry(*, actor: User | None, document: Document) -> Document:
    """Put a failed document back to pending and queue its rendering again (after a template fix)."""
    with transaction.atomic():
        locked = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
        if locked.status != DocumentStatus.FAILED:
            raise ApplicationError(
                "documents.not_failed",
                _("Seul un document dont la préparation a échoué peut être relancé."),
                fields={"document": _("Le document %(ref)s n'est pas en échec.") % {"ref": locked.reference}},
            )
        before = {"status": locked.status, "error": locked.error}
        locked.status = DocumentStatus.PENDING
        locked.error = ""
        locked.save(update_fields=["status", "error"])
        audit_record(actor=actor, action="document.retry", obj=locked, before=before, after={"status": locked.status})
        _queue_render(locked.pk)
    return locked


def documents_redeliver(*, now: datetime.datetime, older_than_seconds: int = 600, batch_size: int = 200) -> int:
    """Re-queue documents still pending after ``older_than_seconds``: their render task was lost
    (broker unavailable when it was queued, worker killed). Rendering is idempotent, so a render
    already under way does nothing twice. Returns how many were re-queued (batched)."""
    from core.tasks_documents import document_render

    cutoff = now - datetime.timedelta(seconds=older_than_seconds)
    ids = list(
        Document.objects.filter(status=DocumentStatus.PENDING, created_at__lt=cutoff)
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:batch_size]
    )
    for document_id in ids:
        document_render.delay(document_id)
    return len(ids)
