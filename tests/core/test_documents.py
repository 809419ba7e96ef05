"""Issued documents: render → checksum → immutability → correction → permission-checked download."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.documents.attestations import role_attestation_issue
from core.documents.services import document_correct, document_issue, document_read_bytes
from core.errors import ApplicationError, PermissionDenied
from core.models import AuditEvent, Document, Role
from core.models.documents import DocumentStatus
from tests.factories import ComponentFactory, InstitutionFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def admin_ra():
    institution = InstitutionFactory(name="Université de Tours", address="60 rue du Plat d'Étain\n37000 Tours")
    return RoleAssignmentFactory(
        role=Role.ADMINISTRATOR, institution=institution,
        user=UserFactory(first_name="Claire", last_name="Admin"),
    )


@pytest.fixture
def teacher_ra(admin_ra):
    component = ComponentFactory(institution=admin_ra.institution, name="UFR Sciences et Techniques")
    return RoleAssignmentFactory(
        role=Role.TEACHER, institution=admin_ra.institution, component=component,
        user=UserFactory(first_name="Jeanne", last_name="Martin"),
    )


def issue(admin_ra, teacher_ra, django_capture_on_commit_callbacks) -> Document:
    with django_capture_on_commit_callbacks(execute=True):
        doc = role_attestation_issue(actor=admin_ra.user, assignment=teacher_ra)
    return Document.objects.get(pk=doc.pk)


def test_issue_renders_pdf_with_checksum_and_text(admin_ra, teacher_ra, django_capture_on_commit_callbacks):
    doc = issue(admin_ra, teacher_ra, django_capture_on_commit_callbacks)
    assert doc.status == DocumentStatus.ISSUED
    assert doc.reference.startswith("DOC-") and doc.reference.endswith(f"{doc.pk:06d}")
    assert doc.file.name.startswith("documents/")
    data = document_read_bytes(doc)
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == doc.sha256
    assert doc.size == len(data)
    text = pdf_text(data)
    assert "Jeanne Martin" in text
    assert doc.reference in text
    assert "Enseignant·e" in text
    assert "UFR Sciences et Techniques" in text
    assert "Université de Tours" in text
    assert "SHA-256 figure dans Cursus" in text
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    actions = list(AuditEvent.objects.filter(object_id=doc.pk).values_list("action", flat=True))
    assert set(actions) == {"document.issue_requested", "document.issued"}


def test_pending_until_commit(admin_ra, teacher_ra, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        doc = role_attestation_issue(actor=admin_ra.user, assignment=teacher_ra)
    assert Document.objects.get(pk=doc.pk).status == DocumentStatus.PENDING
    assert len(callbacks) == 1


def test_only_administrator_of_institution_issues_attestation(teacher_ra):
    other_admin = RoleAssignmentFactory(role=Role.ADMINISTRATOR).user
    with pytest.raises(PermissionDenied) as exc:
        role_attestation_issue(actor=other_admin, assignment=teacher_ra)
    assert exc.value.code == "documents.attestation_not_allowed"
    with pytest.raises(PermissionDenied):
        role_attestation_issue(actor=teacher_ra.user, assignment=teacher_ra)
    assert not Document.objects.exists()


def test_unknown_template_refused(admin_ra):
    with pytest.raises(ApplicationError) as exc:
        document_issue(actor=admin_ra.user, kind="x", title="x", template="documents/nope.html", context={})
    assert exc.value.code == "documents.unknown_template"
    assert "template" in exc.value.fields


def test_issued_document_is_immutable(admin_ra, teacher_ra, django_capture_on_commit_callbacks):
    doc = issue(admin_ra, teacher_ra, django_capture_on_commit_callbacks)
    doc.title = "Autre chose"
    with pytest.raises(PermissionError):
        doc.save()
    with pytest.raises(PermissionError):
        doc.delete()
    assert Document.objects.get(pk=doc.pk).title != "Autre chose"


def test_render_task_is_idempotent(admin_ra, teacher_ra, django_capture_on_commit_callbacks):
    from core.tasks_documents import document_render

    doc = issue(admin_ra, teacher_ra, django_capture_on_commit_callbacks)
    document_render(doc.pk)  # redelivered message: nothing changes
    again = Document.objects.get(pk=doc.pk)
    assert (again.sha256, again.file.name, again.issued_at) == (doc.sha256, doc.file.name, doc.issued_at)


def test_correction_is_new_version_and_v1_unchanged(admin_ra, teacher_ra, django_capture_on_commit_callbacks):
    v1 = issue(admin_ra, teacher_ra, django_capture_on_commit_callbacks)
    v1_bytes = document_read_bytes(v1)
    context = {**v1.context, "person_name": "Jeanne Martin-Durand"}
    with django_capture_on_commit_callbacks(execute=True):
        v2 = document_correct(actor=admin_ra.user, document=v1, context=context, reason="Nom d'usage")
    v2 = Document.objects.get(pk=v2.pk)
    assert v2.version == 2 and v2.previous_id == v1.pk
    assert v2.reference == f"{v1.reference}-v2"
    assert v2.status == DocumentStatus.ISSUED
    text = pdf_text(document_read_bytes(v2))
    assert "Jeanne Martin-Durand" in text
    assert v1.reference in text and "annule et remplace" in text
    v1_again = Document.objects.get(pk=v1.pk)
    assert (v1_again.sha256, v1_again.context) == (v1.sha256, v1.context)
    assert document_read_bytes(v1_again) == v1_bytes
    assert not v1_again.is_current and v2.is_current
    # already corrected: correct the latest version instead
    with pytest.raises(ApplicationError) as exc:
        document_correct(actor=admin_ra.user, document=v1_again, context=context, reason="encore")
    assert exc.value.code == "documents.already_corrected"


def test_correction_of_pending_document_refused(admin_ra, teacher_ra, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        doc = role_attestation_issue(actor=admin_ra.user, assignment=teacher_ra)
    with pytest.raises(ApplicationError) as exc:
        document_correct(actor=admin_ra.user, document=doc, context={}, reason="x")
    assert exc.value.code == "documents.not_issued"


def test_tampered_file_refused(admin_ra, teacher_ra, django_capture_on_commit_callbacks):
    doc = issue(admin_ra, teacher_ra, django_capture_on_commit_callbacks)
    storage = doc.file.storage
    storage.delete(doc.file.name)
    storage.save(doc.file.name, io.BytesIO(b"%PDF-1.7 forged"))
    with pytest.raises(ApplicationError) as exc:
        document_read_bytes(doc)
    assert exc.value.code == "documents.checksum_mismatch"


class TestDownload:
    @pytest.fixture
    def doc(self, admin_ra, teacher_ra, django_capture_on_commit_callbacks):
        return issue(admin_ra, teacher_ra, django_capture_on_commit_callbacks)

    def url(self, doc):
        return reverse("document_download", args=[doc.pk])

    def test_owner_downloads(self, client, doc, teacher_ra):
        client.force_login(teacher_ra.user)
        response = client.get(self.url(doc))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == doc.sha256
        assert doc.reference in response["Content-Disposition"]

    def test_staff_of_same_institution_downloads(self, client, doc, admin_ra):
        secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=admin_ra.institution).user
        client.force_login(secretariat)
        assert client.get(self.url(doc)).status_code == 200

    def test_another_student_gets_404(self, client, doc, admin_ra):
        student = RoleAssignmentFactory(role=Role.STUDENT, institution=admin_ra.institution).user
        client.force_login(student)
        assert client.get(self.url(doc)).status_code == 404
        assert client.get(reverse("document_detail", args=[doc.pk])).status_code == 404

    def test_staff_of_another_institution_gets_404(self, client, doc):
        client.force_login(RoleAssignmentFactory(role=Role.SECRETARIAT).user)
        assert client.get(self.url(doc)).status_code == 404

    def test_anonymous_redirected_to_login(self, client, doc):
        response = client.get(self.url(doc))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_v1_still_downloadable_after_correction(
        self, client, doc, admin_ra, teacher_ra, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            v2 = document_correct(actor=admin_ra.user, document=doc, context=doc.context, reason="Erreur")
        client.force_login(teacher_ra.user)
        assert client.get(self.url(doc)).status_code == 200
        page = client.get(reverse("document_detail", args=[doc.pk]))
        assert page.status_code == 200
        content = page.content.decode()
        assert v2.reference in content and "INVALID_TEMPLATE_VARIABLE" not in content

    def test_my_documents_lists_owned_only(self, client, doc, teacher_ra, django_assert_max_num_queries):
        client.force_login(teacher_ra.user)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("document_list"))
        assert doc.reference in response.content.decode()
        other = UserFactory()
        client.force_login(other)
        assert doc.reference not in client.get(reverse("document_list")).content.decode()


def test_render_failure_marks_failed_then_retry_issues(
    admin_ra, teacher_ra, django_capture_on_commit_callbacks, monkeypatch
):
    from core.documents import services
    from core.documents.services import document_retry

    def broken(*args, **kwargs):
        raise ValueError("police introuvable")

    monkeypatch.setattr(services, "render_pdf", broken)
    doc = issue(admin_ra, teacher_ra, django_capture_on_commit_callbacks)
    assert doc.status == DocumentStatus.FAILED and "police introuvable" in doc.error
    assert not doc.sha256 and not doc.file
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(actor=admin_ra.user, document=doc)
    doc = Document.objects.get(pk=doc.pk)
    assert doc.status == DocumentStatus.ISSUED and doc.error == ""
    with pytest.raises(ApplicationError) as exc:
        document_retry(actor=admin_ra.user, document=doc)
    assert exc.value.code == "documents.not_failed"


@pytest.mark.django_db
def test_documents_left_pending_are_requeued_by_the_redeliver_job(monkeypatch):
    """A render task lost before it ran (broker down at seed time) is queued again; fresh ones are left."""
    import datetime as dt

    from django.utils import timezone

    from core.documents import services as doc_services
    from core.models import Document
    from core.models.documents import DocumentStatus

    queued: list[int] = []
    monkeypatch.setattr("core.tasks_documents.document_render.delay", lambda pk: queued.append(pk))
    old = Document.objects.create(kind="t", reference="T-OLD", title="old", template="x.html")
    fresh = Document.objects.create(kind="t", reference="T-NEW", title="new", template="x.html")
    issued = Document.objects.create(kind="t", reference="T-ISS", title="iss", template="x.html")
    Document.objects.filter(pk__in=[old.pk, issued.pk]).update(created_at=timezone.now() - dt.timedelta(hours=1))
    Document.objects.filter(pk=issued.pk).update(status=DocumentStatus.FAILED)
    assert doc_services.documents_redeliver(now=timezone.now()) == 1
    assert queued == [old.pk]
    assert fresh.pk not in queued
