"""Shell API: the API root, the current user, document metadata and download.

Thin views (STYLE: input → selector/service → output); errors use the one format
``{code, message, fields}`` (core.api.exception_handler).
"""

from __future__ import annotations

import io
from typing import cast

from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_serializers import DocumentSerializer, MeSerializer
from core.documents.selectors import documents_owned_by, get_document_for
from core.documents.services import document_read_bytes
from core.errors import NotFound
from core.models import User
from core.models.documents import DocumentStatus
from core.permissions import active_assignments

#: The app areas mounted under /api/v1/<prefix>/ by config/urls.py.
API_AREAS = ("courses", "enrollment", "admissions", "exams", "juries", "internships", "absences", "discipline")

ERROR_RESPONSES = {
    403: OpenApiResponse(description="{code, message, fields}"),
    404: OpenApiResponse(description="{code, message, fields}"),
}


class ApiRootView(APIView):
    """Entry point: links to the schema, the documentation, the current user and each app's API."""

    @extend_schema(
        operation_id="api_root",
        responses=inline_serializer(
            "ApiRoot",
            fields={
                "me": serializers.URLField(),
                "schema": serializers.URLField(),
                "docs": serializers.URLField(),
                "documents": serializers.URLField(),
                "areas": serializers.DictField(child=serializers.URLField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        absolute = request.build_absolute_uri
        base = reverse("api-root")
        return Response(
            {
                "me": absolute(reverse("api-me")),
                "schema": absolute(reverse("api-schema")),
                "docs": absolute(reverse("api-docs")),
                "documents": absolute(reverse("api-document-list")),
                "areas": {area: absolute(f"{base}{area}/") for area in API_AREAS},
            }
        )


class MeView(APIView):
    """The signed-in person and the roles they currently hold."""

    @extend_schema(operation_id="me_retrieve", responses={200: MeSerializer, **ERROR_RESPONSES})
    def get(self, request: Request) -> Response:
        assignments = (
            active_assignments(cast(User, request.user))
            .select_related("institution", "component", "scope_type")
            .order_by("institution__name", "role", "id")
        )
        return Response(MeSerializer(request.user, context={"assignments": assignments}).data)


class DocumentListView(APIView):
    """The documents that concern the caller (every version), newest first, paginated."""

    @extend_schema(operation_id="documents_list", responses=DocumentSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(documents_owned_by(cast(User, request.user)), request, view=self)
        return paginator.get_paginated_response(
            DocumentSerializer(page, many=True, context={"request": request}).data
        )


class DocumentDetailView(APIView):
    """Metadata of a document the caller may download (404 for missing and forbidden alike)."""

    @extend_schema(operation_id="documents_retrieve", responses={200: DocumentSerializer, **ERROR_RESPONSES})
    def get(self, request: Request, pk: int) -> Response:
        document = get_document_for(cast(User, request.user), pk)
        return Response(DocumentSerializer(document, context={"request": request}).data)


class DocumentDownloadView(APIView):
    """The issued PDF; its SHA-256 is checked before it is sent and given in X-Content-SHA256."""

    @extend_schema(
        operation_id="documents_download",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERROR_RESPONSES},
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        document = get_document_for(cast(User, request.user), pk)
        if document.status != DocumentStatus.ISSUED:
            raise NotFound()
        data = document_read_bytes(document)
        response = FileResponse(
            io.BytesIO(data), as_attachment=True, filename=f"{document.reference}.pdf", content_type="application/pdf"
        )
        response["X-Content-SHA256"] = document.sha256
        response["Cache-Control"] = "private, no-store"
        return response
