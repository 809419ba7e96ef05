"""Reads of issued documents. ``get_document_for`` is the only way views and the API obtain one."""

from __future__ import annotations

from django.db.models import QuerySet

from core.errors import NotFound
from core.models import Document, User
from core.permissions import can_download_document


def document_queryset() -> QuerySet[Document]:
    return Document.objects.select_related("institution", "component", "owner", "previous")


def get_document_for(user: User, document_id: int) -> Document:
    """The document if ``user`` may download it; NotFound for missing and forbidden alike."""
    document = document_queryset().filter(pk=document_id).first()
    if document is None or not can_download_document(user, document):
        raise NotFound()
    return document


def documents_owned_by(user: User, *, limit: int | None = None) -> QuerySet[Document]:
    """The documents that concern ``user`` (every version), newest first."""
    qs = document_queryset().filter(owner=user).order_by("-created_at", "-id")
    return qs[:limit] if limit else qs


def document_versions(document: Document, *, max_versions: int = 50) -> list[Document]:
    """Every version of the document's lineage, oldest first (a lineage is a few rows)."""
    first = document
    for _ in range(max_versions):
        if first.previous_id is None:
            break
        first = Document.objects.get(pk=first.previous_id)
    versions = [first]
    for _ in range(max_versions):
        following = Document.objects.filter(previous_id=versions[-1].pk).first()
        if following is None:
            break
        versions.append(following)
    return versions
