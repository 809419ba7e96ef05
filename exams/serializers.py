"""Output serializers of the exams API (read-only; writes go through exams.services)."""

from __future__ import annotations

from rest_framework import serializers

from exams.models import Convocation


class ConvocationSerializer(serializers.ModelSerializer):
    event_id = serializers.IntegerField(source="event.pk")
    module_code = serializers.CharField(source="event.module.code")
    module_title = serializers.CharField(source="event.module.title")
    nature = serializers.CharField(source="event.nature")
    start = serializers.DateTimeField(source="event.start")
    duration_minutes = serializers.IntegerField(source="event.duration_minutes")
    room = serializers.SerializerMethodField()
    allowed_documents = serializers.CharField(source="event.allowed_documents")
    allowed_materials = serializers.CharField(source="event.allowed_materials")
    session = serializers.CharField(source="event.session.title")

    class Meta:
        model = Convocation
        fields = ("event_id", "module_code", "module_title", "nature", "start", "end", "duration_minutes", "room",
                  "seat_number", "anonymity_number", "allowed_documents", "allowed_materials", "session")

    def get_room(self, obj: Convocation) -> str:
        return f"{obj.room.code} — {obj.room.name}" if obj.room else ""
