"""Read-only API of notices: a person's own, plus their notice-staff scope's."""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from rest_framework import generics, serializers

from core.models import Notice, User
from core.notices.permissions import notices_visible_to


class NoticeOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notice
        fields = ["id", "key", "kind", "rule_id", "recipient_email", "language", "status", "attempts",
                  "last_error", "next_attempt_at", "sent_at", "created_at"]
        read_only_fields = fields


class NoticeListApi(generics.ListAPIView):
    serializer_class = NoticeOutputSerializer
    filterset_fields = ["status", "kind"]

    def get_queryset(self) -> QuerySet[Notice]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Notice.objects.none()
        return notices_visible_to(cast(User, self.request.user)).order_by("-created_at", "-id")


class NoticeDetailApi(generics.RetrieveAPIView):
    serializer_class = NoticeOutputSerializer

    def get_queryset(self) -> QuerySet[Notice]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Notice.objects.none()
        return notices_visible_to(cast(User, self.request.user))
