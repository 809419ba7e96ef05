"""API serializers: output shapes only; writes go through services (STYLE: thin API)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from enrollment import selectors
from enrollment.models import AdministrativeRegistration


class DocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField(source="document_type.code")
    original_name = serializers.CharField()
    status = serializers.CharField()
    rejection_reason = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class RegistrationOut(serializers.Serializer):
    id = serializers.IntegerField()
    academic_year = serializers.IntegerField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    student_number = serializers.CharField(source="student.student_number")
    student_name = serializers.SerializerMethodField()
    programme = serializers.SerializerMethodField()
    study_year = serializers.CharField(source="study_year.label")
    is_reregistration = serializers.BooleanField()
    remote_validation_pending_originals = serializers.BooleanField()
    originals_due = serializers.DateField(allow_null=True)
    validated_at = serializers.DateTimeField(allow_null=True)

    def get_student_name(self, obj: AdministrativeRegistration) -> str:
        return obj.student.user.get_full_name()

    def get_programme(self, obj: AdministrativeRegistration) -> str:
        return str(obj.study_year.programme_version.programme)


class RegistrationDetailOut(RegistrationOut):
    missing_documents = serializers.SerializerMethodField()
    documents = DocumentOut(many=True, source="documents.all")
    modules = serializers.SerializerMethodField()
    groups = serializers.SerializerMethodField()

    def get_missing_documents(self, obj: AdministrativeRegistration) -> list[dict[str, str]]:
        return selectors.missing_documents_context(obj, selectors.documents_decision(obj))

    def get_modules(self, obj: AdministrativeRegistration) -> list[dict[str, Any]]:
        return [
            {"id": mr.module_id, "code": mr.module.code, "title": mr.module.title, "semester": ped.semester.number}
            for ped in obj.pedagogical_registrations.all() for mr in ped.module_registrations.all()
        ]

    def get_groups(self, obj: AdministrativeRegistration) -> list[dict[str, Any]]:
        return [
            {"id": gm.group_id, "code": gm.group.code, "kind": gm.group.kind, "semester": ped.semester.number}
            for ped in obj.pedagogical_registrations.all() for gm in ped.group_memberships.all()
        ]


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ValidateIn(serializers.Serializer):
    remote = serializers.BooleanField(required=False, default=False)
