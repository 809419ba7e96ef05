"""Sign-in sheets (UTC-3.02a-signin-content) and exam reports (PV de déroulement: TOURS-VI-3.2-count-check, STRAS-54)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record, snapshot
from core.errors import ApplicationError, PermissionDenied
from core.models import Document, User
from exams.models import Convocation, EventRoom, ExamReport, ReportIncident
from exams.rules.reports import ExamReport as ReportFigures
from exams.rules.reports import Incident, can_close_report
from exams.services.common import SessionProfile, fmt_date, fmt_time


def signin_sheet_issue(*, actor: User | None, event_room: EventRoom) -> Document:
    """The printable sign-in sheet of a room (UTC-3.02a-signin-content): module, date, nature, each candidate's name
    with a signature box, absent and refused lists, invigilators' signatures."""
    from core.documents.services import document_issue

    event = event_room.event
    rows = list(Convocation.objects.filter(event=event, room=event_room.room)
                .values_list("student__user__last_name", "student__user__first_name", "student__student_number",
                             "seat_number", "anonymity_number").order_by("seat_number", "id"))
    invigilators = [i.user.get_full_name() or i.user.email for i in
                    event_room.invigilators.select_related("user").filter(replaced_by__isnull=True)]
    end = event.start + timedelta(minutes=event.duration_minutes)
    return document_issue(
        actor=actor, kind="exams.signin_sheet", template="documents/exams/signin_sheet.html",
        title=_("Feuille d'émargement — %(e)s — salle %(r)s") % {"e": event.title, "r": event_room.room.code},
        context={"module": f"{event.module.code} {event.module.title}", "nature": str(event.get_nature_display()),
                 "date": fmt_date(event.start), "start": fmt_time(event.start), "end": fmt_time(end),
                 "room": f"{event_room.room.code} — {event_room.room.name}", "students": [list(r) for r in rows],
                 "invigilators": invigilators},
        component=event.session.component, subject=event_room,
    )


def _head_or_office(user: User | None, event_room: EventRoom) -> bool:
    from exams.permissions import can_invigilate_room

    return can_invigilate_room(user, event_room)


def exam_report_record(*, actor: User, event_room: EventRoom, enrolled: int, present: int, signatures: int,
                       copies: int, observations: str = "") -> ExamReport:
    """Record (or correct) the figures of an open report."""
    if not _head_or_office(actor, event_room):
        raise PermissionDenied(_("Seuls les surveillants de la salle et le service des examens rédigent le PV."),
                               code="exams.report_forbidden")
    with transaction.atomic():
        report, _created = ExamReport.objects.select_for_update(of=("self",)).get_or_create(event_room=event_room)
        if report.closed_at is not None:
            raise ApplicationError("exams.report_closed", _("Le procès-verbal est clos."),
                                   fields={"report": _("Clos.")})
        before = snapshot(report, ("enrolled", "present", "signatures", "copies", "observations"))
        report.enrolled, report.present, report.signatures, report.copies = enrolled, present, signatures, copies
        report.observations = observations
        report.full_clean()
        report.save()
        audit_record(actor=actor, action="exams.report_recorded", obj=report, before=before,
                     after=snapshot(report, ("enrolled", "present", "signatures", "copies", "observations")))
    return report


def incident_add(*, actor: User, report: ExamReport, kind: str, description: str, at: datetime | None = None,
                 explains_count_gap: bool = False) -> ReportIncident:
    if not _head_or_office(actor, report.event_room):
        raise PermissionDenied(_("Action réservée aux surveillants de la salle."), code="exams.report_forbidden")
    if report.closed_at is not None:
        raise ApplicationError("exams.report_closed", _("Le procès-verbal est clos."), fields={"report": _("Clos.")})
    with transaction.atomic():
        incident = ReportIncident(report=report, kind=kind, description=description, at=at,
                                  explains_count_gap=explains_count_gap)
        incident.full_clean()
        incident.save()
        audit_record(actor=actor, action="exams.incident_added", obj=report,
                     after={"kind": kind, "explains_count_gap": explains_count_gap})
    return incident


def report_header(report: ExamReport) -> dict[str, object]:
    event = report.event_room.event
    session = event.session
    semester = session.semester
    version = event.module.semester.study_year.programme_version
    return {
        "annee": f"{session.academic_year}-{session.academic_year + 1}",
        "semestre": str(semester.number) if semester else None,
        "niveau": str(event.module.semester.study_year.level),
        "diplome": str(version.programme), "session": str(event.session_number),
        "enseignement": f"{event.module.code} {event.module.title}", "date": fmt_date(event.start),
        "heure": fmt_time(event.start), "lieu": report.event_room.room.name,
        "duree": f"{event.duration_minutes} min",
    }


def exam_report_close(*, actor: User, report: ExamReport, now: datetime) -> ExamReport:
    """Sign the report off: refused while copies ≠ signatures without an incident explaining the gap,
    or while a required mention is missing (exams.rules.reports.can_close_report)."""
    if not _head_or_office(actor, report.event_room):
        raise PermissionDenied(_("Action réservée au responsable de salle."), code="exams.report_forbidden")
    profile = SessionProfile(report.event_room.event.session)
    with transaction.atomic():
        locked = ExamReport.objects.select_for_update(of=("self",)).select_related(
            "event_room__event__session__semester", "event_room__room",
            "event_room__event__module__semester__study_year__programme_version__programme").get(pk=report.pk)
        if locked.closed_at is not None:
            return locked
        figures = ReportFigures(
            enrolled=locked.enrolled, present=locked.present, signatures=locked.signatures, copies=locked.copies,
            observations=locked.observations, header=report_header(locked),
            incidents=tuple(Incident(i.kind, i.description, i.at, i.explains_count_gap) for i in locked.incidents.all()),
        )
        can_close_report(profile["exams.exam_report"], figures, preset=profile.preset).raise_if_refused()
        absentees = _absentees(locked.event_room)
        locked.closed_at, locked.closed_by = now, actor
        locked.save(update_fields=["closed_at", "closed_by"])
        audit_record(actor=actor, action="exams.report_closed", obj=locked,
                     after={"copies": locked.copies, "signatures": locked.signatures, "absent": len(absentees)})
        if absentees:
            from exams.services.reserves import missed_exam_record

            for convocation in absentees:
                missed_exam_record(actor=actor, convocation=convocation, at=now)
        from exams.services.archive import copy_lot_for_report

        copy_lot_for_report(locked)  # the copies collected start their retention (UTC-5.03a-retention, STRAS-113)
    return locked


def _absentees(event_room: EventRoom) -> list[Convocation]:
    """The absentees and refused latecomers of a room whose attendance was taken digitally.

    A room signed on paper only (no attendance row) closes as before: its absences are recorded by the
    exam office (EXD-05). Once attendance is taken, every candidate must be recorded (present, absent,
    refused) before closing: nobody gets a zero for an unticked box."""
    from exams.selectors_day import absent_convocations, room_counts

    counts = room_counts(event_room)
    if counts.recorded == 0:
        return []
    if counts.unrecorded:
        raise ApplicationError(
            "exams.attendance_incomplete",
            _("%(n)d candidat(s) ni pointé(s) présent(s) ni déclaré(s) absent(s) : compléter l'émargement avant de "
              "clore.") % {"n": counts.unrecorded},
            fields={"attendance": _("Émargement incomplet.")})
    return absent_convocations(event_room)


def exam_report_open(*, actor: User, event_room: EventRoom) -> ExamReport:
    """The room's report, created with the attendance figures if it does not exist yet."""
    from exams.selectors_day import room_counts

    report = ExamReport.objects.filter(event_room=event_room).first()
    if report is not None:
        return report
    counts = room_counts(event_room)
    return exam_report_record(actor=actor, event_room=event_room, enrolled=counts.enrolled or event_room.planned_headcount,
                              present=counts.present, signatures=counts.signatures, copies=0)


def exam_room_close(*, actor: User, event_room: EventRoom, copies: int, observations: str, now: datetime) -> ExamReport:
    """Close the room from the invigilator's page: enrolled, present and signatures come from the
    attendance, the copies collected are counted by the head of room; then the report is signed off
    (refused while copies ≠ signatures without an incident, TOURS-VI-3.2-count-check, STRAS-54)."""
    from exams.selectors_day import room_counts

    counts = room_counts(event_room)
    report = exam_report_record(actor=actor, event_room=event_room, enrolled=counts.enrolled,
                                present=counts.present, signatures=counts.signatures, copies=copies,
                                observations=observations)  # kept even if the sign-off below is refused
    return exam_report_close(actor=actor, report=report, now=now)
