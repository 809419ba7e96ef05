"""Exam subjects: required mentions (UTC-2.03-subject-content, TOURS-VI-2-subject-content, STRAS-25),
hand-in deadline (TOURS-VI-2-subject-delivery), archive copies (UTC-2.03-archive-copies), access
limited to the module head and the exam office (404 for everyone else)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.calendar.working import PARIS
from core.errors import ApplicationError, PermissionDenied
from core.models import Deadline, Role, RoleAssignment
from courses.models import Module
from exams.models import ExamSubject
from exams.services import events_generate_from_m3c
from exams.services.subjects import (
    subject_deadline_open,
    subject_review,
    subject_submit,
    subjects_open_deadlines_for_session,
)
from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

from .factories import exam_office_user, final_session, published_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test subject\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def pdf(name: str = "sujet.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def module_member(module: Module, role: str = Role.MODULE_HEAD):  # type: ignore[no-untyped-def]
    user = UserFactory()
    component = module.semester.study_year.programme_version.programme.component
    RoleAssignment.objects.create(user=user, role=role, institution=component.institution,
                                  scope_type=ContentType.objects.get_for_model(Module), scope_id=module.pk)
    return user


def subject_world(preset: str = "utc"):  # type: ignore[no-untyped-def]
    world = published_world(preset, students=1)
    session = final_session(world)
    events = events_generate_from_m3c(actor=world.office, session=session)
    event = next(e for e in events if e.module_id == world.module.pk)
    return world, session, event, module_member(world.module)


UTC_FULL = {"module_title": "Algorithmique", "semester": "S1", "duration_minutes": 120, "page_count": 3,
            "allowed_documents": "", "allowed_materials": "", "nothing_allowed": True, "marking_scale": "20 pts"}
TOURS_FULL = {"module_title": "Algorithmique", "academic_year": "2026-2027", "semester": "S1",
              "diploma": "BUT Informatique", "year_in_diploma": "BUT1", "session": 1, "duration_minutes": 120,
              "allowed_materials": "Calculatrice collège"}


def test_missing_mentions_refused_listing_every_field_and_rule_nothing_written(_media):
    _world, _session, event, head = subject_world("utc")
    metadata = {**UTC_FULL, "page_count": None, "marking_scale": "", "nothing_allowed": False}
    with pytest.raises(ApplicationError) as exc:
        subject_submit(actor=head, event=event, file=pdf(), metadata={**metadata, "exam_date": event.start.date()})
    assert exc.value.code == "exams.subject_incomplete"
    assert exc.value.rule_id == "UTC-2.03-subject-content"
    assert set(exc.value.fields) == {"page_count", "allowed_materials", "marking_scale"}
    assert all("UTC-2.03-subject-content" in str(msg) for msg in exc.value.fields.values())
    assert ExamSubject.objects.count() == 0
    assert not (_media / "exams").exists()


def test_non_pdf_refused(_media):
    _world, _session, event, head = subject_world("utc")
    with pytest.raises(ApplicationError) as exc:
        subject_submit(actor=head, event=event, file=pdf("sujet.docx", b"PK\x03\x04"),
                       metadata={**UTC_FULL, "exam_date": event.start.date()})
    assert "file" in exc.value.fields
    assert ExamSubject.objects.count() == 0


def test_module_head_submits_utc_final_flags_two_archive_copies(_media):
    _world, _session, event, head = subject_world("utc")
    subject = subject_submit(actor=head, event=event, file=pdf(), metadata={**UTC_FULL, "exam_date": event.start.date()})
    assert subject.version == 1 and subject.state == "submitted" and subject.submitted_by == head
    assert subject.archive_copies_required == 2
    assert subject.rule_id == "UTC-2.03-archive-copies"
    assert subject.file.name.startswith(f"exams/subjects/{event.pk}/")
    assert (_media / subject.file.name).read_bytes() == PDF
    again = subject_submit(actor=head, event=event, file=pdf(),
                           metadata={**UTC_FULL, "exam_date": event.start.date(), "is_adapted": True,
                                     "adapted_for": "gros caractères"})
    assert again.version == 2 and again.is_adapted
    assert subject_deadline_open(event=event) is None  # UTC sets no hand-in lead time


def test_teacher_of_the_team_cannot_submit():
    world, _session, event, _head = subject_world("utc")
    teacher = module_member(world.module, Role.TEACHER)
    with pytest.raises(PermissionDenied):
        subject_submit(actor=teacher, event=event, file=pdf(), metadata={**UTC_FULL, "exam_date": event.start.date()})


def test_outsiders_get_404_on_page_and_download(client):
    world, _session, event, head = subject_world("utc")
    subject = subject_submit(actor=head, event=event, file=pdf(), metadata={**UTC_FULL, "exam_date": event.start.date()})
    teacher = module_member(world.module, Role.TEACHER)
    other_teacher = UserFactory()
    RoleAssignmentFactory(user=other_teacher, role=Role.TEACHER, institution=world.component.institution,
                          component=world.component)
    student = world.students[0].user
    stranger = exam_office_user(ComponentFactory())
    for user in (teacher, other_teacher, student, stranger):
        client.force_login(user)
        assert client.get(reverse("exams:event_subjects", args=[event.pk])).status_code == 404
        assert client.get(reverse("exams:subject_download", args=[subject.pk])).status_code == 404
        assert client.post(reverse("exams:subject_review", args=[subject.pk]),
                           {"decision": "accept"}).status_code == 404
    subject.refresh_from_db()
    assert subject.state == "submitted"
    for user in (head, world.office):
        client.force_login(user)
        page = client.get(reverse("exams:event_subjects", args=[event.pk]))
        assert page.status_code == 200
        assert b"INVALID_TEMPLATE_VARIABLE" not in page.content
        download = client.get(reverse("exams:subject_download", args=[subject.pk]))
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_upload_page_shows_missing_field_next_to_it(client):
    _world, _session, event, head = subject_world("utc")
    client.force_login(head)
    data = {k: v for k, v in UTC_FULL.items() if v not in (None, "") and k != "page_count"}
    data["exam_date"] = event.start.date().isoformat()
    data["file"] = pdf()
    response = client.post(reverse("exams:event_subjects", args=[event.pk]), data)
    assert response.status_code == 200
    assert "page_count" in response.context["form"].errors
    assert "UTC-2.03-subject-content" in response.context["form"].errors["page_count"][0]
    assert ExamSubject.objects.count() == 0
    data["page_count"] = 3
    data["file"] = pdf()
    response = client.post(reverse("exams:event_subjects", args=[event.pk]), data)
    assert response.status_code == 302
    assert ExamSubject.objects.get().page_count == 3


def test_tours_deadline_8_days_before_and_met_when_office_accepts():
    world, session, event, head = subject_world("tours")
    deadlines = subjects_open_deadlines_for_session(session=session)
    deadline = Deadline.objects.get(key=f"exam-subject:{event.pk}")
    assert deadline in deadlines
    assert deadline.rule_id == "TOURS-VI-2-subject-delivery"
    assert deadline.assignee_role == Role.MODULE_HEAD
    assert deadline.component == world.component
    due = deadline.due_at.astimezone(PARIS)
    assert due.date() == event.start.astimezone(PARIS).date() - timedelta(days=8)
    assert (due.hour, due.minute) == (23, 59)
    subjects_open_deadlines_for_session(session=session)  # idempotent
    assert Deadline.objects.filter(key=f"exam-subject:{event.pk}").count() == 1
    subject = subject_submit(actor=head, event=event, file=pdf(), metadata=TOURS_FULL,
                             at=deadline.due_at - timedelta(days=1))
    assert not subject.late and subject.archive_copies_required == 0
    with pytest.raises(PermissionDenied):
        subject_review(actor=head, subject=subject, accept=True)
    accepted = subject_review(actor=world.office, subject=subject, accept=True)
    assert accepted.state == "accepted" and accepted.reviewed_by == world.office
    deadline.refresh_from_db()
    assert deadline.state == "met"


def test_tours_refusal_needs_reason_and_late_subject_is_flagged():
    world, _session, event, head = subject_world("tours")
    late_at = event.start - timedelta(days=2)
    subject = subject_submit(actor=head, event=event, file=pdf(), metadata=TOURS_FULL, at=late_at)
    assert subject.late and "TOURS-VI-2-subject-delivery" in subject.late_message
    with pytest.raises(ApplicationError) as exc:
        subject_review(actor=world.office, subject=subject, accept=False)
    assert "reason" in exc.value.fields
    refused = subject_review(actor=world.office, subject=subject, accept=False, reason="Barème absent")
    assert refused.state == "rejected" and refused.reason == "Barème absent"
    with pytest.raises(ApplicationError):
        subject_review(actor=world.office, subject=refused, accept=True)


def test_subjects_page_queries_bounded(client, django_assert_max_num_queries):
    world, _session, event, head = subject_world("utc")
    for _ in range(4):
        subject_submit(actor=head, event=event, file=pdf(), metadata={**UTC_FULL, "exam_date": event.start.date()})
    client.force_login(world.office)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("exams:event_subjects", args=[event.pk]))
    assert page.status_code == 200
    assert page.content.count(b'name="decision"') == 4
    assert b"INVALID_TEMPLATE_VARIABLE" not in page.content


def test_generating_a_tours_session_opens_the_subject_deadlines_without_being_asked():
    """Generation from the M3C opens each exam's subject deadline (TOURS-VI-2-subject-delivery); UTC has none."""
    _world, _session, event, _head = subject_world("tours")
    assert Deadline.objects.filter(key=f"exam-subject:{event.pk}", rule_id="TOURS-VI-2-subject-delivery").exists()
    _world, _session, utc_event, _head = subject_world("utc")
    assert not Deadline.objects.filter(key=f"exam-subject:{utc_event.pk}").exists()
