"""Accommodation requests: filing (student or disability office), review, decision, withdrawal.

Workflow (transition table ``TRANSITIONS``, STYLE 3): submitted → under_review → granted /
partially_granted / refused (reasons required) / withdrawn. The request deadline is the profile's
``exams.accommodation_request_deadline`` checked by the pure rule
``exams.rules.accommodations.check_accommodation_request`` against the first day of the next exam
session of the student's component (``exams.selectors.next_session_start``):
TOURS-VI-3.2-accommodation-request (one month before, force majeure excepted), STRAS-11 (prior
authorisation of the competent service). A late request is flagged with its rule id when filed and
can only be granted with force majeure (or the authorisation) recorded. Granting creates the
``Accommodation`` rows through ``accommodation_create``; the exams app then updates the student's
convocations (task on commit, ``enrollment.tasks.accommodations_apply_task``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, NotFound, TransitionNotAllowed
from core.models import User
from enrollment import permissions, rules
from enrollment.models import (
    Accommodation,
    AccommodationKind,
    AccommodationRequest,
    AccommodationRequestDocument,
    AccommodationRequestTransition,
    AdministrativeRegistration,
    RegistrationState,
    RequestScope,
    RequestState,
    Student,
)

from .common import enqueue_notice
from .students import accommodation_create

PARAM = "exams.accommodation_request_deadline"
RULE_ID = "TOURS-VI-3.2-accommodation-request"
ACCEPTED_TYPES = ("pdf", "jpg", "jpeg", "png")
S = RequestState
STUDENT = "student"
OFFICE = "disability_office"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    reasons_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("review", frozenset({S.SUBMITTED}), S.UNDER_REVIEW, frozenset({OFFICE})),
        Transition("grant", frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.GRANTED, frozenset({OFFICE})),
        Transition("grant_partially", frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.PARTIALLY_GRANTED,
                   frozenset({OFFICE}), reasons_required=True),
        Transition("refuse", frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.REFUSED, frozenset({OFFICE}),
                   reasons_required=True),
        Transition("withdraw", frozenset({S.SUBMITTED, S.UNDER_REVIEW}), S.WITHDRAWN, frozenset({STUDENT, OFFICE})),
    )
}
DECISIONS = ("grant", "grant_partially", "refuse")


def available_transitions(request: AccommodationRequest, actor_kinds: Iterable[str]) -> list[Transition]:
    kinds = set(actor_kinds)
    return [t for t in TRANSITIONS.values() if request.state in t.sources and kinds & t.actors]


def actor_kinds(actor: User | None, request: AccommodationRequest) -> set[str]:
    kinds = set()
    if permissions.can_decide_accommodation_request(actor, request):
        kinds.add(OFFICE)
    if actor is not None and actor.is_authenticated and request.student.user_id == actor.pk:
        kinds.add(STUDENT)
    return kinds


def _check(request: AccommodationRequest, name: str, kinds: set[str]) -> Transition:
    transition = TRANSITIONS.get(name)
    if transition is None or request.state not in transition.sources or not (kinds & transition.actors):
        raise TransitionNotAllowed(
            "enrollment.accommodation_transition_not_allowed",
            _("Action « %(n)s » impossible sur une demande « %(s)s ».") % {"n": name, "s": S(request.state).label},
            rule_id=RULE_ID,
        )
    return transition


def _apply(request: AccommodationRequest, transition: Transition, *, actor: User | None, reason: str,
           at: datetime) -> None:
    source = request.state
    request.state = transition.target
    AccommodationRequestTransition.objects.create(request=request, name=transition.name, from_state=source,
                                                  to_state=transition.target, actor=actor, reason=reason, at=at)


# -- the deadline ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeadlineVerdict:
    exams_start: date | None
    deadline: date | None
    late: bool
    authorisation_required: bool
    allowed: bool
    code: str
    rule_id: str
    message: str


def deadline_verdict(*, component: Any, academic_year: int, requested_on: date, semester_id: int | None,
                     force_majeure: bool, authorised: bool) -> DeadlineVerdict:
    """The profile's request deadline against the next exam session (see module docstring)."""
    from core.calendar.service import calendar_for_component
    from exams.rules.accommodations import check_accommodation_request
    from exams.selectors import next_session_start

    from .common import param

    value = param(component, academic_year, PARAM)
    preset = _preset(component, academic_year)
    exams_start = next_session_start(component, requested_on, semester_id=semester_id)
    calendar = calendar_for_component(component)
    anchor = exams_start or requested_on
    needs = check_accommodation_request(value, requested_on=requested_on, exams_start=anchor, calendar=calendar,
                                        authorised=False, preset=preset)
    required = needs.reason_code == "exams.accommodation_not_authorised"
    timing = check_accommodation_request(value, requested_on=requested_on, exams_start=anchor, calendar=calendar,
                                         force_majeure=force_majeure, authorised=True, preset=preset)
    if exams_start is None:
        # No session planned yet: nothing can be late; re-checked at the decision.
        deadline, late, timing_ok = None, False, True
        message = (_("Aucune session d'examens planifiée : le délai sera vérifié à la décision.")
                   if timing.deadline is not None else str(timing.message))
    else:
        deadline, timing_ok, message = timing.deadline, timing.allowed, str(timing.message)
        late = deadline is not None and requested_on > deadline
    if not timing_ok:
        code = timing.reason_code
    elif required and not authorised:
        code, message = needs.reason_code, f"{message} {needs.message}".strip()
    else:
        code = timing.reason_code
    allowed = timing_ok and (authorised or not required)
    return DeadlineVerdict(exams_start, deadline, late, required, allowed, code,
                           timing.rule_id or needs.rule_id, message[:300])


def _preset(component: Any, academic_year: int) -> str | None:
    from core.profiles.selectors import profile_for

    try:
        return profile_for(component, academic_year).preset
    except ApplicationError:
        return None


# -- filing ---------------------------------------------------------------------------------------
def _registration(student: Student, academic_year: int | None) -> AdministrativeRegistration:
    qs = (AdministrativeRegistration.objects.filter(student=student).exclude(state=RegistrationState.CANCELLED)
          .select_related("study_year__programme_version__programme__component__site"))
    if academic_year is not None:
        qs = qs.filter(academic_year=academic_year)
    registration = qs.order_by("-academic_year", "-id").first()
    if registration is None:
        raise ApplicationError("enrollment.accommodation_no_registration",
                               _("Aucune inscription pour cette année : la demande ne peut pas être rattachée."),
                               fields={"academic_year": _("Pas d'inscription.")}, rule_id=RULE_ID)
    return registration


def _check_files(files: Sequence[UploadedFile]) -> None:
    limit_kb = max(1, settings.CURSUS_UPLOAD_MAX_BYTES // 1024)
    errors: list[str] = []
    for file in files:
        file.seek(0)
        head = file.read(16)
        file.seek(0)
        check = rules.check_upload(filename=file.name or "", size=file.size or 0, head=head,
                                   accepted=ACCEPTED_TYPES, max_size_kb=limit_kb)
        errors += [f"{file.name} : {e}" for e in check.errors]
    if errors:
        raise ApplicationError("enrollment.invalid_upload", _("Fichier refusé : %(e)s") % {"e": " ".join(errors)},
                               fields={"files": errors})


def _store_files(request: AccommodationRequest, files: Sequence[UploadedFile], actor: User | None) -> None:
    for file in files:
        doc = AccommodationRequestDocument(request=request, original_name=(file.name or "piece")[:255],
                                           size=file.size or 0, uploaded_by=actor)
        doc.file.save(file.name or "piece", file, save=False)
        doc.save()


def _clean_kinds(kinds: Iterable[str], extra_time_percent: int | None) -> tuple[list[str], int | None]:
    valid = set(AccommodationKind.values)
    cleaned = [k for k in AccommodationKind.values if k in set(kinds)]
    unknown = set(kinds) - valid
    if unknown or not cleaned:
        raise ApplicationError("enrollment.accommodation_kinds_required", _("Choisissez au moins un aménagement."),
                               fields={"kinds": _("Aménagement inconnu ou manquant.")}, rule_id=RULE_ID)
    if AccommodationKind.EXTRA_TIME in cleaned:
        if not extra_time_percent or not 0 < extra_time_percent <= 100:
            raise ApplicationError("enrollment.extra_time_percent_required",
                                   _("Indiquez le pourcentage de temps majoré (33 pour un tiers-temps)."),
                                   fields={"extra_time_percent": _("Entre 1 et 100 %.")}, rule_id=RULE_ID)
    else:
        extra_time_percent = None
    return cleaned, extra_time_percent


def accommodation_request_file(
    *, actor: User, student: Student, kinds: Iterable[str], reasons: str, academic_year: int | None = None,
    scope: str = RequestScope.YEAR, semester: Any = None, extra_time_percent: int | None = None, details: str = "",
    force_majeure: bool = False, force_majeure_explanation: str = "", files: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> AccommodationRequest:
    """File a request (the student for themself, or the disability office on their behalf).

    All or nothing: every field and file is checked before anything is written. The deadline verdict
    (TOURS-VI-3.2-accommodation-request, STRAS-11) is stored and flagged, never blocking the filing.
    """
    if not permissions.can_file_accommodation_request(actor, student):
        raise NotFound()
    at = at or timezone.now()
    cleaned, percent = _clean_kinds(list(kinds), extra_time_percent)
    fields: dict[str, str] = {}
    if not reasons.strip():
        fields["reasons"] = _("Expliquez le motif de la demande.")
    if force_majeure and not force_majeure_explanation.strip():
        fields["force_majeure_explanation"] = _("Décrivez le cas de force majeure (accident, blessure, opération).")
    registration = _registration(student, academic_year)
    if scope not in RequestScope.values:
        fields["scope"] = _("Choix inconnu.")
    elif scope == RequestScope.SEMESTER and (semester is None or semester.study_year_id != registration.study_year_id):
        fields["semester"] = _("Choisissez un semestre de votre année d'inscription.")
    if fields:
        raise ApplicationError("enrollment.accommodation_request_invalid", _("Demande incomplète."), fields=fields,
                               rule_id=RULE_ID)
    _check_files(files)
    component = registration.study_year.programme_version.programme.component
    semester_id = semester.pk if scope == RequestScope.SEMESTER else None
    verdict = deadline_verdict(component=component, academic_year=registration.academic_year,
                               requested_on=timezone.localdate(at), semester_id=semester_id,
                               force_majeure=force_majeure, authorised=False)
    with transaction.atomic():
        request = AccommodationRequest(
            student=student, component=component, academic_year=registration.academic_year, scope=scope,
            semester=semester if semester_id else None, kinds=cleaned, extra_time_percent=percent,
            reasons=reasons.strip(), details=details.strip(), force_majeure=force_majeure,
            force_majeure_explanation=force_majeure_explanation.strip(), submitted_at=at, submitted_by=actor,
            exams_start=verdict.exams_start, deadline=verdict.deadline, late=verdict.late,
            authorisation_required=verdict.authorisation_required, deadline_rule_id=verdict.rule_id,
            deadline_message=verdict.message,
        )
        request.full_clean()
        request.save()
        AccommodationRequestTransition.objects.create(request=request, name="submit", to_state=request.state,
                                                      actor=actor, at=at)
        _store_files(request, files, actor)
        audit_record(actor=actor, action="enrollment.accommodation_request.file", obj=request,
                     after={"kinds": cleaned, "percent": percent, "late": verdict.late,
                            "deadline": verdict.deadline, "force_majeure": force_majeure},
                     rule_id=verdict.rule_id)
    return request


def accommodation_request_document_add(*, actor: User, request: AccommodationRequest,
                                       files: Sequence[UploadedFile]) -> AccommodationRequest:
    """Add supporting documents while the request is open (its student or the disability office)."""
    if not actor_kinds(actor, request):
        raise NotFound()
    if request.state not in TRANSITIONS["withdraw"].sources:
        raise ApplicationError("enrollment.accommodation_request_closed", _("La demande est close."),
                               fields={"files": _("Demande close.")})
    if not files:
        raise ApplicationError("enrollment.invalid_upload", _("Joignez un fichier."), fields={"files": _("Vide.")})
    _check_files(files)
    with transaction.atomic():
        _store_files(request, files, actor)
        audit_record(actor=actor, action="enrollment.accommodation_request.documents", obj=request,
                     after={"files": [f.name for f in files]})
    return request


# -- review, withdrawal, decision ----------------------------------------------------------------
def _locked(request: AccommodationRequest) -> AccommodationRequest:
    return (AccommodationRequest.objects.select_for_update(of=("self",))
            .select_related("student__user", "student__institution", "component", "semester").get(pk=request.pk))


def _move(actor: User, request: AccommodationRequest, name: str, *, reason: str, at: datetime | None
          ) -> AccommodationRequest:
    """One transition with no side effect beyond the state: checked, logged, audited."""
    kinds = actor_kinds(actor, request)
    if not kinds:
        raise NotFound()
    at = at or timezone.now()
    reason = reason.strip()
    with transaction.atomic():
        locked = _locked(request)
        before = locked.state
        transition = _check(locked, name, kinds)
        _apply(locked, transition, actor=actor, reason=reason, at=at)
        locked.save(update_fields=["state", "updated_at"])
        audit_record(actor=actor, action=f"enrollment.accommodation_request.{name}", obj=locked,
                     before={"state": before}, after={"state": locked.state}, reason=reason)
    return locked


def accommodation_request_review(*, actor: User, request: AccommodationRequest,
                                 at: datetime | None = None) -> AccommodationRequest:
    """The disability office starts examining the request (submitted → under_review)."""
    return _move(actor, request, "review", reason="", at=at)


def accommodation_request_withdraw(*, actor: User, request: AccommodationRequest, reason: str = "",
                                   at: datetime | None = None) -> AccommodationRequest:
    """The student gives up their request (or the office records that they did) before a decision."""
    return _move(actor, request, "withdraw", reason=reason, at=at)


def _default_until(request: AccommodationRequest) -> date:
    """End of the semester concerned, else the end of the academic year (31 August)."""
    if request.scope == RequestScope.SEMESTER and request.semester and request.semester.end_date:
        return request.semester.end_date
    return date(request.academic_year + 1, 8, 31)


def accommodation_request_decide(
    *, actor: User, request: AccommodationRequest, decision: str, reasons: str = "",
    kinds: Iterable[str] | None = None, extra_time_percent: int | None = None, valid_from: date | None = None,
    valid_until: date | None = None, force_majeure: bool | None = None, force_majeure_explanation: str = "",
    prior_authorisation: bool | None = None, prior_authorisation_ref: str = "", at: datetime | None = None,
) -> AccommodationRequest:
    """Grant, partially grant or refuse (reasons required for the last two).

    A grant is refused when the request was late without force majeure (TOURS-VI-3.2-accommodation-request)
    or lacks the prior authorisation the profile requires (STRAS-11); the office may record either
    here. Granting creates one ``Accommodation`` per kind granted; the student is notified of every
    decision and their convocations are updated on commit.
    """
    kinds_of_actor = actor_kinds(actor, request)
    if not kinds_of_actor:
        raise NotFound()
    if decision not in DECISIONS:
        raise TransitionNotAllowed("enrollment.accommodation_transition_not_allowed",
                                   _("Décision inconnue : %(d)s.") % {"d": decision}, rule_id=RULE_ID)
    transition = _check(request, decision, kinds_of_actor)
    at = at or timezone.now()
    reasons = reasons.strip()
    if transition.reasons_required and not reasons:
        raise ApplicationError("enrollment.accommodation_reasons_required", _("Motivez la décision."),
                               fields={"reasons": _("Motifs obligatoires pour un refus ou un accord partiel.")},
                               rule_id=RULE_ID)
    fm = request.force_majeure if force_majeure is None else force_majeure
    fm_text = force_majeure_explanation.strip() or request.force_majeure_explanation
    if fm and not fm_text:
        raise ApplicationError("enrollment.accommodation_request_invalid", _("Décrivez le cas de force majeure."),
                               fields={"force_majeure_explanation": _("Obligatoire avec la force majeure.")},
                               rule_id=RULE_ID)
    authorised = request.prior_authorisation if prior_authorisation is None else prior_authorisation
    granted: list[str] = []
    percent: int | None = None
    if decision != "refuse":
        requested = set(request.kinds)
        granted, percent = _clean_kinds(list(request.kinds if kinds is None else kinds),
                                        extra_time_percent if extra_time_percent is not None
                                        else request.extra_time_percent)
        if not set(granted) <= requested:
            raise ApplicationError("enrollment.accommodation_not_requested",
                                   _("Un aménagement non demandé ne peut pas être accordé ici."),
                                   fields={"kinds": _("Non demandé.")}, rule_id=RULE_ID)
        full = set(granted) == requested and (percent or 0) >= (request.extra_time_percent or 0)
        if decision == "grant" and not full:
            raise ApplicationError("enrollment.accommodation_grant_is_partial",
                                   _("Tout n'est pas accordé : choisissez « accorder en partie » et motivez."),
                                   fields={"kinds": _("Accord partiel.")}, rule_id=RULE_ID)
        verdict = deadline_verdict(component=request.component, academic_year=request.academic_year,
                                   requested_on=timezone.localdate(request.submitted_at),
                                   semester_id=request.semester_id, force_majeure=fm, authorised=authorised)
        if not verdict.allowed:
            field = "prior_authorisation" if verdict.code == "exams.accommodation_not_authorised" else "force_majeure"
            raise ApplicationError(verdict.code, verdict.message, fields={field: verdict.message},
                                   rule_id=verdict.rule_id)
        valid_from = valid_from or timezone.localdate(at)
        valid_until = valid_until or _default_until(request)
        if valid_until < valid_from:
            raise ApplicationError("enrollment.invalid_period", _("La fin de validité précède son début."),
                                   fields={"valid_until": _("Avant le début.")})
    with transaction.atomic():
        locked = _locked(request)
        before = {"state": locked.state}
        transition = _check(locked, decision, kinds_of_actor)
        _apply(locked, transition, actor=actor, reason=reasons, at=at)
        locked.decided_by, locked.decided_at, locked.decision_reasons = actor, at, reasons
        locked.force_majeure, locked.force_majeure_explanation = fm, fm_text
        locked.prior_authorisation = authorised
        locked.prior_authorisation_ref = prior_authorisation_ref.strip() or locked.prior_authorisation_ref
        rows: list[Accommodation] = []
        if granted:
            locked.valid_from, locked.valid_until = valid_from, valid_until
            details = _("Demande n° %(n)s") % {"n": locked.pk}
            for kind in granted:
                rows.append(accommodation_create(
                    actor=actor, student=locked.student, kind=kind, valid_from=valid_from,  # type: ignore[arg-type]
                    valid_until=valid_until, extra_time_percent=percent if kind == AccommodationKind.EXTRA_TIME
                    else None, details=str(details)))
        locked.full_clean()
        locked.save()
        if rows:
            locked.granted_accommodations.add(*rows)
        audit_record(actor=actor, action=f"enrollment.accommodation_request.{decision}", obj=locked, before=before,
                     after={"state": locked.state, "kinds": granted, "percent": percent,
                            "accommodations": [r.pk for r in rows]},
                     reason=reasons, rule_id=locked.deadline_rule_id or RULE_ID)
        _notify_decision(locked, rows)
        if rows:
            _queue_application(locked.student_id)
    return locked


def accommodation_end(*, actor: User, accommodation: Accommodation, last_day: date,
                      reason: str = "") -> Accommodation:
    """End an accommodation early (last valid day); the convocations after it are updated."""
    if not permissions.can_manage_accommodations(actor, accommodation.student):
        raise NotFound()
    if last_day < accommodation.valid_from:
        raise ApplicationError("enrollment.invalid_period", _("La fin de validité précède son début."),
                               fields={"last_day": _("Avant le début.")})
    if accommodation.valid_until is not None and accommodation.valid_until <= last_day:
        return accommodation
    with transaction.atomic():
        locked = Accommodation.objects.select_for_update(of=("self",)).get(pk=accommodation.pk)
        before = {"valid_until": locked.valid_until}
        locked.valid_until = last_day
        locked.full_clean()
        locked.save(update_fields=["valid_until"])
        audit_record(actor=actor, action="enrollment.accommodation.end", obj=locked, before=before,
                     after={"valid_until": last_day}, reason=reason, rule_id=RULE_ID)
        _queue_application(locked.student_id)
    return locked


def _queue_application(student_id: int) -> None:
    from enrollment.tasks import accommodations_apply_task

    transaction.on_commit(lambda: accommodations_apply_task.delay(student_id))


def _notify_decision(request: AccommodationRequest, rows: list[Accommodation]) -> None:
    from django.urls import reverse

    user = request.student.user
    enqueue_notice(
        key=f"enrollment.accommodation_decision:{request.pk}", kind="enrollment.accommodation_decision",
        recipient=user, subject=request, rule_id=request.deadline_rule_id or RULE_ID,
        context={
            "student_name": user.get_full_name() or user.email,
            "decision": str(S(request.state).label),
            "state": request.state,
            "reasons": request.decision_reasons,
            "accommodations": [str(r) for r in rows],
            "valid_from": request.valid_from.strftime("%d/%m/%Y") if request.valid_from and rows else "",
            "valid_until": request.valid_until.strftime("%d/%m/%Y") if request.valid_until and rows else "",
            "url": settings.CURSUS_SITE_URL.rstrip("/") + reverse("enrollment:accommodation_request",
                                                                  args=[request.pk]),
        },
    )
