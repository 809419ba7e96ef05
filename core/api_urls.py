from django.urls import include, path

urlpatterns = [
    path("", include("core.api_urls_shell")),
    path("", include("core.api_urls_profiles")),
    path("", include("core.api_urls_deadlines")),
]
