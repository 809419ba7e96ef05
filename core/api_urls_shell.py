from django.urls import path

from core import api_views

urlpatterns = [
    path("", api_views.ApiRootView.as_view(), name="api-root"),
    path("me/", api_views.MeView.as_view(), name="api-me"),
    path("documents/", api_views.DocumentListView.as_view(), name="api-document-list"),
    path("documents/<int:pk>/", api_views.DocumentDetailView.as_view(), name="api-document-detail"),
    path("documents/<int:pk>/download/", api_views.DocumentDownloadView.as_view(), name="api-document-download"),
]
