"""Read-only API of regulation profiles and catalogue rules.

``/api/v1/profiles/`` and ``/api/v1/profiles/<id>/`` are for staff (404 otherwise, as on the
web); ``/api/v1/rules/<rule_id>/`` for any signed-in user. Profiles are changed only through
the back-office form (core.profiles.services), never through the API.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFound
from core.models import RegulationProfile, User
from core.profiles.permissions import can_view_profiles, get_profile_for, profiles_visible_to
from core.profiles.registry import all_params
from core.profiles.selectors import is_inherited_from_preset, profile_values
from core.rules_catalog import get_rule


class ProfileSummarySerializer(serializers.ModelSerializer):
    institution = serializers.CharField(source="institution.code")
    url = serializers.SerializerMethodField()

    class Meta:
        model = RegulationProfile
        fields: tuple[str, ...] = ("id", "url", "institution", "preset", "academic_year", "name", "revision",
                                   "updated_at")

    def get_url(self, obj: RegulationProfile) -> str:
        return reverse("api-profile-detail", args=[obj.pk])


class ParamValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    # A declared field named like a Field attribute: fine for DRF, a false positive of the stubs.
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.CharField()
    unit = serializers.CharField()
    rule_ids = serializers.ListField(child=serializers.CharField())
    value = serializers.JSONField(allow_null=True)
    from_preset = serializers.BooleanField()


class ProfileDetailSerializer(ProfileSummarySerializer):
    params = serializers.SerializerMethodField()

    class Meta(ProfileSummarySerializer.Meta):
        fields = (*ProfileSummarySerializer.Meta.fields, "params")

    @extend_schema_field(ParamValueSerializer(many=True))
    def get_params(self, obj: RegulationProfile) -> list[dict[str, Any]]:
        values = profile_values(obj)
        return list(ParamValueSerializer(
            [
                {"key": p.key, "label": str(p.label), "kind": str(p.kind), "unit": p.unit,
                 "rule_ids": list(p.rule_ids), "value": values[p.key],
                 "from_preset": is_inherited_from_preset(obj, p.key)}
                for p in all_params()
            ],
            many=True,
        ).data)


class ProfileListApi(ListAPIView):
    serializer_class = ProfileSummarySerializer
    queryset = RegulationProfile.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return RegulationProfile.objects.none()
        if not can_view_profiles(self.request.user):
            raise NotFound()
        year = self.request.query_params.get("academic_year", "")
        return profiles_visible_to(self.request.user, academic_year=int(year) if year.isdigit() else None)


class ProfileDetailApi(RetrieveAPIView):
    serializer_class = ProfileDetailSerializer
    queryset = RegulationProfile.objects.none()  # for the schema; get_object scopes to the user

    def get_object(self) -> RegulationProfile:
        user = self.request.user
        return get_profile_for(user if isinstance(user, User) else None, int(self.kwargs["profile_id"]))


class RuleSerializer(serializers.Serializer):
    id = serializers.CharField()
    institution = serializers.CharField()
    domain = serializers.CharField()
    kind = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.source (stubs)
    rule = serializers.CharField()
    quote = serializers.CharField()
    note = serializers.CharField()
    day_kind = serializers.CharField()
    params = serializers.JSONField(allow_null=True)


class RuleDetailApi(APIView):
    serializer_class = RuleSerializer

    def get(self, request: Request, rule_id: str) -> Response:
        return Response(RuleSerializer(get_rule(rule_id)).data)
