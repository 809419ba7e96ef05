"""The PDF convocation attached to the convocation e-mail, rendered when the e-mail is sent.

Rendering 24,000 PDFs at publication would dominate the publication time (decision EO-05), so the
notice row is queued with the ICS only and the worker renders the PDF when it builds the e-mail
(``NoticeKind.late_attachments``). The PDF is the student's stored ``Document`` (the same one the
portal offers), so a re-sent e-mail carries the same file. A rendering failure never loses the
e-mail: it goes out without the PDF (every required mention is in its body, UTC-2.02-convocation-content,
STRAS-28) and the failure is logged.
"""

from __future__ import annotations

import logging

from core.documents.services import document_read_bytes
from core.models import Notice
from core.models.documents import DocumentStatus
from exams.models import Convocation

logger = logging.getLogger(__name__)


def convocation_pdf_attachments(notice: Notice) -> list[tuple[str, bytes, str]]:
    from exams.services.convocations import convocation_document

    if notice.subject_id is None:
        return []
    convocation = (Convocation.objects.select_related("event__module", "event__session__component", "student__user",
                                                      "room")
                   .filter(pk=notice.subject_id).first())
    if convocation is None:
        return []
    try:
        document = convocation_document(actor=None, convocation=convocation)
        if document.status != DocumentStatus.ISSUED:
            return []
        return [(f"convocation-{convocation.event.module.code}.pdf", document_read_bytes(document),
                 "application/pdf")]
    except Exception:  # the e-mail must go out even if the PDF cannot be rendered
        logger.exception("PDF convocation %s not attached to notice %s", convocation.pk, notice.pk)
        return []
