"""Read-only API of deadlines in the current user's scope (same FilterSet as the dashboard)."""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from rest_framework import generics, serializers

from core.deadlines.filters import DeadlineFilter
from core.deadlines.selectors import deadline_base_queryset
from core.models import Deadline, User


class DeadlineOutputSerializer(serializers.ModelSerializer):
    met_late = serializers.BooleanField(read_only=True)
    assignee_email = serializers.EmailField(source="assignee_user.email", default=None, read_only=True)

    class Meta:
        model = Deadline
        fields = ["id", "key", "kind", "rule_id", "title", "institution", "component", "due_at", "state",
                  "met_at", "met_late", "waived_reason", "assignee_role", "assignee_email", "reminder_days"]
        read_only_fields = fields


class DeadlineListApi(generics.ListAPIView):
    serializer_class = DeadlineOutputSerializer
    filterset_class = DeadlineFilter

    def get_queryset(self) -> QuerySet[Deadline]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Deadline.objects.none()
        return deadline_base_queryset(cast(User, self.request.user)).order_by("due_at", "id")


class DeadlineDetailApi(generics.RetrieveAPIView):
    serializer_class = DeadlineOutputSerializer

    def get_queryset(self) -> QuerySet[Deadline]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Deadline.objects.none()
        return deadline_base_queryset(cast(User, self.request.user))
