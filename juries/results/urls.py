"""Results pages, included by juries/urls.py under ``resultats/`` (namespace ``juries:results``)."""

from django.urls import path

from juries.results import bonus_views, views

app_name = "results"
urlpatterns = [
    path("", views.my_results, name="my_results"),
    path("semestres/<int:pk>/", views.semester_table, name="semester"),
    path("semestres/<int:pk>/recalculer/", views.semester_compute, name="compute"),
    path("semestres/<int:pk>/publier/", views.semester_publish, name="publish"),
    path("semestres/<int:pk>/etudiants/<int:student_id>/", views.student_detail, name="detail"),
    path("annees/<int:study_year_id>/bonifications/", bonus_views.bonus_grid, name="bonuses"),
]
