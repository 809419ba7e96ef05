"""Shell API: root, me, document metadata/download, one error format, a valid OpenAPI schema."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied as DRFPermissionDenied
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from core.documents.attestations import role_attestation_issue
from core.errors import ApplicationError
from core.models import Document, Role
from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def document(django_capture_on_commit_callbacks):
    admin = RoleAssignmentFactory(role=Role.ADMINISTRATOR)
    teacher = RoleAssignmentFactory(role=Role.TEACHER, institution=admin.institution)
    with django_capture_on_commit_callbacks(execute=True):
        doc = role_attestation_issue(actor=admin.user, assignment=teacher)
    return Document.objects.get(pk=doc.pk)


def test_root_lists_endpoints(api):
    api.force_authenticate(UserFactory())
    body = api.get("/api/v1/").json()
    assert body["me"].endswith("/api/v1/me/")
    assert body["schema"].endswith("/api/v1/schema/")
    assert body["docs"].endswith("/api/v1/docs/")
    assert body["areas"]["enrollment"].endswith("/api/v1/enrollment/")
    assert body["documents"].endswith("/api/v1/documents/")


def test_me_returns_user_and_roles(api):
    component = ComponentFactory(code="ufr-st")
    ra = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=component.institution, component=component)
    api.force_authenticate(ra.user)
    body = api.get(reverse("api-me")).json()
    assert body["email"] == ra.user.email
    assert body["is_staff_member"] is True
    assert body["roles"] == [
        {
            "id": ra.pk, "role": "secretariat", "role_label": str(Role.SECRETARIAT.label),
            "institution": component.institution.code, "institution_name": component.institution.name,
            "component": "ufr-st", "component_name": component.name, "scope": None,
            "valid_from": None, "valid_until": None,
        }
    ]


def test_me_anonymous_gets_403_in_error_format(api):
    response = api.get(reverse("api-me"))
    assert response.status_code == 403
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "not_authenticated" and body["fields"] == {}


def test_document_metadata_and_download_for_owner(api, document):
    api.force_authenticate(document.owner)
    body = api.get(reverse("api-document-detail", args=[document.pk])).json()
    assert body["reference"] == document.reference and body["sha256"] == document.sha256
    assert body["status"] == "issued" and body["version"] == 1 and body["previous"] is None
    assert body["download_url"].endswith(reverse("api-document-download", args=[document.pk]))
    response = api.get(reverse("api-document-download", args=[document.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == document.sha256
    assert response["X-Content-SHA256"] == document.sha256


def test_document_list_shows_own_documents_only(api, document):
    api.force_authenticate(document.owner)
    body = api.get(reverse("api-document-list")).json()
    assert body["count"] == 1 and body["results"][0]["reference"] == document.reference
    api.force_authenticate(UserFactory())
    assert api.get(reverse("api-document-list")).json()["count"] == 0


@pytest.mark.parametrize("who", ["other_student", "other_institution_staff"])
def test_document_forbidden_is_404_in_error_format(api, document, who):
    if who == "other_student":
        user = RoleAssignmentFactory(role=Role.STUDENT, institution=document.institution).user
    else:
        user = RoleAssignmentFactory(role=Role.SECRETARIAT).user
    api.force_authenticate(user)
    for name in ("api-document-detail", "api-document-download"):
        response = api.get(reverse(name, args=[document.pk]))
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "message": "Introuvable.", "fields": {}}


def test_missing_document_is_404_like_forbidden(api):
    api.force_authenticate(UserFactory())
    response = api.get(reverse("api-document-detail", args=[999999]))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


class _Input(serializers.Serializer):
    email = serializers.EmailField()


class _ErrorView(APIView):
    def post(self, request):
        kind = request.query_params["kind"]
        if kind == "application":
            raise ApplicationError(
                "documents.not_issued", "Seul un document émis peut être corrigé.",
                fields={"document": "non émis"}, rule_id="UTC-3.01b-late-minor",
            )
        if kind == "forbidden":
            raise DRFPermissionDenied()
        _Input(data=request.data).is_valid(raise_exception=True)
        return None


@pytest.mark.parametrize(
    ("kind", "status", "code", "fields"),
    [
        ("application", 400, "documents.not_issued", {"document": ["non émis"]}),
        ("validation", 400, "validation_error", {"email": ["Saisissez une adresse e-mail valide."]}),
        ("forbidden", 403, "permission_denied", {}),
    ],
)
def test_error_format(kind, status, code, fields):
    request = APIRequestFactory().post(f"/x/?kind={kind}", {"email": "pas-une-adresse"}, format="json")
    request.user = UserFactory()
    from rest_framework.test import force_authenticate

    force_authenticate(request, user=request.user)
    response = _ErrorView.as_view()(request)
    assert response.status_code == status
    assert response.data["code"] == code
    assert response.data["fields"] == fields
    assert isinstance(response.data["message"], str) and response.data["message"]
    if kind == "application":
        assert response.data["rule_id"] == "UTC-3.01b-late-minor"


def test_openapi_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    for path in ("/api/v1/me/", "/api/v1/documents/{id}/", "/api/v1/documents/{id}/download/"):
        assert path in text


def test_schema_and_docs_views(api):
    api.force_authenticate(UserFactory())
    assert api.get("/api/v1/schema/").status_code == 200
    assert api.get("/api/v1/docs/").status_code == 200
