"""Read endpoints of exams (/api/v1/exams/): a student's own published convocations."""

from __future__ import annotations

from typing import cast

from drf_spectacular.utils import extend_schema
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.models import User
from exams.selectors import student_convocations
from exams.serializers import ConvocationSerializer


class MyConvocationsApi(APIView):
    """The caller's convocations in published sessions (nobody else's: the query is scoped to them)."""

    @extend_schema(operation_id="exams_convocations_mine", responses=ConvocationSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(student_convocations(cast(User, request.user)), request, view=self)
        return paginator.get_paginated_response(ConvocationSerializer(page, many=True).data)
