"""Exam subjects: submission by the module head, review by the exam office, hand-in deadline.

Rules (profile parameter ``exams.subject_rules``, pure functions in :mod:`exams.rules.subjects`):
required mentions UTC-2.03-subject-content, TOURS-VI-2-subject-content, STRAS-25; hand-in at least
8 days before the exam TOURS-VI-2-subject-delivery, STRAS-26 (a late subject is flagged, not
refused); two extra archive copies of final subjects UTC-2.03-archive-copies.

Wiring: ``subjects_open_deadlines_for_session`` is meant to be called by the lead at the end of
``exams.services.events.events_generate_from_m3c`` (events exist, dates known) and again at
``exams.services.publication.session_publish`` (dates may have moved; it is idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.calendar.service import calendar_for_component
from core.errors import ApplicationError, PermissionDenied, TransitionNotAllowed
from core.models import Deadline, Role, User
from core.profiles.registry import get_param
from exams import permissions as perms
from exams.models import ExamEvent, ExamSession, ExamSubject, SubjectState
from exams.rules.base import Lead, check_lead, cited_rules, pick_kind
from exams.rules.subjects import PARAM, SubjectMetadata, check_subject, subject_print_run
from exams.services.common import SessionProfile, slot_of

#: Rule field code → form / model field (errors are shown next to the field they concern).
CODE_FIELDS: dict[str, str] = {
    "intitule": "module_title", "annee": "academic_year", "semestre": "semester", "diplome": "diploma",
    "annee_dans_diplome": "year_in_diploma", "session": "session", "date": "exam_date",
    "duree": "duration_minutes", "nombre_pages": "page_count", "materiel_autorise": "allowed_materials",
    "bareme": "marking_scale", "timing_indicatif": "indicative_timing", "submitted_at": "file",
}
TEXT_FIELDS = ("module_title", "academic_year", "semester", "diploma", "year_in_diploma", "allowed_documents",
               "allowed_materials", "marking_scale", "indicative_timing", "adapted_for")
OTHER_FIELDS = ("session", "exam_date", "duration_minutes", "page_count", "nothing_allowed", "is_adapted")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    role: str


#: Explicit workflow of a subject version (STYLE: transition tables).
TRANSITIONS: dict[str, Transition] = {
    "accept": Transition("accept", frozenset({SubjectState.SUBMITTED}), SubjectState.ACCEPTED, Role.EXAM_OFFICE),
    "reject": Transition("reject", frozenset({SubjectState.SUBMITTED}), SubjectState.REJECTED, Role.EXAM_OFFICE),
}


def subject_deadline_key(event: ExamEvent) -> str:
    return f"exam-subject:{event.pk}"


def _rule_ids(profile: SessionProfile) -> tuple[str, ...]:
    return cited_rules(PARAM, profile[PARAM], profile.preset) or tuple(get_param(PARAM).rule_ids)


def metadata_of(values: dict[str, Any]) -> SubjectMetadata:
    """Form values → what the pure rule checks. Allowed documents and materials: an explicit
    "nothing allowed" is an empty tuple (UTC-2.03-default-no-docs); both blank = not stated."""
    allowed = [v for v in (values.get("allowed_documents"), values.get("allowed_materials")) if v and str(v).strip()]
    materials: tuple[str, ...] | None = () if values.get("nothing_allowed") else (tuple(allowed) or None)
    minutes = values.get("duration_minutes")
    return SubjectMetadata(
        module_title=values.get("module_title") or None, academic_year=values.get("academic_year") or None,
        semester=values.get("semester") or None, diploma=values.get("diploma") or None,
        year_in_diploma=values.get("year_in_diploma") or None, session=values.get("session") or None,
        exam_date=values.get("exam_date"), duration=timedelta(minutes=minutes) if minutes else None,
        page_count=values.get("page_count") or None, allowed_materials=materials,
        marking_scale=values.get("marking_scale") or None, indicative_timing=values.get("indicative_timing") or None,
    )


def _check_file(file: UploadedFile | None) -> None:
    if file is None:
        raise ApplicationError("exams.subject_file_missing", _("Joindre le sujet au format PDF."),
                               fields={"file": _("Fichier PDF obligatoire.")})
    limit = settings.CURSUS_UPLOAD_MAX_BYTES
    if file.size is not None and file.size > limit:
        raise ApplicationError("exams.subject_file_too_large", _("Fichier trop volumineux."),
                               fields={"file": _("Taille maximale : %(n)s octets.") % {"n": limit}})
    head = file.read(5)
    file.seek(0)
    if not (file.name or "").lower().endswith(".pdf") or head != b"%PDF-":
        raise ApplicationError("exams.subject_file_not_pdf", _("Seuls les fichiers PDF sont acceptés."),
                               fields={"file": _("Le fichier doit être un PDF.")})


def subject_submit(*, actor: User, event: ExamEvent, file: UploadedFile | None, metadata: dict[str, Any],
                   at: datetime | None = None) -> ExamSubject:
    """Hand in a new version of the subject (module head or exam office).

    Refused, with every missing mention listed by field and the rule id, when the profile's required
    mentions are not all given (UTC-2.03-subject-content, TOURS-VI-2-subject-content, STRAS-25);
    nothing is written then. Handed in after the deadline: accepted for review, flagged late.
    """
    if not perms.can_submit_subject(actor, event):
        raise PermissionDenied()
    at = at or timezone.now()
    profile = SessionProfile(event.session)
    rule_value = profile[PARAM]
    slot = slot_of(event)
    check = check_subject(rule_value, subject=metadata_of(metadata), slot=slot, submitted_at=at,
                          calendar=calendar_for_component(event.session.component), preset=profile.preset)
    if not check.content.complete:
        fields = {CODE_FIELDS.get(code.split("|")[0].strip(), code): msg for code, msg in check.content.fields.items()}
        raise ApplicationError(
            "exams.subject_incomplete",
            _("Sujet refusé : mentions obligatoires manquantes (%(f)s).") % {"f": ", ".join(check.content.missing)},
            fields=fields, rule_id=check.content.rule_id)
    _check_file(file)
    run = subject_print_run(rule_value, slot=slot, candidates=0, preset=profile.preset)
    with transaction.atomic():
        ExamEvent.objects.select_for_update().filter(pk=event.pk).first()
        last = ExamSubject.objects.filter(event=event).order_by("-version").values_list("version", flat=True).first()
        subject = ExamSubject(
            event=event, version=(last or 0) + 1, original_name=(file.name or "")[:255],
            submitted_by=actor, submitted_at=at, late=check.lead.late,
            late_message=check.lead.message if check.lead.late else "",
            archive_copies_required=run.archive_copies,
            rule_id=run.rule_id or check.content.rule_id,
            **{k: (metadata.get(k) or "") for k in TEXT_FIELDS},
            **{k: metadata.get(k) for k in OTHER_FIELDS if metadata.get(k) is not None},
        )
        subject.file.save("subject.pdf", file, save=False)
        subject.full_clean(exclude=["file"])
        subject.save()
        audit_record(actor=actor, action="exams.subject_submit", obj=subject,
                     after={"version": subject.version, "late": subject.late,
                            "archive_copies_required": subject.archive_copies_required},
                     rule_id=check.content.rule_id)
    return subject


def subject_review(*, actor: User, subject: ExamSubject, accept: bool, reason: str = "",
                   at: datetime | None = None) -> ExamSubject:
    """The exam office accepts (meets the hand-in deadline) or refuses (with a reason) a subject."""
    transition = TRANSITIONS["accept" if accept else "reject"]
    if not perms.can_review_subject(actor, subject.event):
        raise PermissionDenied()
    if not accept and not reason.strip():
        raise ApplicationError("exams.subject_reason_required", _("Indiquer le motif du refus."),
                               fields={"reason": _("Motif obligatoire pour refuser un sujet.")})
    at = at or timezone.now()
    with transaction.atomic():
        locked = ExamSubject.objects.select_for_update().get(pk=subject.pk)
        if locked.state not in transition.sources:
            raise TransitionNotAllowed("exams.subject_transition_not_allowed",
                                       _("Ce sujet a déjà été examiné."))
        before = {"state": locked.state}
        locked.state = transition.target
        locked.reason = reason.strip()
        locked.reviewed_by = actor
        locked.reviewed_at = at
        locked.save(update_fields=["state", "reason", "reviewed_by", "reviewed_at"])
        if accept:
            from core.deadlines.services import deadline_meet

            deadline_meet(key=subject_deadline_key(locked.event), at=locked.submitted_at, actor=actor)
        audit_record(actor=actor, action=f"exams.subject_{transition.name}", obj=locked, before=before,
                     after={"state": locked.state}, reason=locked.reason)
    return locked


def subject_deadline_open(*, event: ExamEvent) -> Deadline | None:
    """Open (idempotently) the hand-in deadline of an event's subject for the module head.

    Due = end of the day ``lead_days`` calendar days before the exam (TOURS-VI-2-subject-delivery,
    STRAS-26); no deadline where the profile sets no lead time (UTC, IUTs).
    """
    from core.deadlines.services import deadline_open

    session = event.session
    profile = SessionProfile(session)
    rule = profile[PARAM]
    lead = Lead.parse({"value": rule.get("lead_days")}) if rule else None
    if lead is None:
        return None
    rule_id = pick_kind(_rule_ids(profile), "deadline")
    check = check_lead(lead, event=event.start, done_at=None, calendar=calendar_for_component(session.component),
                       rule_id=rule_id, what=_("Remise du sujet"))
    assert check.deadline is not None
    return deadline_open(
        key=subject_deadline_key(event), kind="exams.subject", rule_id=rule_id,
        title=_("Remise du sujet : %(e)s") % {"e": event.title}, institution=session.component.institution,
        component=session.component, subject=event, due_at=check.deadline, assignee_role=Role.MODULE_HEAD,
    )


def subjects_open_deadlines_for_session(*, session: ExamSession) -> list[Deadline]:
    """Open the subject deadlines of every event of a session (see module docstring for wiring)."""
    out = []
    for event in session.events.select_related("session__component__institution", "module"):
        deadline = subject_deadline_open(event=event)
        if deadline is not None:
            out.append(deadline)
    return out
