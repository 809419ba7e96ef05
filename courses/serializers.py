"""Output serializers of the courses API (read-only)."""

from __future__ import annotations

from rest_framework import serializers

from courses.models import AssessmentComponent, Module, ModuleUE, Programme, ProgrammeVersion


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeVersion
        fields = ["id", "academic_year", "state", "revision", "council", "council_date", "published_at"]


class ProgrammeSerializer(serializers.ModelSerializer):
    component = serializers.CharField(source="component.name")
    versions = VersionSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "code", "diploma_type", "title", "mention", "component", "versions"]


class ComponentSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentComponent
        fields = ["id", "code", "title", "type", "weight_percent", "session", "duration_minutes", "group_mode",
                  "anonymous", "double_marking", "language", "is_continuous", "evaluation_count", "window_start",
                  "window_end", "planned_date", "allowed_documents", "allowed_materials", "marking_scale"]


class ModuleUESerializer(serializers.ModelSerializer):
    ue = serializers.CharField(source="ue.code")

    class Meta:
        model = ModuleUE
        fields = ["ue", "coefficient"]


class ModuleSerializer(serializers.ModelSerializer):
    semester = serializers.IntegerField(source="semester.number")
    programme_version = serializers.IntegerField(source="semester.study_year.programme_version_id")
    components = ComponentSerializer(many=True, read_only=True)
    coefficients = ModuleUESerializer(source="ue_links", many=True, read_only=True)

    class Meta:
        model = Module
        fields = ["id", "code", "title", "kind", "hours", "ects", "is_optional", "semester", "programme_version",
                  "validation_threshold", "eliminatory_mark", "attendance_condition", "second_session_rule",
                  "cc_carry_over", "coefficients", "components"]
