"""Output serializers of the shell API (the current user, document metadata)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.models import Document, RoleAssignment, User
from core.permissions import is_staff_member


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    institution = serializers.CharField(source="institution.code", read_only=True)
    institution_name = serializers.CharField(source="institution.name", read_only=True)
    component = serializers.CharField(source="component.code", read_only=True, allow_null=True, default=None)
    component_name = serializers.CharField(source="component.name", read_only=True, allow_null=True, default=None)
    scope = serializers.SerializerMethodField()

    class Meta:
        model = RoleAssignment
        fields = [
            "id", "role", "role_label", "institution", "institution_name", "component", "component_name",
            "scope", "valid_from", "valid_until",
        ]

    @extend_schema_field(
        {"type": "object", "nullable": True, "properties": {"type": {"type": "string"}, "id": {"type": "integer"}}}
    )
    def get_scope(self, obj: RoleAssignment) -> dict | None:
        if obj.scope_type is None:
            return None
        return {"type": f"{obj.scope_type.app_label}.{obj.scope_type.model}", "id": obj.scope_id}


class MeSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)
    is_staff_member = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "full_name", "preferred_language", "is_staff_member", "roles"]

    def get_is_staff_member(self, obj: User) -> bool:
        return is_staff_member(obj)

    @extend_schema_field(RoleAssignmentSerializer(many=True))
    def get_roles(self, obj: User) -> list[Any]:
        assignments = self.context.get("assignments", [])
        return list(RoleAssignmentSerializer(assignments, many=True).data)


class DocumentSerializer(serializers.ModelSerializer):
    institution = serializers.CharField(source="institution.code", read_only=True, allow_null=True, default=None)
    previous: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True)
    is_current = serializers.BooleanField(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "reference", "kind", "title", "version", "previous", "is_current", "correction_reason",
            "status", "language", "institution", "sha256", "size", "created_at", "issued_at", "download_url",
        ]

    def get_download_url(self, obj: Document) -> str | None:
        if obj.status != "issued":
            return None
        url = reverse("api-document-download", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url
