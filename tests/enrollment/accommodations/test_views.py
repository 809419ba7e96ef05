"""Pages: « Mes aménagements », the request form, the request page, the disability office's queue,
private documents. A student sees only their own requests and documents (404 otherwise); teachers,
the exam office and the scolarité never see the medical reasons."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Role
from enrollment.models import AccommodationRequest
from enrollment.services.accommodation_requests import (
    accommodation_request_decide,
    accommodation_request_file,
)
from tests.factories import RoleAssignmentFactory, UserFactory

from .factories import at, setup

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REASONS = "Sclérose en plaques (confidentiel)"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("certificat.pdf", PDF, content_type="application/pdf")


def filed(s, student, **kwargs):  # type: ignore[no-untyped-def]
    values = {"kinds": ["extra_time"], "extra_time_percent": 33, "reasons": REASONS, "files": [pdf()],
              "at": at(2026, 12, 1), **kwargs}
    return accommodation_request_file(actor=student.user, student=student, **values)


def html(response) -> str:  # type: ignore[no-untyped-def]
    text = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    return text


def test_student_files_a_request_through_the_form_and_sees_it(client):
    s = setup("tours", seated=False)
    student = s.world.students[0]
    client.force_login(student.user)
    form = client.get(reverse("enrollment:accommodation_request_create"))
    assert form.status_code == 200 and "Aménagements demandés" in html(form)
    bad = client.post(reverse("enrollment:accommodation_request_create"),
                      {"academic_year": 2026, "scope": "year", "kinds": ["extra_time"], "reasons": "x"})
    assert bad.status_code == 400 and "tiers-temps" in html(bad)
    response = client.post(reverse("enrollment:accommodation_request_create"), {
        "academic_year": 2026, "scope": "semester", "semester": s.world.semester.pk,
        "kinds": ["extra_time", "large_print"], "extra_time_percent": 33, "reasons": REASONS,
        "attachments": [pdf()]})
    request = AccommodationRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("enrollment:accommodation_request",
                                                                            args=[request.pk])
    assert request.semester == s.world.semester and request.documents.count() == 1
    mine = html(client.get(reverse("enrollment:my_accommodations")))
    assert "Déposée" in mine and "Sujets en gros caractères" in mine


def test_my_accommodations_shows_granted_ones_with_validity(client):
    s = setup("utc", seated=False)
    student = s.world.students[0]
    accommodation_request_decide(actor=s.office, request=filed(s, student), decision="grant", at=at(2026, 12, 2),
                                 valid_until=date(2027, 1, 31))
    client.force_login(student.user)
    page = html(client.get(reverse("enrollment:my_accommodations")))
    assert "Temps majoré (tiers-temps) 33 %" in page and "02/12/2026" in page and "31/01/2027" in page
    assert "Accordée" in page


def test_a_student_sees_only_their_own_requests_and_documents(client):
    s = setup("utc", seated=False)
    mine, other = s.world.students[0], s.world.students[1]
    request = filed(s, mine)
    document = request.documents.get()
    client.force_login(mine.user)
    assert REASONS in html(client.get(reverse("enrollment:accommodation_request", args=[request.pk])))
    download = client.get(reverse("enrollment:accommodation_request_document", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(other.user)
    for url in (reverse("enrollment:accommodation_request", args=[request.pk]),
                reverse("enrollment:accommodation_request_document", args=[document.pk]),
                reverse("enrollment:accommodation_request", args=[99999]),
                reverse("enrollment:accommodation_queue")):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("enrollment:accommodation_request_action", args=[request.pk, "withdraw"])
                       ).status_code == 404
    assert AccommodationRequest.objects.get().state == "submitted"


@pytest.mark.parametrize("role", [Role.MODULE_HEAD, Role.TEACHER, Role.EXAM_OFFICE, Role.SECRETARIAT])
def test_teachers_and_other_staff_cannot_see_the_medical_reasons(client, role):
    s = setup("utc", seated=False)
    request = filed(s, s.world.students[0])
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=role, institution=s.world.component.institution)
    client.force_login(user)
    assert client.get(reverse("enrollment:accommodation_request", args=[request.pk])).status_code == 404
    assert client.get(reverse("enrollment:accommodation_request_document",
                              args=[request.documents.get().pk])).status_code == 404
    assert client.get(reverse("enrollment:accommodation_queue")).status_code == 404


def test_office_of_another_institution_gets_404(client):
    s = setup("utc", seated=False)
    request = filed(s, s.world.students[0])
    stranger = UserFactory()
    RoleAssignmentFactory(user=stranger, role=Role.DISABILITY_OFFICE)  # another institution
    client.force_login(stranger)
    assert client.get(reverse("enrollment:accommodation_request", args=[request.pk])).status_code == 404
    assert "Aucune demande" in html(client.get(reverse("enrollment:accommodation_queue")))


def test_office_decides_through_the_page_and_errors_cite_the_rule(client):
    s = setup("tours", seated=False)
    request = filed(s, s.world.students[0], at=at(2026, 12, 20))  # late (deadline 11/12/2026)
    client.force_login(s.office)
    page = html(client.get(reverse("enrollment:accommodation_request", args=[request.pk])))
    assert REASONS in page and "hors délai" in page and "TOURS-VI-3.2-accommodation-request" in page
    url = reverse("enrollment:accommodation_request_action", args=[request.pk, "decide"])
    refused = html(client.post(url, {"decision": "grant"}, follow=True))
    assert "TOURS-VI-3.2-accommodation-request" in refused
    assert AccommodationRequest.objects.get().state == "submitted"
    client.post(url, {"decision": "grant", "force_majeure": "on", "force_majeure_explanation": "Accident"})
    assert AccommodationRequest.objects.get().state == "granted"


def test_queue_filters_counts_deadline_column_and_bounded_queries(client, django_assert_max_num_queries):
    s = setup("tours", students=2, seated=False)
    filed(s, s.world.students[0], at=at(2026, 12, 1))
    late = filed(s, s.world.students[1], at=at(2026, 12, 20))
    client.force_login(s.office)
    with django_assert_max_num_queries(25) as small:
        page = html(client.get(reverse("enrollment:accommodation_queue")))
    baseline = len(small.captured_queries)
    assert "11/12/2026" in page and "hors délai" in page and "Déposées : 2" in page
    only_late = html(client.get(reverse("enrollment:accommodation_queue"), {"etat": "late"}))
    assert late.student.user.last_name.upper() in only_late
    assert s.world.students[0].user.last_name.upper() not in only_late
    from tests.exams.office.factories import register

    for i in range(8):
        filed(s, register(s.world, last=f"Nom{i}", first="Léa"))
    with django_assert_max_num_queries(baseline):
        client.get(reverse("enrollment:accommodation_queue"))
    searched = html(client.get(reverse("enrollment:accommodation_queue"), {"q": "Nom3", "etat": "all"}))
    assert "NOM3" in searched and "NOM4" not in searched


def test_student_adds_documents_then_withdraws_and_office_takes_charge(client):
    s = setup("utc", seated=False)
    student = s.world.students[0]
    request = filed(s, student)
    client.force_login(student.user)
    action = "enrollment:accommodation_request_action"
    client.post(reverse(action, args=[request.pk, "documents"]), {"attachments": [pdf()]})
    assert request.documents.count() == 2
    assert client.post(reverse(action, args=[request.pk, "review"])).status_code == 302  # refused, not applied
    assert AccommodationRequest.objects.get().state == "submitted"
    client.force_login(s.office)
    client.post(reverse(action, args=[request.pk, "review"]))
    assert AccommodationRequest.objects.get().state == "under_review"
    client.force_login(student.user)
    client.post(reverse(action, args=[request.pk, "withdraw"]), {"reason": "Je renonce"})
    request.refresh_from_db()
    assert request.state == "withdrawn"
    page = html(client.get(reverse("enrollment:accommodation_request", args=[request.pk])))
    assert "Retirée" in page and "Je renonce" in page and "Ajouter" not in page
    assert client.post(reverse(action, args=[request.pk, "nope"])).status_code == 404


def test_office_files_on_behalf_of_a_student_found_by_number(client):
    s = setup("utc", seated=False)
    student = s.world.students[0]
    client.force_login(s.office)
    found = client.get(reverse("enrollment:accommodation_queue"), {"etudiant": student.student_number})
    url = reverse("enrollment:accommodation_request_create_for", args=[student.pk])
    assert found.status_code == 302 and found["Location"] == url
    assert "Aucun·e étudiant·e" in html(client.get(reverse("enrollment:accommodation_queue"), {"etudiant": "000"},
                                                    follow=True))
    response = client.post(url, {"academic_year": 2026, "scope": "year", "kinds": ["secretary"], "reasons": REASONS})
    created = AccommodationRequest.objects.get()
    assert response.status_code == 302 and created.student == student and created.submitted_by == s.office
    client.force_login(s.world.students[1].user)  # a student cannot file for another one
    assert client.get(url).status_code == 404
