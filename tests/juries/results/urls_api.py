"""The project's URLs plus the results API, until the lead includes juries.results.api_urls."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("api/v1/juries/results/", include("juries.results.api_urls"))]
