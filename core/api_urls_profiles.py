"""Read-only API of regulation profiles and catalogue rules (under /api/v1/)."""

from django.urls import path

from core.profiles import api

urlpatterns = [
    path("profiles/", api.ProfileListApi.as_view(), name="api-profile-list"),
    path("profiles/<int:profile_id>/", api.ProfileDetailApi.as_view(), name="api-profile-detail"),
    path("rules/<str:rule_id>/", api.RuleDetailApi.as_view(), name="api-rule-detail"),
]
