"""API input/output shapes of grade entry (output serializers never carry another student's mark
to a student: the student endpoints only serialise the caller's own Mark)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from juries.models import MarkField


class EvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    label = serializers.CharField()  # type: ignore[assignment]  # the API field "label" shadows Field.label in the stubs
    date = serializers.DateField()
    session = serializers.CharField()
    scale = serializers.IntegerField()
    module = serializers.CharField(source="component.module.code")
    component = serializers.CharField(source="component.code")
    double_marking = serializers.BooleanField(source="component.double_marking")


class GridRowSerializer(serializers.Serializer):
    student = serializers.IntegerField(source="student.pk")
    email = serializers.EmailField(source="student.email")
    last_name = serializers.CharField(source="student.last_name")
    first_name = serializers.CharField(source="student.first_name")
    student_number = serializers.CharField()
    mark = serializers.SerializerMethodField()
    first = serializers.SerializerMethodField()
    second = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()
    hold = serializers.SerializerMethodField()

    def get_mark(self, row) -> str:  # type: ignore[no-untyped-def]
        return row.mark.raw() if row.mark else ""

    def get_hold(self, row) -> dict | None:  # type: ignore[no-untyped-def]
        """The hold on the mark (staff badge): kind, label, rule id, active; None without one."""
        hold = row.hold
        if hold is None:
            return None
        return {"kind": hold.kind, "label": hold.label, "rule_id": hold.rule_id, "active": hold.is_active,
                "outcome": hold.outcome}

    def get_first(self, row) -> str:  # type: ignore[no-untyped-def]
        return row.mark.raw(MarkField.FIRST) if row.mark else ""

    def get_second(self, row) -> str:  # type: ignore[no-untyped-def]
        return row.mark.raw(MarkField.SECOND) if row.mark else ""

    def get_version(self, row) -> int:  # type: ignore[no-untyped-def]
        return row.mark.version if row.mark else 0


class MarkInputSerializer(serializers.Serializer):
    student = serializers.IntegerField()
    value = serializers.CharField(allow_blank=True, max_length=12)
    field = serializers.ChoiceField(choices=MarkField.values, default=MarkField.FINAL)
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=300)
    expected = serializers.CharField(allow_blank=True, required=False, allow_null=True, default=None, max_length=12)


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField()
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=300)


class PublishInputSerializer(serializers.Serializer):
    provisional = serializers.BooleanField(default=True)


class StatsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    median = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    stdev = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    minimum = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    maximum = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    specials = serializers.DictField(child=serializers.IntegerField())
    distribution = serializers.SerializerMethodField()

    def get_distribution(self, stats) -> list[dict]:  # type: ignore[no-untyped-def]
        return [{"low": str(b.low), "high": str(b.high), "count": b.count} for b in stats.bins]


class OwnMarkSerializer(serializers.Serializer):
    evaluation = EvaluationSerializer()
    mark = serializers.SerializerMethodField()
    provisional = serializers.BooleanField(source="publication.provisional")
    published_at = serializers.DateTimeField(source="publication.published_at")
    statistics = serializers.SerializerMethodField()
    hold = serializers.SerializerMethodField()

    def get_mark(self, item) -> str:  # type: ignore[no-untyped-def]
        """Empty while a hold hides the mark (UTC-3.01e-reserve-hold, STRAS-35): see ``hold``."""
        if item.hold is not None:
            return ""
        return item.mark.raw() if item.mark else ""

    def get_hold(self, item) -> str:  # type: ignore[no-untyped-def]
        """The label shown instead of the mark (« Réservée », « Suspendue — … »), or ""."""
        return item.hold.label if item.hold is not None else ""

    @extend_schema_field(StatsSerializer(allow_null=True))
    def get_statistics(self, item) -> dict | None:  # type: ignore[no-untyped-def]
        """None below grades.statistics_min_count numeric marks (anonymity, GE-09)."""
        return StatsSerializer(item.stats).data if item.show_stats else None


class ReasonsInputSerializer(serializers.Serializer):
    reasons = serializers.CharField(max_length=5000)


class MessageInputSerializer(serializers.Serializer):
    message = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000)


class ContestationAnswerInputSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=2000)
    new_value = serializers.CharField(allow_blank=True, required=False, default="", max_length=12)


class ConsultationAnswerInputSerializer(serializers.Serializer):
    state = serializers.CharField()
    answer = serializers.CharField(max_length=2000)
