from django.urls import include, path

from juries.views import entry, requests, student

app_name = "juries"
urlpatterns = [
    path("", entry.teacher_index, name="teacher_index"),
    path("modules/<int:module_id>/evaluations/nouvelle/", entry.evaluation_create, name="evaluation_create"),
    path("evaluations/<int:pk>/", entry.grid, name="grid"),
    path("evaluations/<int:pk>/feuille.xlsx", entry.sheet_download, name="sheet_download"),
    path("evaluations/<int:pk>/import/", entry.sheet_import, name="sheet_import"),
    path("evaluations/<int:pk>/historique/", entry.history, name="history"),
    path("evaluations/<int:pk>/publier/", entry.publish, name="publish"),
    path("evaluations/<int:pk>/demandes/", requests.requests_list, name="requests"),
    path("lots/<int:pk>/annuler/", entry.batch_undo, name="batch_undo"),
    path("consultations/<int:pk>/repondre/", requests.consultation_reply, name="consultation_reply"),
    path("contestations/<int:pk>/repondre/", requests.contestation_reply, name="contestation_reply"),
    path("resultats/", include("juries.results.urls")),
    path("mes-notes/", student.my_marks, name="my_marks"),
    path("mes-notes/<int:pk>/", student.my_mark, name="my_mark"),
    path("mes-notes/<int:pk>/consultation/", student.consultation_create, name="consultation_create"),
    path("mes-notes/<int:pk>/contestation/", student.contestation_create, name="contestation_create"),
]
