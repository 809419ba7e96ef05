from django.urls import path

from exams.views import office, reports, rooms, student, subjects

app_name = "exams"
urlpatterns = [
    path("sessions/", office.session_list, name="session_list"),
    path("sessions/<int:pk>/", office.session_detail, name="session_detail"),
    path("sessions/<int:pk>/generer/", office.session_generate, name="session_generate"),
    path("sessions/<int:pk>/publier/", office.session_publish_view, name="session_publish"),
    path("sessions/<int:pk>/surveillances/", office.invigilation_calendar, name="invigilation_calendar"),
    path("epreuves/<int:pk>/modifier/", office.event_edit, name="event_edit"),
    path("epreuves/<int:pk>/salles/", office.event_rooms, name="event_rooms"),
    path("epreuves/<int:pk>/places/", office.event_seats, name="event_seats"),
    path("salles-epreuves/<int:pk>/surveillants/", office.invigilator_add, name="invigilator_add"),
    path("salles-epreuves/<int:pk>/emargement/", office.signin_sheet, name="signin_sheet"),
    path("salles-epreuves/<int:pk>/proces-verbal/", reports.report_detail, name="report_detail"),
    path("surveillants/<int:pk>/remplacer/", office.invigilator_replace_view, name="invigilator_replace"),
    path("epreuves/<int:pk>/sujets/", subjects.event_subjects, name="event_subjects"),
    path("sujets/<int:pk>/telecharger/", subjects.subject_download, name="subject_download"),
    path("sujets/<int:pk>/examen/", subjects.subject_review_view, name="subject_review"),
    path("salles/", rooms.room_list, name="room_list"),
    path("mes-examens/", student.my_exams, name="my_exams"),
    path("mes-examens/abonnement/", student.my_feed_rotate, name="my_feed_rotate"),
    path("mes-examens/<int:event_id>/", student.convocation_detail, name="convocation_detail"),
    path("mes-examens/<int:event_id>/pdf/", student.convocation_pdf, name="convocation_pdf"),
    path("calendrier/<str:token>.ics", student.feed, name="feed"),
]
