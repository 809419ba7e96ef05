"""API of enrollment: thin views (input serializer → one service → output serializer)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import PermissionDenied
from core.models import User
from enrollment import permissions, selectors, services
from enrollment.serializers import ReasonIn, RegistrationDetailOut, RegistrationOut, ValidateIn


def _user(request: Request) -> User:
    """The signed-in user (every view here requires authentication: DRF default permission)."""
    return request.user  # type: ignore[return-value]


class MyRegistrationsApi(APIView):
    @extend_schema(responses=RegistrationDetailOut(many=True))
    def get(self, request: Request) -> Response:
        student = selectors.student_for_user(_user(request))
        if student is None:
            return Response([])
        ids = selectors.registrations_for_student(student).values("pk")
        regs = selectors.registration_detail_queryset().filter(pk__in=ids).order_by("-academic_year", "-id")
        return Response(RegistrationDetailOut(regs, many=True).data)


class RegistrationListApi(APIView):
    """Staff scope only: a student gets 403 here and uses /me/."""

    @extend_schema(responses=RegistrationOut(many=True))
    def get(self, request: Request) -> Response:
        if not permissions.can_access_backoffice(_user(request)):
            raise PermissionDenied()
        qs = selectors.registration_list(
            permissions.staff_registrations_visible_to(_user(request)),
            state=request.query_params.get("state", ""),
            search=request.query_params.get("q", ""),
        )
        limit = min(int(request.query_params.get("limit", 100) or 100), 500)
        offset = int(request.query_params.get("offset", 0) or 0)
        return Response({"count": qs.count(), "results": RegistrationOut(qs[offset:offset + limit], many=True).data})


class RegistrationDetailApi(APIView):
    @extend_schema(responses=RegistrationDetailOut)
    def get(self, request: Request, pk: int) -> Response:
        return Response(RegistrationDetailOut(permissions.get_registration_for(_user(request), pk)).data)


class RegistrationActionApi(APIView):
    action = ""

    @extend_schema(request=ValidateIn, responses=RegistrationDetailOut)
    def post(self, request: Request, pk: int) -> Response:
        registration = permissions.get_registration_for(_user(request), pk)
        data = ReasonIn(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data["reason"]
        if self.action == "submit":
            services.registration_submit(actor=_user(request), registration=registration)
        elif self.action == "validate":
            flags = ValidateIn(data=request.data)
            flags.is_valid(raise_exception=True)
            services.registration_validate(actor=_user(request), registration=registration,
                                           remote=flags.validated_data["remote"])
        elif self.action == "cancel":
            services.registration_cancel(actor=_user(request), registration=registration, reason=reason)
        return Response(RegistrationDetailOut(permissions.get_registration_for(_user(request), pk)).data)
