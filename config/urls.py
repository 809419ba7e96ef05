from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

api_v1: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("core.api_urls")),
    path("courses/", include("courses.api_urls")),
    path("enrollment/", include("enrollment.api_urls")),
    path("admissions/", include("admissions.api_urls")),
    path("exams/", include("exams.api_urls")),
    path("juries/", include("juries.api_urls")),
    path("internships/", include("internships.api_urls")),
    path("absences/", include("absences.api_urls")),
    path("discipline/", include("discipline.api_urls")),
]

urlpatterns = [
    path("", include("core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("formations/", include("courses.urls")),
    path("inscriptions/", include("enrollment.urls")),
    path("admissions/", include("admissions.urls")),
    path("examens/", include("exams.urls")),
    path("notes/", include("juries.urls")),
    path("stages/", include("internships.urls")),
    path("assiduite/", include("absences.urls")),
    path("discipline/", include("discipline.urls")),
]

if settings.DEBUG:  # pragma: no cover
    pass
