"""Students' requests on a published mark: copy consultation and contestation, and staff answers.

Windows come from the profile: ``juries.copy_consultation_window`` (an open period after the
marks are released: 2 weeks, ARL-ES18.3-consultation; 12 months, UTC-5.03a-consultation; or a
service delay from the request, TOURS-VI-4.6-consultation) and ``juries.appeal_deadlines``
``grade_request`` (15 calendar days after publication, UTC-5.03b-contest). Where the profile is
silent the request is accepted without a time limit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.calendar.service import deadline_instant
from core.deadlines.services import deadline_meet, deadline_open
from core.errors import ApplicationError, NotFound, PermissionDenied
from core.models import Role, User
from core.notices.services import notice_enqueue
from juries import permissions as perms
from juries.models import (
    ConsultationState,
    ContestationState,
    CopyConsultationRequest,
    Evaluation,
    Mark,
    MarkContestation,
    MarkField,
)
from juries.models.entry import BatchSource
from juries.services.common import component_of, param, site_url
from juries.services.entry import _save, validate_entries

CONSULTATION_RULE_BY_ANCHOR = {
    "grade_release": "ARL-ES18.3-consultation",
    "results_publication": "UTC-5.03a-consultation",
    "request_date": "TOURS-VI-4.6-consultation",
}
DEFAULT_CONSULTATION_RULE = "ARL-ES18.3-consultation"
CONTEST_RULE = "UTC-5.03b-contest"


def _first_publication(evaluation: Evaluation) -> datetime | None:
    first = evaluation.publications.order_by("published_at").first()
    return first.published_at if first else None


def consultation_window(evaluation: Evaluation) -> dict[str, Any]:
    value = param(evaluation, "juries.copy_consultation_window")
    return value if isinstance(value, dict) else {}


def consultation_closes_at(evaluation: Evaluation) -> datetime | None:
    """End of the open period to ask (None: no limit or a service delay instead)."""
    window = consultation_window(evaluation)
    published = _first_publication(evaluation)
    if window.get("window_type") != "open_period" or window.get("value") is None or published is None:
        return None
    return deadline_instant(component_of(evaluation), published, window)


def contestation_closes_at(evaluation: Evaluation) -> datetime | None:
    deadlines = param(evaluation, "juries.appeal_deadlines")
    delay = deadlines.get("grade_request") if isinstance(deadlines, dict) else None
    published = _first_publication(evaluation)
    if not isinstance(delay, dict) or delay.get("value") is None or published is None:
        return None
    return deadline_instant(component_of(evaluation), published, delay)


def consultation_request(*, actor: User, evaluation: Evaluation, message: str = "",
                         now: datetime | None = None) -> CopyConsultationRequest:
    """A student asks to consult their copy (own copy only, once the mark is published)."""
    if not perms.can_view_own_mark(actor, evaluation):
        raise NotFound()
    now = now or timezone.now()
    window = consultation_window(evaluation)
    rule = CONSULTATION_RULE_BY_ANCHOR.get(str(window.get("anchor")), DEFAULT_CONSULTATION_RULE)
    closes = consultation_closes_at(evaluation)
    if closes is not None and now > closes:
        raise ApplicationError(
            "juries.consultation_closed",
            _("Le délai pour demander à consulter sa copie est dépassé (jusqu'au %(d)s).")
            % {"d": timezone.localtime(closes).strftime("%d/%m/%Y")}, rule_id=rule,
        )
    with transaction.atomic():
        existing = CopyConsultationRequest.objects.filter(
            evaluation=evaluation, student=actor, state=ConsultationState.REQUESTED).first()
        if existing is not None:
            return existing
        req = CopyConsultationRequest.objects.create(evaluation=evaluation, student=actor, message=message[:2000])
        audit_record(actor=actor, action="juries.consultation_requested", obj=req, rule_id=rule)
        if window.get("window_type") == "service_delay" and window.get("value") is not None:
            component = component_of(evaluation)
            deadline_open(
                key=f"juries.consultation:{req.pk}", kind="juries.consultation", rule_id=rule,
                title=_("Organiser la consultation de copie : %(label)s") % {"label": evaluation.label},
                institution=component.institution, component=component, subject=req,
                due_at=deadline_instant(component, now, window), assignee_role=Role.MODULE_HEAD,
            )
    return req


def consultation_answer(*, actor: User, request: CopyConsultationRequest, state: str,
                        answer: str) -> CopyConsultationRequest:
    """Staff answer (appointment, done, refused); the student is notified."""
    evaluation = request.evaluation
    if not perms.can_answer_requests(actor, evaluation):
        raise PermissionDenied(_("Vous ne pouvez pas répondre à cette demande."), code="juries.cannot_answer")
    if state not in (ConsultationState.SCHEDULED, ConsultationState.DONE, ConsultationState.REFUSED):
        raise ApplicationError("juries.invalid_state", _("Réponse invalide."), fields={"state": _("Choix invalide.")})
    if not answer.strip():
        raise ApplicationError("juries.answer_required", _("Rédiger la réponse."), fields={"answer": _("Obligatoire.")})
    with transaction.atomic():
        before = {"state": request.state}
        request.state, request.answer = state, answer
        request.answered_by, request.answered_at = actor, timezone.now()
        request.save()
        audit_record(actor=actor, action="juries.consultation_answered", obj=request, before=before,
                     after={"state": state}, reason=answer[:300])
        deadline_meet(key=f"juries.consultation:{request.pk}", actor=actor)
        notice_enqueue(
            key=f"juries.consultation_answered:{request.pk}:{state}", kind="juries.consultation_answered",
            recipient=request.student, subject=request,
            context={"student_name": request.student.get_full_name() or request.student.email,
                     "evaluation": evaluation.label, "state": str(ConsultationState(state).label),
                     "answer": answer, "url": site_url("juries:my_mark", evaluation.pk)},
        )
    return request


def contestation_submit(*, actor: User, mark: Mark, reasons: str, now: datetime | None = None) -> MarkContestation:
    """A student contests their own published mark with reasons (UTC-5.03b-contest)."""
    evaluation = mark.evaluation
    if mark.student_id != actor.pk or not perms.can_view_own_mark(actor, evaluation):
        raise NotFound()
    if not reasons.strip():
        raise ApplicationError("juries.reasons_required", _("Motiver la contestation."),
                               fields={"reasons": _("Les motifs sont obligatoires.")}, rule_id=CONTEST_RULE)
    closes = contestation_closes_at(evaluation)
    if closes is not None and (now or timezone.now()) > closes:
        raise ApplicationError(
            "juries.contestation_closed",
            _("Le délai de contestation est dépassé (jusqu'au %(d)s).")
            % {"d": timezone.localtime(closes).strftime("%d/%m/%Y")}, rule_id=CONTEST_RULE,
        )
    with transaction.atomic():
        if MarkContestation.objects.filter(mark=mark, state=ContestationState.SUBMITTED).exists():
            raise ApplicationError("juries.contestation_pending", _("Une contestation de cette note est en cours."))
        obj = MarkContestation.objects.create(mark=mark, student=actor, reasons=reasons[:5000],
                                              old_raw=mark.raw())
        audit_record(actor=actor, action="juries.contestation_submitted", obj=obj, rule_id=CONTEST_RULE,
                     after={"mark": mark.raw()})
    return obj


def contestation_answer(*, actor: User, contestation: MarkContestation, answer: str,
                        new_value: object = None) -> MarkContestation:
    """Staff answer a contestation; a new value changes the mark through the audited entry path."""
    mark = contestation.mark
    evaluation = mark.evaluation
    if not perms.can_answer_requests(actor, evaluation):
        raise PermissionDenied(_("Vous ne pouvez pas répondre à cette contestation."), code="juries.cannot_answer")
    if contestation.state != ContestationState.SUBMITTED:
        raise ApplicationError("juries.contestation_closed", _("Cette contestation a déjà reçu une réponse."))
    if not answer.strip():
        raise ApplicationError("juries.answer_required", _("Rédiger la réponse."), fields={"answer": _("Obligatoire.")})
    changing = new_value is not None and str(new_value).strip() != ""
    with transaction.atomic():
        old = mark.raw()
        if changing:
            good, bad = validate_entries(evaluation, {(mark.student_id, MarkField.FINAL): new_value})
            if bad:
                raise ApplicationError("juries.invalid_marks", _("Note invalide."),
                                       fields={"new_value": list(bad.values())})
            _save(evaluation, good, actor=actor, source=BatchSource.CONTESTATION,
                  reason=_("Contestation n° %(n)s : %(a)s") % {"n": contestation.pk, "a": answer[:200]})
            mark.refresh_from_db()
        contestation.state = ContestationState.UPHELD if changing else ContestationState.REJECTED
        contestation.answer, contestation.answered_by, contestation.answered_at = answer, actor, timezone.now()
        contestation.new_raw = mark.raw() if changing else ""
        contestation.save()
        audit_record(actor=actor, action="juries.contestation_answered", obj=contestation, rule_id=CONTEST_RULE,
                     before={"mark": old}, after={"mark": mark.raw(), "state": contestation.state})
        notice_enqueue(
            key=f"juries.contestation_answered:{contestation.pk}", kind="juries.contestation_answered",
            recipient=contestation.student, subject=contestation,
            context={"student_name": contestation.student.get_full_name() or contestation.student.email,
                     "evaluation": evaluation.label, "state": str(ContestationState(contestation.state).label),
                     "answer": answer, "old_mark": old, "new_mark": contestation.new_raw,
                     "url": site_url("juries:my_mark", evaluation.pk)},
        )
    return contestation
