"""Read endpoints of courses (/api/v1/courses/): permissions from courses.permissions only."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.models import User
from courses import permissions as perms
from courses.selectors import module_detail, modules_of_teacher
from courses.serializers import ModuleSerializer, ProgrammeSerializer
from courses.services.snapshot import m3c_data


def _user(request: Request) -> User:
    """DRF's IsAuthenticated (default permission) guarantees a signed-in User here."""
    return cast(User, request.user)


class ProgrammeListApi(APIView):
    """Programmes the caller may read (staff and teachers of the component, programme heads)."""

    @extend_schema(operation_id="courses_programmes_list", responses=ProgrammeSerializer(many=True))
    def get(self, request: Request) -> Response:
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(perms.programmes_visible_to(_user(request)), request, view=self)
        return paginator.get_paginated_response(ProgrammeSerializer(page, many=True).data)


class ProgrammeDetailApi(APIView):
    @extend_schema(operation_id="courses_programmes_retrieve", responses=ProgrammeSerializer)
    def get(self, request: Request, pk: int) -> Response:
        programme = perms.get_programme_for(_user(request), pk)
        return Response(ProgrammeSerializer(programme).data)


class VersionM3CApi(APIView):
    """The whole M3C of a version (structure, coefficients, components); readers as for the PDF."""

    @extend_schema(operation_id="courses_versions_m3c", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        version = perms.get_version_for_reader(_user(request), pk)
        data: dict[str, Any] = {"id": version.pk, "state": version.state, **m3c_data(version.pk)}
        return Response(data)


class ModuleDetailApi(APIView):
    """One module with its components: team, programme staff, or a registered student (else 404)."""

    @extend_schema(operation_id="courses_modules_retrieve", responses=ModuleSerializer)
    def get(self, request: Request, pk: int) -> Response:
        module = perms.get_module_for(_user(request), pk)
        return Response(ModuleSerializer(module_detail(module.pk)).data)


class MyModulesApi(APIView):
    """Modules whose team the caller belongs to."""

    @extend_schema(operation_id="courses_modules_mine", responses=ModuleSerializer(many=True))
    def get(self, request: Request) -> Response:
        modules = modules_of_teacher(_user(request)).prefetch_related("ue_links__ue")
        return Response(ModuleSerializer(modules, many=True).data)
