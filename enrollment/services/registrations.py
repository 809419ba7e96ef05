"""Administrative registration: create, submit, documents check, validate, cancel (ARL-ES05.5-check-file)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.errors import ApplicationError, NotFound
from core.models import User
from enrollment import rules, selectors, workflows
from enrollment.models import (
    LIVE_STATES,
    AdministrativeRegistration,
    DocumentStatus,
    RegistrationState,
    RegistrationTransition,
    Student,
)

from .common import actor_kind, component_of, enqueue_notice, param, portal_url, results_inputs_changed

S = RegistrationState


def _lock(registration: AdministrativeRegistration) -> AdministrativeRegistration:
    return (
        AdministrativeRegistration.objects.select_for_update(of=("self",))
        .select_related("student__user", "study_year__programme_version__programme__component")
        .get(pk=registration.pk)
    )


def _log_audit(actor: User | None, reg: AdministrativeRegistration, t: RegistrationTransition, rule_id: str = "") -> None:
    audit_record(
        actor=actor,
        action=f"enrollment.registration.{t.name}",
        obj=reg,
        before={"state": t.from_state},
        after={"state": t.to_state},
        reason=t.reason,
        rule_id=rule_id,
    )


def registration_create(
    *,
    actor: User,
    student: Student,
    study_year,  # type: ignore[no-untyped-def]
    is_reregistration: bool = False,
    previous_decision_code: str | None = "",
    previous_level: int | None = None,
) -> AdministrativeRegistration:
    """Open a draft registration of ``student`` to a programme year for its academic year.

    A re-registration is checked against the previous year's jury decision
    (``rules.reregistration_decision``, codes from ``enrollment.progression_codes``);
    ``previous_decision_code=None`` means no jury decision is available in Cursus (juries not
    run yet): the re-registration is then recorded unchecked (ENR-D-004).
    """
    from enrollment import permissions

    programme = study_year.programme_version.programme
    year = study_year.programme_version.academic_year
    own = student.user_id == getattr(actor, "pk", None)
    if not own and not permissions.can_manage_students(actor, student.institution_id):
        raise NotFound()
    if programme.component.institution_id != student.institution_id:
        raise ApplicationError(
            "enrollment.wrong_institution",
            _("Cette formation n'appartient pas à l'établissement de l'étudiant."),
            fields={"study_year": _("Formation d'un autre établissement.")},
        )
    if is_reregistration and previous_decision_code is not None:
        codes = param(programme.component, year, "enrollment.progression_codes")
        decision = rules.reregistration_decision(previous_decision_code, codes)
        ok = decision.allowed and (
            previous_level is None
            or rules.reregistration_target_allowed(decision, previous_level=previous_level, target_level=study_year.level)
        )
        if not ok:
            raise ApplicationError(
                "enrollment.reregistration_refused",
                " ".join(decision.reasons) or _("Réinscription non autorisée dans cette année."),
                fields={"study_year": " ".join(decision.reasons) or _("Année non conforme à la décision du jury.")},
                rule_id="RSY-A1-odd-semester",
            )
    with transaction.atomic():
        Student.objects.select_for_update(of=("self",)).get(pk=student.pk)
        if AdministrativeRegistration.objects.filter(
            student=student, academic_year=year, state__in=LIVE_STATES
        ).exists():
            raise ApplicationError(
                "enrollment.already_registered",
                _("Une inscription existe déjà pour l'année %(y)s-%(n)s.") % {"y": year, "n": year + 1},
                fields={"study_year": _("Déjà inscrit·e cette année.")},
            )
        registration = AdministrativeRegistration(
            student=student,
            study_year=study_year,
            academic_year=year,
            is_reregistration=is_reregistration,
            previous_decision_code=(previous_decision_code or "").upper(),
        )
        registration.full_clean()
        registration.save()
        audit_record(
            actor=actor, action="enrollment.registration.create", obj=registration,
            after={"study_year": study_year.pk, "academic_year": year, "is_reregistration": is_reregistration},
        )
    return registration


def _check_documents(
    actor: User | None, reg: AdministrativeRegistration, *, actor_kind_: str = workflows.SYSTEM, reason: str = ""
) -> str:
    """After a change, move a submitted/incomplete/complete file to where its documents put it
    and tell the student exactly what is missing (ARL-ES05.5-check-file)."""
    reg = selectors.registration_detail_queryset().get(pk=reg.pk)
    decision = selectors.documents_decision(reg)
    if decision.complete and reg.state in (S.SUBMITTED, S.INCOMPLETE):
        t = workflows.apply(reg, "mark_complete", actor_kind=workflows.SYSTEM, actor=actor)
        _log_audit(actor, reg, t, "ARL-ES05.5-check-file")
    elif not decision.complete and reg.state in (S.SUBMITTED, S.COMPLETE):
        missing = selectors.missing_documents_context(reg, decision)
        text = reason or ", ".join(m["label"] for m in missing)
        t = workflows.apply(reg, "mark_incomplete", actor_kind=actor_kind_, actor=actor, reason=text)
        _log_audit(actor, reg, t, "ARL-ES05.5-check-file")
        _notify_incomplete(reg, missing, key=f"enrollment.incomplete:{reg.pk}:{t.pk}")
    return reg.state


def _notify_incomplete(reg: AdministrativeRegistration, missing: list[dict[str, str]], *, key: str) -> None:
    user = reg.student.user
    enqueue_notice(
        key=key,
        kind="enrollment.incomplete",
        recipient=user,
        context={
            "student_name": user.get_full_name() or user.email,
            "programme_year": str(reg.study_year),
            "academic_year": reg.academic_year_label,
            "missing": missing,
            "url": portal_url(),
        },
        rule_id="ARL-ES05.5-check-file",
        subject=reg,
    )


def registration_submit(*, actor: User, registration: AdministrativeRegistration) -> AdministrativeRegistration:
    """Draft → submitted, then at once → complete or incomplete after the documents check."""
    kind = actor_kind(actor, registration, prefer=workflows.STUDENT)
    with transaction.atomic():
        reg = _lock(registration)
        t = workflows.apply(reg, "submit", actor_kind=kind, actor=actor)
        _log_audit(actor, reg, t)
        _check_documents(actor, reg)
    registration.refresh_from_db()
    return registration


def registration_recheck(*, actor: User | None, registration: AdministrativeRegistration) -> str:
    """Re-run the documents check (after an upload or a review). Returns the new state."""
    with transaction.atomic():
        reg = _lock(registration)
        return _check_documents(actor, reg)


def registration_request_documents(
    *, actor: User, registration: AdministrativeRegistration, reason: str
) -> AdministrativeRegistration:
    """Scolarité sends a complete/submitted file back to incomplete with the list to provide."""
    kind = actor_kind(actor, registration)
    if kind != workflows.SECRETARIAT:
        raise NotFound()
    with transaction.atomic():
        reg = _lock(registration)
        t = workflows.apply(reg, "mark_incomplete", actor_kind=kind, actor=actor, reason=reason)
        _log_audit(actor, reg, t, "ARL-ES05.5-check-file")
        reg = selectors.registration_detail_queryset().get(pk=reg.pk)
        missing = selectors.missing_documents_context(reg, selectors.documents_decision(reg))
        if reason:
            missing.append({"code": "", "label": reason, "reason": ""})
        _notify_incomplete(reg, missing, key=f"enrollment.incomplete:{reg.pk}:{t.pk}")
    registration.refresh_from_db()
    return registration


def _originals_due(reg: AdministrativeRegistration) -> date:
    """First day of the first semester + N jours ouvrés (ARL-ES07-overseas: at the rentrée)."""
    from core.calendar.service import calendar_for_component

    component = component_of(reg)
    start = _rentree(reg) or date(reg.academic_year, 9, 1)
    days = param(component, reg.academic_year, "enrollment.originals_grace_days")
    return calendar_for_component(component).add(start, int(days), "ouvres")


def _rentree(reg: AdministrativeRegistration) -> date | None:
    from courses.models import Semester

    semester = Semester.objects.filter(study_year_id=reg.study_year_id).order_by("number").first()
    return getattr(semester, "start_date", None) if semester else None


def registration_validate(
    *, actor: User, registration: AdministrativeRegistration, remote: bool = False
) -> AdministrativeRegistration:
    """Scolarité validates a complete file; pending documents are accepted with it.

    ``remote``: ARL-ES07-overseas validation for an overseas resident, originals due at the rentrée.
    """
    kind = actor_kind(actor, registration)
    with transaction.atomic():
        reg = _lock(registration)
        originals_due = None
        if remote:
            decision = rules.remote_validation_decision(
                enabled=bool(param(component_of(reg), reg.academic_year, "enrollment.remote_validation_overseas")),
                resides_outside_metropole=reg.student.resides_outside_metropole,
            )
            if not decision.allowed:
                raise ApplicationError(
                    "enrollment.remote_validation_refused", " ".join(decision.reasons),
                    fields={"remote": " ".join(decision.reasons)}, rule_id=decision.rule_id,
                )
            workflows.check(reg, "validate_remote", kind)
            originals_due = _originals_due(reg)
        name = "validate_remote" if remote else "validate"
        workflows.check(reg, name, kind)
        detail = selectors.registration_detail_queryset().get(pk=reg.pk)
        if not selectors.documents_decision(detail).complete:
            raise ApplicationError(
                "enrollment.documents_missing",
                _("Des pièces obligatoires manquent ou sont refusées."),
                fields={"documents": _("Dossier incomplet.")}, rule_id="ARL-ES05.5-check-file",
            )
        now = timezone.now()
        reg.documents.filter(status=DocumentStatus.PENDING).update(
            status=DocumentStatus.ACCEPTED, reviewed_by=actor, reviewed_at=now
        )
        reg.validated_by = actor
        reg.remote_validation_pending_originals = remote
        reg.originals_due = originals_due
        reg.save(update_fields=["validated_by", "remote_validation_pending_originals", "originals_due"])
        t = workflows.apply(reg, name, actor_kind=kind, actor=actor)
        _log_audit(actor, reg, t, "ARL-ES07-overseas" if remote else "")
        results_inputs_changed(reg.pk)
        if originals_due is not None:
            _open_originals_deadline(actor, reg, originals_due)
        user = reg.student.user
        enqueue_notice(
            key=f"enrollment.validated:{reg.pk}:{t.pk}",
            kind="enrollment.validated",
            recipient=user,
            context={
                "student_name": user.get_full_name() or user.email,
                "programme_year": str(reg.study_year),
                "academic_year": reg.academic_year_label,
                "url": portal_url(),
                "originals_due": originals_due.strftime("%d/%m/%Y") if originals_due else "",
            },
            rule_id="ARL-ES07-overseas" if remote else "",
            subject=reg,
        )
    registration.refresh_from_db()
    return registration


def _originals_key(reg: AdministrativeRegistration) -> str:
    return f"enrollment.originals:{reg.pk}"


def _open_originals_deadline(actor: User, reg: AdministrativeRegistration, due: date) -> None:
    """A deadline row (STYLE 6): the originals of a remote validation are due at the rentrée;
    the scolarité of the component checks them (ARL-ES07-overseas)."""
    from core.calendar.working import end_of_day
    from core.deadlines.services import deadline_open
    from core.models import Role

    component = component_of(reg)
    deadline_open(
        key=_originals_key(reg), kind="enrollment.originals", rule_id="ARL-ES07-overseas",
        title=_("Originaux à vérifier : %(s)s") % {"s": reg.student},
        institution=component.institution, component=component, subject=reg, due_at=end_of_day(due),
        assignee_role=Role.SECRETARIAT, actor=actor,
    )


def registration_originals_checked(*, actor: User, registration: AdministrativeRegistration) -> AdministrativeRegistration:
    """The originals were seen at the rentrée: the remote validation is final (ARL-ES07-overseas)."""
    if actor_kind(actor, registration) != workflows.SECRETARIAT:
        raise NotFound()
    with transaction.atomic():
        reg = _lock(registration)
        if not reg.remote_validation_pending_originals:
            return reg
        reg.remote_validation_pending_originals = False
        reg.originals_checked_at = timezone.now()
        reg.save(update_fields=["remote_validation_pending_originals", "originals_checked_at", "updated_at"])
        from core.deadlines.services import deadline_meet

        deadline_meet(key=_originals_key(reg), actor=actor)
        audit_record(actor=actor, action="enrollment.registration.originals_checked", obj=reg,
                     before={"pending": True}, after={"pending": False}, rule_id="ARL-ES07-overseas")
    registration.refresh_from_db()
    return registration


def registration_cancel(*, actor: User, registration: AdministrativeRegistration, reason: str = "") -> AdministrativeRegistration:
    """The student withdraws before validation, or the scolarité cancels."""
    kind = actor_kind(actor, registration, prefer=workflows.STUDENT)
    name = "withdraw" if kind == workflows.STUDENT else "cancel"
    if kind == workflows.SECRETARIAT and not reason.strip():
        raise ApplicationError("enrollment.reason_required", _("Indiquez le motif de l'annulation."),
                               fields={"reason": _("Motif obligatoire.")})
    with transaction.atomic():
        reg = _lock(registration)
        t = workflows.apply(reg, name, actor_kind=kind, actor=actor, reason=reason)
        _log_audit(actor, reg, t)
        results_inputs_changed(reg.pk)
        if reg.remote_validation_pending_originals:
            from core.deadlines.services import deadline_waive
            from core.models import Deadline

            pending = Deadline.objects.filter(key=_originals_key(reg), state="pending").first()
            if pending is not None:  # nothing is due any more for a cancelled registration
                deadline_waive(actor=actor, deadline=pending, reason=_("Inscription annulée : %(r)s") % {"r": reason})
    registration.refresh_from_db()
    return registration


def registrations_bulk_validate(*, actor: User, registration_ids: Iterable[int]) -> tuple[list[int], dict[int, str]]:
    """Validate each selected complete registration; returns (validated ids, {id: refusal})."""
    done: list[int] = []
    refused: dict[int, str] = {}
    regs = {r.pk: r for r in selectors.registration_detail_queryset().filter(pk__in=list(registration_ids))}
    for pk in sorted(regs):
        try:
            registration_validate(actor=actor, registration=regs[pk])
            done.append(pk)
        except ApplicationError as exc:
            refused[pk] = exc.message
    return done, refused


def registrations_bulk_remind(*, actor: User, registration_ids: Iterable[int]) -> list[int]:
    """Remind incomplete files of what is missing (ARL-ES05.5-check-file); one notice per
    registration per day (the key makes a second click the same day a no-op)."""
    reminded: list[int] = []
    today = timezone.localdate().isoformat()
    regs = selectors.registration_detail_queryset().filter(pk__in=list(registration_ids), state=S.INCOMPLETE)
    with transaction.atomic():
        for reg in regs:
            if actor_kind(actor, reg) != workflows.SECRETARIAT:
                continue
            missing = selectors.missing_documents_context(reg, selectors.documents_decision(reg))
            _notify_incomplete(reg, missing, key=f"enrollment.incomplete.reminder:{reg.pk}:{today}")
            audit_record(actor=actor, action="enrollment.registration.reminder", obj=reg,
                         after={"missing": [m["label"] for m in missing]}, rule_id="ARL-ES05.5-check-file")
            reminded.append(reg.pk)
    return reminded
