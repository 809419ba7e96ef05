"""Deadline dashboard and notices pages (core at /)."""

from django.urls import path

from core.views import closures, deadlines, notices

urlpatterns = [
    path("echeances/", deadlines.deadline_dashboard, name="deadline_dashboard"),
    path("echeances/<int:deadline_id>/", deadlines.deadline_detail, name="deadline_detail"),
    path("calendrier/fermetures/", closures.closure_list, name="closure_list"),
    path("calendrier/fermetures/<int:closure_id>/supprimer/", closures.closure_delete_view, name="closure_delete"),
    path("notifications/", notices.notice_admin_list, name="notice_admin_list"),
    path("notifications/test/", notices.notice_test_view, name="notice_test"),
    path("notifications/<int:notice_id>/relancer/", notices.notice_retry_view, name="notice_retry"),
    path("mes-notifications/", notices.my_notices, name="my_notices"),
]
