"""Proofs for a missed exam, sent by the student (or handed to the exam office) within the justification
deadline (UTC-3.01e-reserve-request: 48 h from the exam start; RSY-A2-notify). The first proof moves
the file to « justificatifs reçus »; more may follow until the deadline. Late: refused with the rule id."""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.calendar.service import calendar_for_component
from core.errors import ApplicationError
from core.models import User
from exams.models import ReserveFile, ReserveProof
from exams.rules.base import cited_rules, pick_kind
from exams.rules.reserves import PROOFS_RECEIVED, ZERO_PROVISIONAL, proof_deadline
from exams.services.common import SessionProfile
from exams.services.reserves import PROOFS, _check_actor, reserve_act

MAX_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
SIGNATURES = {b"%PDF": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG": "image/png"}


def _sniff(upload: UploadedFile) -> str:
    head = upload.read(8)
    upload.seek(0)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), "")


def reserve_proof_submit(*, actor: User | None, reserve: ReserveFile, upload: UploadedFile, at: datetime,
                         note: str = "") -> ReserveProof:
    """Store one proof (PDF, JPEG or PNG, 10 MB at most) and, for the first one, apply ``submit_proofs``."""
    rule_fallback = "UTC-3.01e-reserve-request"
    kind = _sniff(upload)
    if not kind or upload.size is None or upload.size > MAX_BYTES:
        raise ApplicationError("exams.proof_invalid_file", _("Justificatif : PDF, JPEG ou PNG de 10 Mo au plus."),
                               fields={"file": _("Fichier refusé.")}, rule_id=rule_fallback)
    with transaction.atomic():
        locked = ReserveFile.objects.select_for_update(of=("self",)).select_related(
            "convocation__event__session__component", "convocation__student__user").get(pk=reserve.pk)
        _check_actor(actor, locked, "student")
        if locked.state == ZERO_PROVISIONAL:
            reserve_act(actor=actor, reserve=locked, action="submit_proofs", at=at)
        elif locked.state == PROOFS_RECEIVED:
            event = locked.convocation.event
            profile = SessionProfile(event.session)
            deadline = proof_deadline(profile[PROOFS], exam_start=event.start,
                                      calendar=calendar_for_component(event.session.component))
            if deadline is not None and at > deadline:
                raise ApplicationError(
                    "exams.reserve_proofs_late", _("Justificatifs hors délai (au plus tard %(d)s).")
                    % {"d": deadline.isoformat()}, fields={"file": _("Délai dépassé.")},
                    rule_id=pick_kind(cited_rules(PROOFS, profile[PROOFS], profile.preset), "deadline")
                    or rule_fallback)
        else:
            raise ApplicationError("exams.proofs_closed", _("Ce dossier n'attend plus de justificatif."),
                                   fields={"file": _("Dossier clos.")}, rule_id=rule_fallback)
        proof = ReserveProof(reserve=locked, original_name=(upload.name or "")[:255], content_type=kind,
                             note=note[:500], uploaded_at=at,
                             uploaded_by=actor if actor is not None and actor.is_authenticated else None)
        proof.file.save(f"proof{ALLOWED_TYPES[kind]}", upload, save=False)
        proof.save()
        audit_record(actor=actor, action="exams.absence_proof_added", obj=locked,
                     after={"proof": proof.pk, "name": proof.original_name})
    return proof
