"""To include in juries/api_urls.py: ``path("results/", include("juries.results.api_urls"))``."""

from django.urls import path

from juries.results import api

urlpatterns = [
    path("mine/", api.MyResultsApi.as_view(), name="juries-api-results-mine"),
    path("semesters/<int:pk>/", api.SemesterResultsApi.as_view(), name="juries-api-results-semester"),
]
