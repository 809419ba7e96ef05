"""API of materialised results (to include under /api/v1/juries/results/, see api_urls.py here).

Students read their own published results only; staff read a semester's current results.
Access through ``juries.results.permissions`` (NotFound for missing and forbidden alike).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from juries.models import HoldKind, SemesterResult
from juries.results import permissions as perms
from juries.results import selectors
from juries.views.common import AuthedApiRequest


class ResultSerializer(serializers.ModelSerializer):
    provisional = serializers.SerializerMethodField()
    holds = serializers.SerializerMethodField()
    reserved = serializers.SerializerMethodField()

    class Meta:
        model = SemesterResult
        fields = ["semester", "academic_year", "version", "mean_label", "ects_acquired", "proposed_code",
                  "state", "published_at", "provisional", "payload", "holds", "reserved"]

    def _holds(self, obj: SemesterResult) -> dict:
        return self.context.get("holds", {}).get(obj.semester_id, {})

    def get_holds(self, obj: SemesterResult) -> dict[str, str]:
        """{module code: label} of the modules whose mark is held (« Réservée »: UTC-3.01e-reserve-hold,
        « Suspendue — … »: STRAS-35): show the label instead of the module's mean."""
        return {code: hold.label for code, hold in self._holds(obj).items()}

    def get_reserved(self, obj: SemesterResult) -> bool:
        """True when a réserve suspends the semester's result (shown « Réservée »)."""
        return any(hold.kind == HoldKind.RESERVE for hold in self._holds(obj).values())

    def get_provisional(self, obj: SemesterResult) -> bool:
        """True while published "sous réserve de la délibération du jury" (ARL-ES18.1-provisional-results)."""
        return not obj.published_final


class StaffResultSerializer(ResultSerializer):
    class Meta(ResultSerializer.Meta):
        fields = ["student", *ResultSerializer.Meta.fields]


class MyResultsApi(APIView):
    """The caller's own published results (latest published version of each semester)."""

    @extend_schema(operation_id="juries_results_mine", responses=ResultSerializer(many=True))
    def get(self, request: AuthedApiRequest) -> Response:
        results = selectors.student_published_results(request.user)
        holds = selectors.student_module_holds(request.user, [r.semester_id for r in results])
        return Response(ResultSerializer(results, many=True, context={"holds": holds}).data)


class SemesterResultsApi(APIView):
    """Current results of a semester, for its jury and staff."""

    @extend_schema(operation_id="juries_results_semester", responses=StaffResultSerializer(many=True))
    def get(self, request: AuthedApiRequest, pk: int) -> Response:
        semester = perms.get_semester_for(request.user, pk)
        rows = selectors.semester_results(semester).defer(None)
        return Response(StaffResultSerializer(rows, many=True).data)
