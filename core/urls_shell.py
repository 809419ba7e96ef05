"""Web shell routes: home, health probe, object history, documents."""

from django.urls import path

from core.views import documents, health, history, home

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("historique/<str:label>/<int:pk>/", history.object_history, name="object_history"),
    path("documents/", documents.document_list, name="document_list"),
    path("documents/<int:pk>/", documents.document_detail, name="document_detail"),
    path("documents/<int:pk>/telecharger/", documents.document_download, name="document_download"),
    path("documents/attestation-de-role/", documents.role_attestation_form, name="role_attestation_form"),
    path(
        "documents/attestation-de-role/<int:assignment_id>/emettre/",
        documents.role_attestation_issue_view,
        name="role_attestation_issue",
    ),
]
