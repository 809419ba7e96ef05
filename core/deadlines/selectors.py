"""Reads on deadlines: the dashboard groups (by urgency) within a person's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from core.deadlines.permissions import visible_deadlines
from core.models import AuditEvent, Deadline, User
from core.models.deadlines import DeadlineState

SOON_DAYS = 7
GROUP_LIMIT = 100


@dataclass(frozen=True)
class DeadlineGroup:
    code: str
    label: str
    rows: list[Deadline]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def deadline_base_queryset(user: User) -> QuerySet[Deadline]:
    return visible_deadlines(user).select_related("component", "assignee_user", "institution")


def deadline_groups(qs: QuerySet[Deadline], *, now: datetime, limit: int = GROUP_LIMIT) -> list[DeadlineGroup]:
    """Late first (incl. pending past due), then due within ``SOON_DAYS`` days, later, and closed.

    Two queries per group (rows, count), whatever the number of deadlines.
    """
    from django.utils.translation import gettext as _

    soon = now + timedelta(days=SOON_DAYS)
    specs = [
        # Past due but not yet swept (the sweep runs once a day) already counts as late here.
        ("late", _("En retard"), qs.filter(Q(state=DeadlineState.LATE) | Q(state=DeadlineState.PENDING,
                                                                           due_at__lt=now)).order_by("due_at", "id")),
        ("soon", _("Dans les 7 jours"),
         qs.filter(state=DeadlineState.PENDING, due_at__gte=now, due_at__lte=soon).order_by("due_at", "id")),
        ("later", _("Plus tard"), qs.filter(state=DeadlineState.PENDING, due_at__gt=soon).order_by("due_at", "id")),
        ("closed", _("Respectées ou levées"),
         qs.filter(state__in=[DeadlineState.MET, DeadlineState.WAIVED]).order_by("-updated_at", "-id")),
    ]
    return [DeadlineGroup(code, label, list(group[:limit]), group.count()) for code, label, group in specs]


def deadline_history(deadline: Deadline) -> QuerySet[AuditEvent]:
    from django.contrib.contenttypes.models import ContentType

    return AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(Deadline), object_id=deadline.pk
    ).select_related("actor").order_by("-at", "-id")
