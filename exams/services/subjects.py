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
from exams.rules.accommodations import PARAM as ACCOMMODATION_PARAM
from exams.rules.base import Lead, check_lead, cited_rules, pick, pick_kind
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
    metadata = {**metadata, "adapted_for": _adapted_kind(metadata)}
    _check_file(file)
    assert file is not None  # _check_file refused a missing file
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


# -- adapted versions for accommodated candidates (issue #5 items 6 and 11) ------------------------
#: Accommodation kinds that need an adapted version of the subject, with the label of the version.
ADAPTED_SUBJECT_KINDS: dict[str, str] = {"large_print": "gros caractères", "secretary": "secrétaire"}
_LEGACY = (("gros", "large_print"), ("large", "large_print"), ("secr", "secretary"))


def _adapted_kind(metadata: dict[str, Any]) -> str:
    """An adapted version names the accommodation kind it serves (``AccommodationKind`` value)."""
    if not metadata.get("is_adapted"):
        return ""
    kind = normalise_adapted_for(metadata.get("adapted_for") or "")
    if kind not in ADAPTED_SUBJECT_KINDS:
        raise ApplicationError(
            "exams.subject_adapted_for_required",
            _("Indiquer l'aménagement que sert la version adaptée."),
            fields={"adapted_for": _("Choisir : %(k)s.") % {"k": ", ".join(ADAPTED_SUBJECT_KINDS.values())}},
            rule_id="UTC-2.05-accommodations")
    return kind


def normalise_adapted_for(value: str) -> str:
    """A kind code, also for versions recorded before the kind was (free text « gros caractères »)."""
    text_ = value.strip().lower()
    if text_ in ADAPTED_SUBJECT_KINDS:
        return text_
    return next((kind for stem, kind in _LEGACY if text_.startswith(stem)), text_)


@dataclass(frozen=True)
class AdaptedNeed:
    student_id: int
    name: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class AdaptedCheck:
    """Adapted versions still missing for an event: kind → number of candidates."""

    event_id: int
    needs: tuple[AdaptedNeed, ...]
    missing: dict[str, int]
    messages: tuple[str, ...]
    rule_id: str

    @property
    def complete(self) -> bool:
        return not self.missing


def adapted_needs(events: list[ExamEvent]) -> dict[int, list[AdaptedNeed]]:
    """Candidates of each event needing an adapted subject (accommodations valid on the exam day).
    One query for the candidates and one per exam day for the accommodations."""
    from enrollment.selectors import accommodations_by_user
    from exams.selectors import module_candidates

    candidates = module_candidates({e.module_id for e in events})
    out: dict[int, list[AdaptedNeed]] = {}
    by_day: dict[Any, dict[int, list[Any]]] = {}
    for event in events:
        rows = candidates.get(event.module_id, [])
        day = timezone.localtime(event.start).date()
        if day not in by_day:
            users = {c.user_id for e in events if timezone.localtime(e.start).date() == day
                     for c in candidates.get(e.module_id, [])}
            by_day[day] = accommodations_by_user(users, on=day)
        needs = []
        for c in rows:
            kinds = tuple(sorted({a.kind for a in by_day[day].get(c.user_id, []) if a.kind in ADAPTED_SUBJECT_KINDS}))
            if kinds:
                needs.append(AdaptedNeed(c.student_id, f"{c.last_name.upper()} {c.first_name}".strip(), kinds))
        out[event.pk] = sorted(needs, key=lambda n: (n.name, n.student_id))
    return out


def adapted_subjects_check(events: list[ExamEvent]) -> list[AdaptedCheck]:
    """For each event: « Version adaptée manquante pour N candidats (gros caractères) » per kind
    with no adapted version handed in (a refused version does not count). Shown at review and
    meant for the publication check (``session_adapted_subjects_check``)."""
    from django.utils.translation import ngettext

    needs = adapted_needs(events)
    served: dict[int, set[str]] = {}
    for event_id, adapted_for in (ExamSubject.objects.filter(event__in=events, is_adapted=True)
                                  .exclude(state=SubjectState.REJECTED).values_list("event_id", "adapted_for")):
        served.setdefault(event_id, set()).add(normalise_adapted_for(adapted_for))
    rule_cache: dict[int, str] = {}
    out = []
    for event in events:
        counts: dict[str, int] = {}
        for need in needs.get(event.pk, []):
            for kind in need.kinds:
                if kind not in served.get(event.pk, set()):
                    counts[kind] = counts.get(kind, 0) + 1
        if event.session_id not in rule_cache:
            profile = SessionProfile(event.session)
            rule_cache[event.session_id] = pick(cited_rules(ACCOMMODATION_PARAM, profile[ACCOMMODATION_PARAM],
                                                            profile.preset), 0) or "UTC-2.05-accommodations"
        rule_id = rule_cache[event.session_id]
        messages = tuple(
            ngettext("Version adaptée manquante pour %(n)d candidat (%(k)s) [%(r)s].",
                     "Version adaptée manquante pour %(n)d candidats (%(k)s) [%(r)s].", n)
            % {"n": n, "k": ADAPTED_SUBJECT_KINDS[kind], "r": rule_id}
            for kind, n in sorted(counts.items()))
        out.append(AdaptedCheck(event.pk, tuple(needs.get(event.pk, [])), counts, messages, rule_id))
    return out


def session_adapted_subjects_check(session: ExamSession) -> list[AdaptedCheck]:
    """Every event of a session with an adapted version missing (for the publication check)."""
    events = list(session.events.select_related("session__component", "module"))
    return [c for c in adapted_subjects_check(events) if not c.complete]
