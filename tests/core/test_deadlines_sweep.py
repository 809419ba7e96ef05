"""The daily sweep: late marking, reminders (keys, no duplicates, lead times), recipients."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.deadlines.services import deadline_open
from core.deadlines.sweep import deadlines_sweep
from core.models import AuditEvent, Deadline, Notice, Role
from core.models.deadlines import DeadlineState
from core.models.notices import NoticeStatus
from core.tasks import deadlines_sweep as deadlines_sweep_task
from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")
RULE = "ARL-ES05.5-check-file"
NOW = datetime(2026, 10, 1, 6, 15, tzinfo=PARIS)


def make(component, n, *, due_at, **kw):
    values = {"key": f"k{n}", "kind": "test.kind", "rule_id": RULE, "title": f"Échéance {n}",
              "institution": component.institution, "component": component, "due_at": due_at,
              "assignee_role": Role.SECRETARIAT}
    values.update(kw)
    return deadline_open(**values)


@pytest.mark.django_db
def test_sweep_marks_late_in_batches_and_notifies_assignee(django_capture_on_commit_callbacks, mailoutbox):
    component = ComponentFactory()
    user = UserFactory(preferred_language="en")
    with time_machine.travel(NOW - timedelta(days=30), tick=False):
        late = [make(component, i, due_at=NOW - timedelta(hours=i + 1), assignee_role="", assignee_user=user,
                     reminder_days=[]) for i in range(5)]
        future = make(component, 99, due_at=NOW + timedelta(days=30), assignee_user=user)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        result = deadlines_sweep(now=NOW, batch_size=2)
    assert result.marked_late == 5 and result.late_notices == 5
    assert set(Deadline.objects.filter(state=DeadlineState.LATE).values_list("pk", flat=True)) == {d.pk for d in late}
    assert Deadline.objects.get(pk=future.pk).state == DeadlineState.PENDING
    assert AuditEvent.objects.filter(action="deadline.late").count() == 5
    keys = set(Notice.objects.filter(kind="core.deadline_late").values_list("key", flat=True))
    assert keys == {f"deadline-late:{d.pk}:{user.pk}" for d in late}
    assert len(mailoutbox) == 5
    assert all(m.subject.startswith("Deadline missed") for m in mailoutbox)  # preferred_language=en
    assert "INVALID_TEMPLATE_VARIABLE" not in mailoutbox[0].body and RULE in mailoutbox[0].body
    # A re-run changes nothing and sends nothing.
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        again = deadlines_sweep(now=NOW)
    assert (again.marked_late, again.late_notices, again.reminders) == (0, 0, 0)
    assert len(mailoutbox) == 5


@pytest.mark.django_db
def test_reminders_shortest_reached_lead_only_and_rearmed_by_a_move(django_capture_on_commit_callbacks, mailoutbox):
    component = ComponentFactory()
    user = UserFactory()
    with time_machine.travel(NOW - timedelta(days=30), tick=False):
        d = make(component, 1, due_at=datetime(2026, 10, 8, 23, 59, tzinfo=PARIS), assignee_user=user,
                 assignee_role="", reminder_days=[7, 2])
    # 30 Sept: 8 days before, no reminder yet.
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_sweep(now=datetime(2026, 9, 30, 6, 15, tzinfo=PARIS)).reminders == 0
    # 1 Oct = due − 7: the 7-day reminder, once.
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_sweep(now=NOW).reminders == 1
        assert deadlines_sweep(now=NOW + timedelta(hours=5)).reminders == 0
    assert Notice.objects.get().key == f"deadline-reminder:{d.pk}:2026-10-08:7:{user.pk}"
    # 6 Oct = due − 2: the 2-day reminder.
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_sweep(now=datetime(2026, 10, 6, 6, 15, tzinfo=PARIS)).reminders == 1
    assert len(mailoutbox) == 2
    assert "Rappel" in mailoutbox[0].subject and "08/10/2026 23:59" in mailoutbox[0].subject
    assert "2 jours" in mailoutbox[1].body
    # The exam moves by a week: reminders are re-armed for the new date.
    with time_machine.travel(datetime(2026, 10, 6, 7, 0, tzinfo=PARIS), tick=False):
        make(component, 1, due_at=datetime(2026, 10, 15, 23, 59, tzinfo=PARIS), assignee_user=user,
             assignee_role="", reminder_days=[7, 2])
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_sweep(now=datetime(2026, 10, 8, 6, 15, tzinfo=PARIS)).reminders == 1
    assert Notice.objects.filter(key__contains=":2026-10-15:7:").count() == 1


@pytest.mark.django_db
def test_opened_two_days_before_gets_only_the_short_reminder(django_capture_on_commit_callbacks):
    user = UserFactory()
    d = make(ComponentFactory(), 1, due_at=NOW + timedelta(days=1), assignee_user=user, reminder_days=[7, 2])
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_sweep(now=NOW).reminders == 1
    assert Notice.objects.get().key.startswith(f"deadline-reminder:{d.pk}:2026-10-02:2:")


@pytest.mark.django_db
def test_role_recipients_cover_institution_ancestors_and_subject_not_others(django_capture_on_commit_callbacks):
    parent = ComponentFactory()
    child = ComponentFactory(institution=parent.institution, parent=parent)
    sibling = ComponentFactory(institution=parent.institution)
    inst = parent.institution
    whole = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=inst).user
    on_parent = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=inst, component=parent).user
    on_sibling = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=inst, component=sibling).user
    other_role = RoleAssignmentFactory(role=Role.EXAM_OFFICE, institution=inst, component=child).user
    expired = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=inst, component=child,
                                    valid_until=NOW.date() - timedelta(days=1)).user
    other_inst = RoleAssignmentFactory(role=Role.SECRETARIAT).user
    make(child, 1, due_at=NOW - timedelta(hours=1), reminder_days=[])
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(now=NOW)
    recipients = set(Notice.objects.values_list("recipient_id", flat=True))
    assert recipients == {whole.pk, on_parent.pk}
    assert not recipients & {on_sibling.pk, other_role.pk, expired.pk, other_inst.pk}


@pytest.mark.django_db
def test_sweep_task_runs_the_service(django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory()
    with time_machine.travel(NOW - timedelta(days=3), tick=False):
        make(ComponentFactory(), 1, due_at=NOW - timedelta(minutes=1), assignee_user=user)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        result = deadlines_sweep_task.delay().get()
    assert result["marked_late"] == 1
    assert Notice.objects.get().status == NoticeStatus.SENT
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_sweep_query_count_is_bounded(django_assert_max_num_queries, django_capture_on_commit_callbacks):
    component = ComponentFactory()
    for i in range(30):
        make(component, i, due_at=NOW + timedelta(days=100), reminder_days=[])
    with django_assert_max_num_queries(12):
        deadlines_sweep(now=NOW)
