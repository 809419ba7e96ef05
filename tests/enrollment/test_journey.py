"""Acceptance journey through the pages and the API, and what another student cannot see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Document
from enrollment.models import AdministrativeRegistration

from .conftest import pdf_upload
from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    html = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in html
    return html


def test_student_journey_pages(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.student.user)
    # 1. the portal offers the published programme year
    html = _html(client.get(reverse("enrollment:portal")))
    assert "Ouvrir mon dossier" in html and "BUT 1" in html
    response = client.post(reverse("enrollment:registration_create"), {"study_year": world.study_year.pk})
    reg = AdministrativeRegistration.objects.get(student=world.student)
    assert response.url == reverse("enrollment:registration", args=[reg.pk])
    # 2. submit without documents: told exactly what is missing
    client.post(reverse("enrollment:registration_action", args=[reg.pk, "submit"]))
    html = _html(client.get(reverse("enrollment:registration", args=[reg.pk])))
    assert "Incomplète" in html and "Pièce d&#x27;identité" in html and "Relevé de notes du baccalauréat" in html
    # 3. a bad upload is refused with a clear error next to the field
    response = client.post(reverse("enrollment:document_upload", args=[reg.pk]),
                           {"document_type": world.doc_id.pk, "file": pdf_upload("photo.gif", b"GIF89a")})
    assert response.status_code == 400 and "Type de fichier refusé" in _html(response)
    # 4. complete the file
    for doc_type in (world.doc_id, world.doc_bac):
        response = client.post(reverse("enrollment:document_upload", args=[reg.pk]),
                               {"document_type": doc_type.pk, "file": pdf_upload()})
        assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.state == "complete"
    # 5. the scolarité validates from the back-office
    client.force_login(world.secretariat)
    assert "Alice" in _html(client.get(reverse("enrollment:backoffice")))
    assert "Valider l'inscription" in _html(client.get(reverse("enrollment:manage", args=[reg.pk])))
    client.post(reverse("enrollment:manage_action", args=[reg.pk, "validate"]))
    reg.refresh_from_db()
    assert reg.state == "validated"
    # 6. the student chooses a parcours, an option and a group
    client.force_login(world.student.user)
    html = _html(client.get(reverse("enrollment:registration", args=[reg.pk])))
    assert "Inscription pédagogique" in html and "Obtenir mon certificat" in html
    prefix = f"s{world.semester.pk}"
    response = client.post(reverse("enrollment:pedagogical", args=[reg.pk, world.semester.pk]), {
        f"{prefix}-parcours": world.parcours.pk, f"{prefix}-modules": [world.module_option.pk],
        f"{prefix}-groups": [world.group_b.pk],
    })
    assert response.status_code == 302
    html = _html(client.get(reverse("enrollment:registration", args=[reg.pk])))
    assert "O1.01 Option anglais renforcé" in html and "TD2" in html
    # 7. certificate of enrollment, rendered to PDF
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enrollment:certificate", args=[reg.pk]))
    document = Document.objects.get(kind="enrollment.certificate")
    assert response.url == reverse("document_detail", args=[document.pk])
    assert document.owner == world.student.user and document.status == "issued", document.error
    download = client.get(reverse("document_download", args=[document.pk]))
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "certificat de scolarité" in text.lower() and "Martin" in text and "2026-2027" in text
    # 8. another student sees none of it, pages and API alike
    client.force_login(world.other_student.user)
    for url in (
        reverse("enrollment:registration", args=[reg.pk]),
        reverse("enrollment:uploaded_document", args=[reg.documents.first().pk]),
        reverse("document_download", args=[document.pk]),
        reverse("enrollment:manage", args=[reg.pk]),
        reverse("enrollment:student_edit", args=[world.student.pk]),
        reverse("enrollment-api-registration", args=[reg.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (reverse("enrollment:certificate", args=[reg.pk]),
                reverse("enrollment:registration_action", args=[reg.pk, "withdraw"]),
                reverse("enrollment:document_upload", args=[reg.pk])):
        assert client.post(url).status_code == 404, url
    assert "Martin" not in _html(client.get(reverse("enrollment:portal")))
    assert client.get(reverse("enrollment-api-me")).json() == []
    assert client.get(reverse("enrollment-api-registrations")).status_code == 403


def test_api_me_and_staff_scope(world, client):
    reg = RegistrationFactory(student=world.student, study_year=world.study_year, state="draft")
    RegistrationFactory(student=world.other_student, study_year=world.study_year, state="draft")
    client.force_login(world.student.user)
    data = client.get(reverse("enrollment-api-me")).json()
    assert [r["id"] for r in data] == [reg.pk]
    assert [m["code"] for m in data[0]["missing_documents"]] == ["identite", "bac"]
    response = client.post(reverse("enrollment-api-submit", args=[reg.pk]), content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "incomplete"
    response = client.post(reverse("enrollment-api-validate", args=[reg.pk]), content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "enrollment.transition_not_allowed"
    client.force_login(world.secretariat)
    data = client.get(reverse("enrollment-api-registrations")).json()
    assert data["count"] == 2
    assert client.get(reverse("enrollment-api-registration", args=[reg.pk])).status_code == 200


def test_secretariat_of_another_component_sees_nothing(world, client):
    from core.models import Role
    from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

    reg = RegistrationFactory(student=world.student, study_year=world.study_year, state="complete")
    stranger = UserFactory()
    other = ComponentFactory(institution=world.institution)
    RoleAssignmentFactory(user=stranger, role=Role.SECRETARIAT, institution=world.institution, component=other)
    client.force_login(stranger)
    assert client.get(reverse("enrollment:manage", args=[reg.pk])).status_code == 404
    assert client.post(reverse("enrollment:manage_action", args=[reg.pk, "validate"])).status_code == 404
    assert client.get(reverse("enrollment-api-registrations")).json()["count"] == 0
    assert client.get(reverse("enrollment-api-registration", args=[reg.pk])).status_code == 404
    assert "Alice" not in _html(client.get(reverse("enrollment:backoffice")))
    reg.refresh_from_db()
    assert reg.state == "complete"


def test_bulk_actions_page(world, client):
    from enrollment import services

    reg = RegistrationFactory(student=world.student, study_year=world.study_year, state="complete")
    for t in (world.doc_id, world.doc_bac):
        services.document_upload(actor=world.secretariat, registration=reg, document_type=t, file=pdf_upload())
    client.force_login(world.secretariat)
    response = client.post(reverse("enrollment:bulk"), {"action": "validate", "selected": [reg.pk]})
    assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.state == "validated"
    html = _html(client.get(reverse("enrollment:backoffice") + "?state=validated&q=martin"))
    assert "Alice" in html
    assert "Alice" not in _html(client.get(reverse("enrollment:backoffice") + "?state=incomplete"))


def test_student_edit_page(world, client):
    client.force_login(world.secretariat)
    url = reverse("enrollment:student_edit", args=[world.student.pk])
    assert "INE" in _html(client.get(url))
    response = client.post(url, {"student_number": world.student.student_number, "ine": "BAD", "regime": "initial"})
    assert response.status_code == 400 and "11 caractères" in _html(response)
    response = client.post(url, {"student_number": world.student.student_number, "ine": "1234567890A",
                                 "regime": "continuing", "attendance_exempt": "on"})
    assert response.status_code == 302
    world.student.refresh_from_db()
    assert world.student.regime == "continuing" and world.student.attendance_exempt


def test_disability_office_adds_accommodation(world, client):
    from core.models import Role
    from tests.factories import RoleAssignmentFactory, UserFactory

    office = UserFactory()
    RoleAssignmentFactory(user=office, role=Role.DISABILITY_OFFICE, institution=world.institution)
    client.force_login(office)
    url = reverse("enrollment:student_edit", args=[world.student.pk])
    html = _html(client.get(url))
    assert "Ajouter un aménagement" in html and 'name="ine"' not in html  # no record edit for this office
    client.post(reverse("enrollment:accommodation_add", args=[world.student.pk]), {
        "kind": "extra_time", "extra_time_percent": 33, "valid_from": "2026-09-01", "valid_until": "2027-08-31"})
    assert world.student.accommodations.get().extra_time_percent == 33
    client.force_login(world.secretariat)  # the scolarité does not decide accommodations
    assert client.post(reverse("enrollment:accommodation_add", args=[world.student.pk]),
                       {"kind": "secretary", "valid_from": "2026-09-01"}).status_code == 404
    client.force_login(world.other_student.user)
    assert client.get(url).status_code == 404


def test_owner_downloads_own_uploaded_document(world, client):
    from enrollment import services

    reg = RegistrationFactory(student=world.student, study_year=world.study_year)
    doc = services.document_upload(actor=world.student.user, registration=reg, document_type=world.doc_id,
                                   file=pdf_upload())
    client.force_login(world.student.user)
    response = client.get(reverse("enrollment:uploaded_document", args=[doc.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(world.secretariat)
    assert client.get(reverse("enrollment:uploaded_document", args=[doc.pk])).status_code == 200


def test_continuing_student_reregisters_from_portal(world, client, monkeypatch):
    """A validated registration last year makes this one a re-registration, checked against the
    jury decision when the juries app provides it (ENR-D-004)."""
    from enrollment import selectors

    from .factories import StudyYearFactory

    last_year = StudyYearFactory(programme_version__programme=world.study_year.programme_version.programme,
                                 programme_version__academic_year=2025, level=1)
    RegistrationFactory(student=world.student, study_year=last_year, state="validated")
    year2 = StudyYearFactory(programme_version=world.study_year.programme_version, level=2, label="BUT 2")
    client.force_login(world.student.user)
    monkeypatch.setattr(selectors, "previous_decision_code", lambda student, year: "RED")
    client.post(reverse("enrollment:registration_create"), {"study_year": year2.pk})
    assert not AdministrativeRegistration.objects.filter(study_year=year2).exists()  # RED: repeat BUT 1 only
    client.post(reverse("enrollment:registration_create"), {"study_year": world.study_year.pk})
    reg = AdministrativeRegistration.objects.get(study_year=world.study_year)
    assert reg.is_reregistration and reg.previous_decision_code == "RED"


def test_certificate_refused_before_validation_and_issued_once(world, client, django_capture_on_commit_callbacks):
    reg = RegistrationFactory(student=world.student, study_year=world.study_year, state="complete")
    client.force_login(world.student.user)
    response = client.post(reverse("enrollment:certificate", args=[reg.pk]))
    assert response.status_code == 302 and not Document.objects.exists()
    reg.state = "validated"
    reg.save()
    client.force_login(world.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enrollment:certificate", args=[reg.pk]))
        client.post(reverse("enrollment:certificate", args=[reg.pk]))
    document = Document.objects.get()
    assert document.owner == world.student.user and document.status == "issued"


def test_anonymous_and_non_students(world, client):
    from tests.factories import UserFactory

    portal = reverse("enrollment:portal")
    assert client.get(portal).status_code == 302  # to the login page
    assert client.get(reverse("enrollment-api-me")).status_code in (401, 403)
    client.force_login(UserFactory())
    assert "pas de fiche étudiant" in _html(client.get(portal))
    assert client.post(reverse("enrollment:registration_create"), {"study_year": world.study_year.pk}).status_code == 404
    assert client.get(reverse("enrollment:backoffice")).status_code == 404
    assert client.get(reverse("enrollment-api-registrations")).status_code == 403
