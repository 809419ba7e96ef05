from django.urls import path

from courses.views import calendar, m3c, programmes, structure, teaching

app_name = "courses"
urlpatterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("nouvelle/", programmes.programme_new, name="programme_new"),
    path("<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("versions/<int:pk>/", programmes.version_detail, name="version_detail"),
    path("versions/<int:pk>/reglages/", programmes.version_settings, name="version_settings"),
    path("versions/<int:pk>/annee/", structure.study_year_add, name="study_year_add"),
    path("versions/<int:pk>/parcours/", structure.parcours_add, name="parcours_add"),
    path("versions/<int:pk>/competence/", structure.competence_add, name="competence_add"),
    path("annees/<int:pk>/semestre/", structure.semester_add, name="semester_add"),
    path("semestres/<int:pk>/ue/", structure.ue_add, name="ue_add"),
    path("semestres/<int:pk>/module/", structure.module_add, name="module_add"),
    path("modules/<int:pk>/", teaching.module_detail, name="module_detail"),
    path("modules/<int:pk>/modifier/", structure.module_edit, name="module_edit"),
    path("modules/<int:pk>/epreuve/", structure.component_add, name="component_add"),
    path("modules/<int:pk>/equipe/", structure.team_edit, name="team_edit"),
    path("modules/<int:pk>/modification-exceptionnelle/", m3c.m3c_amend_view, name="m3c_amend"),
    path("supprimer/<str:kind>/<int:pk>/", structure.element_delete, name="element_delete"),
    path("epreuves/<int:pk>/modifier/", structure.component_edit, name="component_edit"),
    path("versions/<int:pk>/verification/", programmes.m3c_check, name="m3c_check"),
    path("versions/<int:pk>/approuver/", m3c.m3c_approve_view, name="m3c_approve"),
    path("versions/<int:pk>/brouillon/", m3c.m3c_reopen_view, name="m3c_reopen"),
    path("versions/<int:pk>/publier/", m3c.m3c_publish_view, name="m3c_publish"),
    path("versions/<int:pk>/imprimer/", m3c.m3c_print, name="m3c_print"),
    path("versions/<int:pk>/m3c.pdf", m3c.m3c_pdf, name="m3c_pdf"),
    path("versions/<int:pk>/m3c-r<int:revision>.pdf", m3c.m3c_pdf, name="m3c_pdf_revision"),
    path("mes-modules/", teaching.my_modules, name="my_modules"),
    path("calendrier/", calendar.calendar_index, name="calendar_index"),
    path("calendrier/<int:component_id>/<int:year>/", calendar.calendar_detail, name="calendar_detail"),
    path("calendrier/<int:component_id>/<int:year>/arreter/", calendar.calendar_fix_view, name="calendar_fix"),
    path("calendrier/periodes/<int:pk>/supprimer/", calendar.calendar_period_remove, name="calendar_period_remove"),
]
