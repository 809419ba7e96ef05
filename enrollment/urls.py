from django.urls import path

from enrollment.views import accommodations, backoffice, imports, portal, required_documents

app_name = "enrollment"
urlpatterns = [
    path("", portal.portal, name="portal"),
    path("nouvelle/", portal.registration_create, name="registration_create"),
    path("dossier/<int:pk>/", portal.registration_detail, name="registration"),
    path("dossier/<int:pk>/pieces/", portal.document_upload, name="document_upload"),
    path("dossier/<int:pk>/action/<slug:action>/", portal.registration_action, name="registration_action"),
    path("dossier/<int:pk>/semestre/<int:semester_pk>/", portal.pedagogical_choose, name="pedagogical"),
    path("dossier/<int:pk>/certificat/", portal.certificate, name="certificate"),
    path("pieces/<int:pk>/", portal.uploaded_document, name="uploaded_document"),
    path("gestion/", backoffice.registration_list, name="backoffice"),
    path("gestion/actions/", backoffice.registration_bulk, name="bulk"),
    path("gestion/dossier/<int:pk>/", backoffice.registration_manage, name="manage"),
    path("gestion/dossier/<int:pk>/action/<slug:action>/", backoffice.registration_manage_action, name="manage_action"),
    path("gestion/pieces/<int:pk>/examen/", backoffice.document_review, name="document_review"),
    path("gestion/etudiant/<int:pk>/", backoffice.student_edit, name="student_edit"),
    path("gestion/etudiant/<int:pk>/amenagements/", backoffice.accommodation_add, name="accommodation_add"),
    path("gestion/import/", imports.import_students, name="import"),
    path("gestion/pieces-a-fournir/", required_documents.required_document_list, name="required_documents"),
    path("gestion/pieces-a-fournir/<int:pk>/", required_documents.required_document_edit,
         name="required_document_edit"),
    path("gestion/pieces-a-fournir/<int:pk>/retirer/", required_documents.required_document_delete_view,
         name="required_document_delete"),
    path("amenagements/", accommodations.my_accommodations, name="my_accommodations"),
    path("amenagements/demander/", accommodations.request_create, name="accommodation_request_create"),
    path("amenagements/demandes/<int:pk>/", accommodations.request_detail, name="accommodation_request"),
    path("amenagements/demandes/<int:pk>/<slug:action>/", accommodations.request_action,
         name="accommodation_request_action"),
    path("amenagements/pieces/<int:pk>/", accommodations.request_document, name="accommodation_request_document"),
    path("gestion/amenagements/", accommodations.queue, name="accommodation_queue"),
    path("gestion/etudiant/<int:pk>/amenagements/demande/", accommodations.request_create_for,
         name="accommodation_request_create_for"),
]
