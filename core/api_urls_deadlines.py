"""Read-only API of deadlines and notices (/api/v1/deadlines/, /api/v1/notices/)."""

from django.urls import path

from core.deadlines.api import DeadlineDetailApi, DeadlineListApi
from core.notices.api import NoticeDetailApi, NoticeListApi

urlpatterns = [
    path("deadlines/", DeadlineListApi.as_view(), name="api_deadline_list"),
    path("deadlines/<int:pk>/", DeadlineDetailApi.as_view(), name="api_deadline_detail"),
    path("notices/", NoticeListApi.as_view(), name="api_notice_list"),
    path("notices/<int:pk>/", NoticeDetailApi.as_view(), name="api_notice_detail"),
]
