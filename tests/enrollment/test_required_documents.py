"""The scolarité configures the documents students must provide (ARL-ES05.3-first-enrollment):
component secretariat for its programmes, institution scolarité for all; bad input names the field;
a document already uploaded cannot be removed; others get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.errors import ApplicationError, NotFound
from core.models import AuditEvent, Role
from enrollment.models import RegistrationDocument, RequiredDocumentType
from enrollment.services.required_documents import required_document_delete, required_document_save
from tests.factories import RoleAssignmentFactory, UserFactory

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db

VALUES = {"label": "Attestation CVEC", "help_text": "", "mandatory": True, "first_registration_only": False,
          "accepted_types": ["PDF", ".png"], "max_size_kb": 2048, "position": 3}


def test_component_secretariat_adds_a_document_to_its_programme_only(world):
    programme = world.study_year.programme_version.programme
    doc = required_document_save(actor=world.secretariat, institution=world.institution, programme=programme,
                                 values=VALUES)
    assert (doc.code, doc.accepted_types, doc.programme) == ("attestation-cvec", ["pdf", "png"], programme)
    assert AuditEvent.objects.filter(action="enrollment.required_document.save").count() == 1
    with pytest.raises(NotFound):  # institution-wide needs an institution-level role
        required_document_save(actor=world.secretariat, institution=world.institution, values=VALUES)
    central = UserFactory()
    RoleAssignmentFactory(user=central, role=Role.SECRETARIAT, institution=world.institution, component=None)
    required_document_save(actor=central, institution=world.institution, values=VALUES)
    assert RequiredDocumentType.objects.filter(code="attestation-cvec").count() == 2


@pytest.mark.parametrize(("change", "field"), [
    ({"label": " "}, "label"),
    ({"accepted_types": ["exe"]}, "accepted_types"),
    ({"accepted_types": []}, "accepted_types"),
    ({"max_size_kb": 0}, "max_size_kb"),
])
def test_bad_input_names_the_field(world, change, field):
    programme = world.study_year.programme_version.programme
    with pytest.raises(ApplicationError) as exc:
        required_document_save(actor=world.secretariat, institution=world.institution, programme=programme,
                               values={**VALUES, **change})
    assert field in exc.value.fields
    assert not RequiredDocumentType.objects.filter(label__startswith="Attestation").exists()


def test_a_duplicate_is_refused_with_the_field(world):
    programme = world.study_year.programme_version.programme
    required_document_save(actor=world.secretariat, institution=world.institution, programme=programme, values=VALUES)
    with pytest.raises(ApplicationError) as exc:
        required_document_save(actor=world.secretariat, institution=world.institution, programme=programme,
                               values=VALUES)
    assert exc.value.code == "enrollment.required_document_duplicate" and "label" in exc.value.fields


def test_a_document_already_uploaded_cannot_be_removed(world):
    registration = RegistrationFactory(student=world.student, study_year=world.study_year)
    RegistrationDocument.objects.create(registration=registration, document_type=world.doc_bac,
                                        file="x.pdf", original_name="x.pdf", size=10)
    with pytest.raises(ApplicationError) as exc:
        required_document_delete(actor=world.secretariat, document_type=world.doc_bac)
    assert exc.value.code == "enrollment.required_document_in_use"
    assert RequiredDocumentType.objects.filter(pk=world.doc_bac.pk).exists()


def test_pages_list_add_edit_remove_and_404_for_others(client, world):
    client.force_login(world.secretariat)
    url = reverse("enrollment:required_documents")
    page = client.get(url).content.decode()
    assert "Relevé de notes du baccalauréat" in page and "INVALID_TEMPLATE_VARIABLE" not in page
    # the component secretariat edits its programme's document, not the institution-wide one
    assert reverse("enrollment:required_document_edit", args=[world.doc_bac.pk]) in page
    assert reverse("enrollment:required_document_edit", args=[world.doc_id.pk]) not in page
    programme = world.study_year.programme_version.programme
    response = client.post(url, {"institution": world.institution.pk, "programme": programme.pk, "label": "CVEC",
                                 "accepted_types": ["pdf"], "max_size_kb": 1024, "position": 1, "mandatory": "on"})
    assert response.status_code == 302
    doc = RequiredDocumentType.objects.get(code="cvec")
    edit = reverse("enrollment:required_document_edit", args=[doc.pk])
    assert client.post(edit, {"label": "Attestation CVEC", "accepted_types": ["pdf", "jpg"], "max_size_kb": 1024,
                              "position": 1}).status_code == 302
    doc.refresh_from_db()
    assert (doc.label, doc.mandatory, doc.accepted_types) == ("Attestation CVEC", False, ["jpg", "pdf"])
    # the institution-wide identity document is read-only for the component secretariat
    assert client.get(reverse("enrollment:required_document_edit", args=[world.doc_id.pk])).status_code == 404
    assert client.post(reverse("enrollment:required_document_delete", args=[doc.pk])).status_code == 302
    assert not RequiredDocumentType.objects.filter(pk=doc.pk).exists()

    client.force_login(world.student.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("enrollment:required_document_edit", args=[world.doc_bac.pk])).status_code == 404
