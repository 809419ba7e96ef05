"""The daily deadline sweep (beat job ``core.tasks.deadlines_sweep``): late marking and reminders.

* **Late**: pending deadlines whose due time has passed become ``late`` in one UPDATE per batch
  (with one audit row each, bulk-inserted) and their responsible people get a
  ``core.deadline_late`` notice (key ``deadline-late:<id>:<user id>``).
* **Reminders**: for a pending deadline with lead times L (calendar days, profile parameter
  ``core.deadline_reminder_days``), a reminder is due once ``today >= due date − L``
  (``WorkingCalendar.subtract(due, L, "calendar")``). Only the shortest lead time already reached
  is sent, so a deadline opened late does not get every reminder at once. Key
  ``deadline-reminder:<id>:<due date>:<L>:<user id>``: a re-run sends nothing twice, and a moved
  due date re-arms the reminders.

Responsible people: the assignee, else every active holder of the assignee role over the
deadline's scope (institution-wide, the component or an ancestor, or the subject object itself).
Work is done in fixed-size batches walked by primary key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core.calendar.working import WorkingCalendar
from core.models import AuditEvent, Component, Deadline, Notice, RoleAssignment, User
from core.models.deadlines import DeadlineState
from core.notices.kinds import DEADLINE_LATE, DEADLINE_REMINDER

BATCH_SIZE = 500
#: Longest lead time the parameter allows (core/parameters.py validator): bounds the reminder scan.
MAX_LEAD_DAYS = 90


@dataclass(frozen=True)
class SweepResult:
    marked_late: int = 0
    late_notices: int = 0
    reminders: int = 0


def rule_url(rule_id: str) -> str:
    """Absolute link to the rule's wording, or '' when the rule page is not installed."""
    try:
        return settings.CURSUS_SITE_URL.rstrip("/") + reverse("rule_detail", args=[rule_id])
    except NoReverseMatch:
        return ""


def _dashboard_url() -> str:
    return settings.CURSUS_SITE_URL.rstrip("/") + reverse("deadline_dashboard")


def _responsible(deadlines: list[Deadline], today: date) -> dict[int, list[User]]:
    """Deadline id → people responsible, computed for the whole batch in a few queries."""
    out: dict[int, list[User]] = {d.pk: [d.assignee_user] for d in deadlines
                                  if d.assignee_user is not None and d.assignee_user.is_active}
    by_role = [d for d in deadlines if d.assignee_user_id is None and d.assignee_role]
    if not by_role:
        return out
    parents = dict(Component.objects.filter(institution_id__in={d.institution_id for d in by_role})
                   .values_list("id", "parent_id"))

    def ancestors(component_id: int | None) -> set[int]:
        seen: set[int] = set()
        while component_id is not None and component_id not in seen:
            seen.add(component_id)
            component_id = parents.get(component_id)
        return seen

    holders = defaultdict(list)
    for a in (RoleAssignment.objects.filter(role__in={d.assignee_role for d in by_role},
                                            institution_id__in={d.institution_id for d in by_role},
                                            user__is_active=True)
              .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today),
                      Q(valid_until__isnull=True) | Q(valid_until__gte=today))
              .select_related("user").order_by("user_id", "id")):
        holders[(a.institution_id, a.role)].append(a)
    for d in by_role:
        chain = ancestors(d.component_id)
        people: dict[int, User] = {}
        for a in holders[(d.institution_id, d.assignee_role)]:
            whole = a.component_id is None and a.scope_type_id is None
            on_component = a.component_id is not None and a.component_id in chain
            on_subject = a.scope_type_id is not None and (a.scope_type_id, a.scope_id) == (
                d.subject_type_id, d.subject_id)
            if whole or on_component or on_subject:
                people[a.user_id] = a.user
        out[d.pk] = list(people.values())
    return out


def _due_text(deadline: Deadline) -> str:
    return timezone.localtime(deadline.due_at).strftime("%d/%m/%Y %H:%M")


def _enqueue_many(items: Iterable[tuple[str, str, User, Deadline, dict]]) -> int:
    """Enqueue notices whose key is new (existing keys are skipped in one query)."""
    from core.notices.services import notice_enqueue

    items = list(items)
    existing = set(Notice.objects.filter(key__in=[i[0] for i in items]).values_list("key", flat=True))
    sent = 0
    for key, kind, user, deadline, extra in items:
        if key in existing:
            continue
        context = {"recipient_name": user.get_full_name() or user.email, "title": deadline.title,
                   "due": _due_text(deadline), "rule_id": deadline.rule_id, "rule_url": rule_url(deadline.rule_id),
                   "url": _dashboard_url(), **extra}
        notice_enqueue(key=key, kind=kind, recipient=user, context=context, rule_id=deadline.rule_id,
                       subject=deadline)
        sent += 1
    return sent


def mark_late(*, now: datetime, batch_size: int = BATCH_SIZE) -> tuple[int, int]:
    """Pending deadlines past due → late (set-based), then a late notice to each responsible."""
    marked = notices = 0
    ct = ContentType.objects.get_for_model(Deadline)
    while True:
        with transaction.atomic():
            batch = list(Deadline.objects.select_for_update(of=("self",))
                         .filter(state=DeadlineState.PENDING, due_at__lt=now)
                         .select_related("assignee_user").order_by("pk")[:batch_size])
            if not batch:
                return marked, notices
            Deadline.objects.filter(pk__in=[d.pk for d in batch]).update(state=DeadlineState.LATE, updated_at=now)
            AuditEvent.objects.bulk_create(
                AuditEvent(action="deadline.late", object_type=ct, object_id=d.pk, object_repr=str(d)[:300],
                           before={"state": DeadlineState.PENDING}, after={"state": DeadlineState.LATE},
                           rule_id=d.rule_id)
                for d in batch
            )
            people = _responsible(batch, timezone.localdate(now))
            notices += _enqueue_many(
                (f"deadline-late:{d.pk}:{user.pk}", DEADLINE_LATE, user, d, {})
                for d in batch for user in people.get(d.pk, [])
            )
        marked += len(batch)
        if len(batch) < batch_size:
            return marked, notices


def reminder_lead(deadline: Deadline, today: date) -> int | None:
    """The shortest lead time (days) whose reminder date has been reached, if any."""
    due = timezone.localtime(deadline.due_at).date()
    calendar = WorkingCalendar()
    reached = [int(lead) for lead in deadline.reminder_days
               if today >= calendar.subtract(due, int(lead), "calendar")]
    return min(reached) if reached else None


def send_reminders(*, now: datetime, batch_size: int = BATCH_SIZE) -> int:
    today = timezone.localdate(now)
    sent, last_id = 0, 0
    scope = Deadline.objects.filter(state=DeadlineState.PENDING, due_at__gte=now,
                                    due_at__lte=now + timedelta(days=MAX_LEAD_DAYS + 1))
    while True:
        batch = list(scope.filter(pk__gt=last_id).select_related("assignee_user").order_by("pk")[:batch_size])
        if not batch:
            return sent
        leads = {d.pk: reminder_lead(d, today) for d in batch}
        due_now = [d for d in batch if leads[d.pk] is not None]
        people = _responsible(due_now, today)
        with transaction.atomic():
            sent += _enqueue_many(
                (f"deadline-reminder:{d.pk}:{timezone.localtime(d.due_at).date().isoformat()}:{leads[d.pk]}:{u.pk}",
                 DEADLINE_REMINDER, u, d, {"days_before": leads[d.pk]})
                for d in due_now for u in people.get(d.pk, [])
            )
        if len(batch) < batch_size:
            return sent
        last_id = batch[-1].pk


def deadlines_sweep(*, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> SweepResult:
    """The daily job: mark late ones (and tell their people), then send due reminders. Idempotent."""
    now = now or timezone.now()
    marked, late_notices = mark_late(now=now, batch_size=batch_size)
    reminders = send_reminders(now=now, batch_size=batch_size)
    return SweepResult(marked_late=marked, late_notices=late_notices, reminders=reminders)
