from django.urls import include, path

from juries.views import api

urlpatterns = [
    path("evaluations/", api.MyEvaluationsApi.as_view(), name="juries-api-evaluations"),
    path("evaluations/<int:pk>/marks/", api.MarksApi.as_view(), name="juries-api-marks"),
    path("evaluations/<int:pk>/import/", api.ImportApi.as_view(), name="juries-api-import"),
    path("evaluations/<int:pk>/publish/", api.PublishApi.as_view(), name="juries-api-publish"),
    path("batches/<int:pk>/undo/", api.BatchUndoApi.as_view(), name="juries-api-batch-undo"),
    path("my-marks/", api.MyMarksApi.as_view(), name="juries-api-my-marks"),
    path("my-marks/<int:pk>/consultation/", api.ConsultationRequestApi.as_view(),
         name="juries-api-consultation-request"),
    path("my-marks/<int:pk>/contestation/", api.ContestationSubmitApi.as_view(),
         name="juries-api-contestation-submit"),
    path("contestations/<int:pk>/answer/", api.ContestationAnswerApi.as_view(), name="juries-api-contestation-answer"),
    path("consultations/<int:pk>/answer/", api.ConsultationAnswerApi.as_view(), name="juries-api-consultation-answer"),
    path("results/", include("juries.results.api_urls")),
]
