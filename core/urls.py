"""Web routes of the shared layer, one sub-module per area (profiles, deadlines/notices, shell)."""

from django.urls import include, path

urlpatterns = [
    path("", include("core.urls_shell")),
    path("", include("core.urls_profiles")),
    path("", include("core.urls_deadlines")),
]
