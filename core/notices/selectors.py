"""Reads on notices: the staff list (failed first) and a person's own notices."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from core.models import Notice, User
from core.models.notices import NoticeStatus
from core.notices.permissions import notices_managed_by
from core.notices_registry import get_kind

#: Staff page order: what needs a human first.
_STATUS_ORDER = Case(
    When(status=NoticeStatus.FAILED, then=Value(0)),
    When(status=NoticeStatus.SENDING, then=Value(1)),
    When(status=NoticeStatus.READY, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def notice_list_for_staff(user: User, *, status: str = "", kind: str = "") -> QuerySet[Notice]:
    qs = notices_managed_by(user).select_related("recipient")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(status_rank=_STATUS_ORDER).order_by("status_rank", "-created_at", "-id")


def notice_list_for_recipient(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user).order_by("-created_at", "-id")


def notice_counts_by_status(user: User) -> dict[str, int]:
    from django.db.models import Count

    rows = notices_managed_by(user).order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def notice_description(notice: Notice) -> str:
    kind = get_kind(notice.kind)
    return kind.description if kind is not None and kind.description else notice.kind
