"""Dashboard and API filters (one FilterSet for both, D-003)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.models import Component, Deadline, Role
from core.models.deadlines import DeadlineState
from core.permissions import staff_component_scope


def _components(request) -> QuerySet[Component]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Component.objects.none()
    if user.is_superuser:
        return Component.objects.order_by("name")
    institutions, components = staff_component_scope(user)
    from django.db.models import Q

    return Component.objects.filter(Q(institution_id__in=institutions) | Q(id__in=components)).order_by("name")


class DeadlineFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("État"), choices=DeadlineState.choices)
    kind = django_filters.CharFilter(label=_("Type"), field_name="kind")
    rule_id = django_filters.CharFilter(label=_("Règle"), field_name="rule_id")
    component = django_filters.ModelChoiceFilter(label=_("Composante"), queryset=_components)
    assignee_role = django_filters.ChoiceFilter(label=_("Rôle responsable"), choices=Role.choices)
    assignee = django_filters.CharFilter(label=_("Responsable (e-mail)"), field_name="assignee_user__email",
                                         lookup_expr="icontains")
    mine = django_filters.BooleanFilter(label=_("Seulement les miennes"), method="filter_mine")

    class Meta:
        model = Deadline
        fields = ["state", "kind", "rule_id", "component", "assignee_role", "assignee", "mine"]

    def filter_mine(self, queryset: QuerySet[Deadline], name: str, value: bool | None) -> QuerySet[Deadline]:
        if value and self.request is not None:
            return queryset.filter(assignee_user=self.request.user)
        return queryset
