"""Accommodation requests: deadline per preset (TOURS-VI-3.2-accommodation-request, STRAS-11, UTC none),
workflow transitions, grant → Accommodation rows + notice, all-or-nothing filing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ApplicationError, NotFound, TransitionNotAllowed
from core.models import AuditEvent, Notice
from enrollment.models import Accommodation, AccommodationRequest, AccommodationRequestDocument
from enrollment.services.accommodation_requests import (
    accommodation_end,
    accommodation_request_decide,
    accommodation_request_document_add,
    accommodation_request_file,
    accommodation_request_review,
    accommodation_request_withdraw,
)
from exams.selectors import next_session_start
from tests.factories import UserFactory

from .factories import SESSION_START, at, setup

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def pdf(name: str = "certificat.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def file_for(s, student=None, *, on: date, actor=None, **kwargs):  # type: ignore[no-untyped-def]
    student = student or s.world.students[0]
    values = {"kinds": ["extra_time", "large_print"], "extra_time_percent": 33,
              "reasons": "Trouble dys reconnu par la médecine préventive.", **kwargs}
    return accommodation_request_file(actor=actor or student.user, student=student, at=at(on.year, on.month, on.day),
                                      **values)


def test_next_session_start_is_the_first_day_of_the_next_session_not_over():
    s = setup("tours", seated=False)
    assert next_session_start(s.world.component, date(2026, 12, 1)) == SESSION_START
    assert next_session_start(s.world.component, date(2027, 1, 15)) == SESSION_START  # under way
    assert next_session_start(s.world.component, date(2027, 1, 23)) is None


@pytest.mark.parametrize(("on", "force_majeure", "late", "deadline"), [
    (date(2026, 12, 1), False, False, date(2026, 12, 11)),
    (date(2026, 12, 11), False, False, date(2026, 12, 11)),  # the last day is still in time
    (date(2026, 12, 12), False, True, date(2026, 12, 11)),
    (date(2026, 12, 20), True, True, date(2026, 12, 11)),
])
def test_tours_one_month_before_the_exams(on, force_majeure, late, deadline):
    s = setup("tours", seated=False)
    request = file_for(s, on=on, force_majeure=force_majeure,
                       force_majeure_explanation="Fracture du poignet." if force_majeure else "")
    assert (request.exams_start, request.deadline, request.late) == (SESSION_START, deadline, late)
    assert request.deadline_rule_id == "TOURS-VI-3.2-accommodation-request"
    assert request.state == "submitted" and not request.authorisation_required


def test_tours_late_request_granted_only_with_force_majeure_recorded():
    s = setup("tours", seated=False)
    request = file_for(s, on=date(2026, 12, 20))
    with pytest.raises(ApplicationError) as exc:
        accommodation_request_decide(actor=s.office, request=request, decision="grant")
    assert exc.value.code == "exams.accommodation_late"
    assert exc.value.rule_id == "TOURS-VI-3.2-accommodation-request"
    assert "force_majeure" in exc.value.fields
    assert not Accommodation.objects.exists()
    with pytest.raises(ApplicationError) as exc:  # force majeure needs its explanation
        accommodation_request_decide(actor=s.office, request=request, decision="grant", force_majeure=True)
    assert exc.value.fields.keys() == {"force_majeure_explanation"}
    done = accommodation_request_decide(actor=s.office, request=request, decision="grant", force_majeure=True,
                                        force_majeure_explanation="Opération le 18/12.")
    assert done.state == "granted" and done.force_majeure
    assert sorted(Accommodation.objects.values_list("kind", "extra_time_percent")) == [
        ("extra_time", 33), ("large_print", None)]


def test_strasbourg_needs_the_prior_authorisation_to_grant():
    s = setup("strasbourg", seated=False)
    request = file_for(s, on=date(2027, 1, 5))
    assert request.authorisation_required and not request.late and request.deadline is None
    assert request.deadline_rule_id == "STRAS-11"
    with pytest.raises(ApplicationError) as exc:
        accommodation_request_decide(actor=s.office, request=request, decision="grant")
    assert (exc.value.code, exc.value.rule_id) == ("exams.accommodation_not_authorised", "STRAS-11")
    assert "prior_authorisation" in exc.value.fields
    done = accommodation_request_decide(actor=s.office, request=request, decision="grant", prior_authorisation=True,
                                        prior_authorisation_ref="SUMPS-2027-014")
    assert done.state == "granted" and done.prior_authorisation_ref == "SUMPS-2027-014"


def test_utc_has_no_request_deadline():
    s = setup("utc", seated=False)
    request = file_for(s, on=date(2027, 1, 10))  # the day before the exams
    assert (request.deadline, request.late, request.authorisation_required) == (None, False, False)
    assert accommodation_request_decide(actor=s.office, request=request, decision="grant").state == "granted"


def test_no_session_planned_no_deadline_yet():
    s = setup("tours", session=False)
    request = file_for(s, on=date(2026, 12, 20))
    assert request.exams_start is None and not request.late
    assert "Aucune session" in request.deadline_message


def test_workflow_transitions_and_illegal_moves():
    s = setup("utc", seated=False)
    request = file_for(s, on=date(2026, 12, 1))
    student = s.world.students[0].user
    with pytest.raises(TransitionNotAllowed) as exc:  # a student cannot review
        accommodation_request_review(actor=student, request=request)
    assert exc.value.code == "enrollment.accommodation_transition_not_allowed"
    request = accommodation_request_review(actor=s.office, request=request)
    assert request.state == "under_review"
    with pytest.raises(TransitionNotAllowed):
        accommodation_request_review(actor=s.office, request=request)
    with pytest.raises(ApplicationError) as exc:
        accommodation_request_decide(actor=s.office, request=request, decision="refuse")
    assert exc.value.code == "enrollment.accommodation_reasons_required" and "reasons" in exc.value.fields
    refused = accommodation_request_decide(actor=s.office, request=request, decision="refuse",
                                           reasons="Pièces médicales insuffisantes.")
    assert refused.state == "refused" and not Accommodation.objects.exists()
    for name in ("grant", "refuse"):
        with pytest.raises(TransitionNotAllowed):
            accommodation_request_decide(actor=s.office, request=refused, decision=name, reasons="x")
    with pytest.raises(TransitionNotAllowed):
        accommodation_request_withdraw(actor=student, request=refused)
    assert [t.name for t in refused.transitions.order_by("id")] == ["submit", "review", "refuse"]
    assert AuditEvent.objects.filter(action="enrollment.accommodation_request.refuse").count() == 1


def test_withdraw_by_the_student_then_nothing_else():
    s = setup("utc", seated=False)
    request = file_for(s, on=date(2026, 12, 1))
    withdrawn = accommodation_request_withdraw(actor=s.world.students[0].user, request=request, reason="Plus utile")
    assert withdrawn.state == "withdrawn"
    with pytest.raises(TransitionNotAllowed):
        accommodation_request_decide(actor=s.office, request=withdrawn, decision="grant")


def test_partial_grant_needs_reasons_and_creates_only_what_is_granted(django_capture_on_commit_callbacks,
                                                                       mailoutbox):
    s = setup("utc", seated=False)
    request = file_for(s, on=date(2026, 12, 1))
    with pytest.raises(ApplicationError) as exc:  # a full « grant » of part of the request is refused
        accommodation_request_decide(actor=s.office, request=request, decision="grant", kinds=["large_print"])
    assert exc.value.code == "enrollment.accommodation_grant_is_partial"
    with pytest.raises(ApplicationError) as exc:
        accommodation_request_decide(actor=s.office, request=request, decision="grant_partially",
                                     kinds=["large_print"])
    assert exc.value.code == "enrollment.accommodation_reasons_required"
    with django_capture_on_commit_callbacks(execute=True):
        done = accommodation_request_decide(actor=s.office, request=request, decision="grant_partially",
                                            kinds=["extra_time"], extra_time_percent=25,
                                            reasons="Gros caractères non justifiés.", at=at(2026, 12, 3))
    assert done.state == "partially_granted"
    rows = list(done.granted_accommodations.all())
    assert [(r.kind, r.extra_time_percent, r.valid_from, r.valid_until) for r in rows] == [
        ("extra_time", 25, date(2026, 12, 3), date(2027, 8, 31))]
    notice = Notice.objects.get(kind="enrollment.accommodation_decision")
    assert notice.recipient_id == s.world.students[0].user_id
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "accordée en partie" in body and "Gros caractères non justifiés." in body and "25 %" in body
    assert "INVALID_TEMPLATE_VARIABLE" not in body + mailoutbox[0].subject


def test_refusal_notice_carries_reasons(django_capture_on_commit_callbacks, mailoutbox):
    s = setup("utc", seated=False)
    request = file_for(s, on=date(2026, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        accommodation_request_decide(actor=s.office, request=request, decision="refuse", reasons="Hors champ.")
    assert len(mailoutbox) == 1 and "refusée" in mailoutbox[0].subject and "Hors champ." in mailoutbox[0].body


def test_filing_is_all_or_nothing_and_checks_fields():
    s = setup("utc", seated=False)
    bad = SimpleUploadedFile("virus.exe", b"MZ....", content_type="application/octet-stream")
    with pytest.raises(ApplicationError) as exc:
        file_for(s, on=date(2026, 12, 1), files=[pdf(), bad])
    assert exc.value.code == "enrollment.invalid_upload" and "files" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        file_for(s, on=date(2026, 12, 1), kinds=["extra_time"], extra_time_percent=None)
    assert exc.value.fields.keys() == {"extra_time_percent"}
    with pytest.raises(ApplicationError) as exc:
        file_for(s, on=date(2026, 12, 1), reasons=" ", force_majeure=True)
    assert exc.value.fields.keys() == {"reasons", "force_majeure_explanation"}
    with pytest.raises(ApplicationError) as exc:
        file_for(s, on=date(2026, 12, 1), scope="semester", semester=None)
    assert "semester" in exc.value.fields
    assert not AccommodationRequest.objects.exists() and not AccommodationRequestDocument.objects.exists()
    ok = file_for(s, on=date(2026, 12, 1), files=[pdf()], scope="semester", semester=s.world.semester)
    assert ok.documents.count() == 1 and ok.semester_id == s.world.semester.pk


def test_only_the_student_or_the_office_may_file_or_add_documents():
    s = setup("utc", seated=False)
    other = s.world.students[1]
    with pytest.raises(NotFound):
        file_for(s, on=date(2026, 12, 1), actor=other.user)
    with pytest.raises(NotFound):
        file_for(s, on=date(2026, 12, 1), actor=s.world.office)  # the exam office is not the disability office
    request = file_for(s, on=date(2026, 12, 1), actor=s.office)  # on the student's behalf
    assert request.submitted_by == s.office
    with pytest.raises(NotFound):
        accommodation_request_document_add(actor=other.user, request=request, files=[pdf()])
    with pytest.raises(NotFound):
        accommodation_request_decide(actor=UserFactory(), request=request, decision="grant")
    accommodation_request_document_add(actor=s.world.students[0].user, request=request, files=[pdf()])
    assert request.documents.count() == 1


def test_ending_an_accommodation_is_audited_and_checked():
    s = setup("utc", seated=False)
    request = file_for(s, on=date(2026, 12, 1), kinds=["separate_room"], extra_time_percent=None)
    done = accommodation_request_decide(actor=s.office, request=request, decision="grant", at=at(2026, 12, 2))
    acc = done.granted_accommodations.get()
    with pytest.raises(ApplicationError):
        accommodation_end(actor=s.office, accommodation=acc, last_day=date(2026, 11, 1))
    with pytest.raises(NotFound):
        accommodation_end(actor=s.world.students[0].user, accommodation=acc, last_day=date(2026, 12, 31))
    ended = accommodation_end(actor=s.office, accommodation=acc, last_day=date(2026, 12, 31))
    assert ended.valid_until == date(2026, 12, 31)
    assert AuditEvent.objects.filter(action="enrollment.accommodation.end").count() == 1


def test_decision_notice_renders_in_english_too():
    from core.notices.rendering import render_notice
    from core.notices_registry import get_kind

    s = setup("utc", seated=False)
    done = accommodation_request_decide(actor=s.office, request=file_for(s, on=date(2026, 12, 1)),
                                        decision="grant", at=at(2026, 12, 2))
    notice = Notice.objects.get(kind="enrollment.accommodation_decision")
    kind = get_kind("enrollment.accommodation_decision")
    english = render_notice(kind, notice.context, "en")
    assert english.language == "en" and english.subject.endswith("granted")
    assert "valid from 02/12/2026 to 31/08/2027" in english.body and "INVALID_TEMPLATE_VARIABLE" not in english.body
    assert done.state == "granted"
