"""API of grade entry (/api/v1/juries/): input serializer → one service → output serializer.
Access only through juries.permissions (NotFound for missing and forbidden alike)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFound
from core.models import User
from courses.selectors import modules_of_teacher
from juries import permissions as perms
from juries import selectors, services
from juries import serializers as s
from juries.models import EntryBatch
from juries.views.common import AuthedApiRequest


class MyEvaluationsApi(APIView):
    """Evaluations of the modules whose team the caller belongs to."""

    @extend_schema(operation_id="juries_evaluations_mine", responses=s.EvaluationSerializer(many=True))
    def get(self, request: AuthedApiRequest) -> Response:
        modules = modules_of_teacher(request.user).values_list("pk", flat=True)
        return Response(s.EvaluationSerializer(selectors.evaluations_of_modules(modules), many=True).data)


class MarksApi(APIView):
    """GET the grid (team); POST one value {student, value, field, reason} (graders/team)."""

    @extend_schema(operation_id="juries_marks_list", responses=s.GridRowSerializer(many=True))
    def get(self, request: AuthedApiRequest, pk: int) -> Response:
        evaluation = perms.get_evaluation_for(request.user, pk)
        return Response(s.GridRowSerializer(selectors.evaluation_grid(evaluation), many=True).data)

    @extend_schema(operation_id="juries_marks_set", request=s.MarkInputSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request: AuthedApiRequest, pk: int) -> Response:
        evaluation = perms.get_evaluation_for(request.user, pk, enter=True)
        data = s.MarkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        student = User.objects.filter(pk=data.validated_data["student"]).first()
        if student is None:
            raise NotFound()
        mark = services.mark_set(actor=request.user, evaluation=evaluation, student=student,
                                 value=data.validated_data["value"], field=data.validated_data["field"],
                                 reason=data.validated_data["reason"], expected=data.validated_data["expected"])
        return Response({"student": student.pk, "mark": mark.raw(), "first": mark.raw("first"),
                         "second": mark.raw("second"), "version": mark.version,
                         "value": mark.raw(data.validated_data["field"])})


class ImportApi(APIView):
    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(operation_id="juries_marks_import", request=s.ImportInputSerializer,
                   responses=OpenApiTypes.OBJECT)
    def post(self, request: AuthedApiRequest, pk: int) -> Response:
        evaluation = perms.get_evaluation_for(request.user, pk, enter=True)
        data = s.ImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.marks_import(actor=request.user, evaluation=evaluation, file=data.validated_data["file"],
                                       reason=data.validated_data["reason"])
        if not report.ok:
            return Response({"code": "juries.import_rejected", "message": "Fichier refusé : rien n'a été enregistré.",
                             "fields": {"file": [f"ligne {e.line}, {e.field} : {e.reason}" for e in report.errors]},
                             **report.as_dict()}, status=status.HTTP_400_BAD_REQUEST)
        return Response(report.as_dict())


class PublishApi(APIView):
    parser_classes = (JSONParser, FormParser)

    @extend_schema(operation_id="juries_marks_publish", request=s.PublishInputSerializer,
                   responses=OpenApiTypes.OBJECT)
    def post(self, request: AuthedApiRequest, pk: int) -> Response:
        evaluation = perms.get_evaluation_for(request.user, pk)
        data = s.PublishInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        publication = services.evaluation_publish(actor=request.user, evaluation=evaluation,
                                                  provisional=data.validated_data["provisional"])
        return Response({"id": publication.pk, "provisional": publication.provisional,
                         "published_at": publication.published_at}, status=status.HTTP_201_CREATED)


class BatchUndoApi(APIView):
    @extend_schema(operation_id="juries_batches_undo", request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: AuthedApiRequest, pk: int) -> Response:
        batch = EntryBatch.objects.filter(pk=pk).first()
        if batch is None:
            raise NotFound()
        batch.evaluation = perms.get_evaluation_for(request.user, batch.evaluation_id, enter=True)
        undo = services.entry_batch_undo(actor=request.user, batch=batch, reason=str(request.data.get("reason", "")))
        return Response({"undone": batch.pk, "batch": undo.pk if undo else None})


class MyMarksApi(APIView):
    """The caller's own published marks with the group's anonymous statistics."""

    @extend_schema(operation_id="juries_my_marks", responses=s.OwnMarkSerializer(many=True))
    def get(self, request: AuthedApiRequest) -> Response:
        return Response(s.OwnMarkSerializer(selectors.published_marks_for_student(request.user), many=True).data)


class ConsultationRequestApi(APIView):
    @extend_schema(operation_id="juries_consultation_request", request=s.MessageInputSerializer,
                   responses=OpenApiTypes.OBJECT)
    def post(self, request: AuthedApiRequest, pk: int) -> Response:
        evaluation = perms.get_published_evaluation_for_student(request.user, pk)
        data = s.MessageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        obj = services.consultation_request(actor=request.user, evaluation=evaluation,
                                            message=data.validated_data["message"])
        return Response({"id": obj.pk, "state": obj.state}, status=status.HTTP_201_CREATED)


class ContestationSubmitApi(APIView):
    @extend_schema(operation_id="juries_contestation_submit", request=s.ReasonsInputSerializer,
                   responses=OpenApiTypes.OBJECT)
    def post(self, request: AuthedApiRequest, pk: int) -> Response:
        evaluation = perms.get_published_evaluation_for_student(request.user, pk)
        mark = perms.get_own_mark_for(request.user, evaluation)
        if mark is None:
            raise NotFound()
        data = s.ReasonsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        obj = services.contestation_submit(actor=request.user, mark=mark, reasons=data.validated_data["reasons"])
        return Response({"id": obj.pk, "state": obj.state}, status=status.HTTP_201_CREATED)


class ContestationAnswerApi(APIView):
    @extend_schema(operation_id="juries_contestation_answer", request=s.ContestationAnswerInputSerializer,
                   responses=OpenApiTypes.OBJECT)
    def post(self, request: AuthedApiRequest, pk: int) -> Response:
        obj = perms.get_contestation_for(request.user, pk)
        data = s.ContestationAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        obj = services.contestation_answer(actor=request.user, contestation=obj, answer=data.validated_data["answer"],
                                           new_value=data.validated_data["new_value"] or None)
        return Response({"id": obj.pk, "state": obj.state, "new_mark": obj.new_raw})


class ConsultationAnswerApi(APIView):
    @extend_schema(operation_id="juries_consultation_answer", request=s.ConsultationAnswerInputSerializer,
                   responses=OpenApiTypes.OBJECT)
    def post(self, request: AuthedApiRequest, pk: int) -> Response:
        obj = perms.get_consultation_for(request.user, pk)
        data = s.ConsultationAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        obj = services.consultation_answer(actor=request.user, request=obj, state=data.validated_data["state"],
                                           answer=data.validated_data["answer"])
        return Response({"id": obj.pk, "state": obj.state})
