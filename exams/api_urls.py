from django.urls import path

from exams.views import api

urlpatterns = [
    path("convocations/mine/", api.MyConvocationsApi.as_view(), name="exams-api-my-convocations"),
]
