"""Celery task rendering issued documents (STYLE 8: takes an id, re-checks, calls one service).

Kept apart from core/tasks.py (deadlines and notices); config/celery.py autodiscovers both.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="core.tasks_documents.document_render")
def document_render(document_id: int) -> None:
    from core.documents.services import document_render_file

    document_render_file(document_id=document_id)


@shared_task(name="core.tasks_documents.documents_redeliver")
def documents_redeliver() -> int:
    """Every few minutes: re-queue documents whose render task was lost (never left pending for good)."""
    from django.utils import timezone

    from core.documents.services import documents_redeliver as redeliver

    return redeliver(now=timezone.now())
