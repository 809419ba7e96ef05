"""Deadline transitions, opening (idempotent on key), meeting and waiving."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.deadlines.services import deadline_meet, deadline_open, deadline_waive, reminder_days_for
from core.deadlines.transitions import TRANSITIONS, check_transition
from core.errors import ApplicationError, PermissionDenied, TransitionNotAllowed
from core.models import AuditEvent, Deadline, Role
from core.models.deadlines import DeadlineState
from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")
RULE = "ARL-ES05.5-check-file"
NOW = datetime(2026, 10, 1, 9, 0, tzinfo=PARIS)

P, M, L, W = DeadlineState.PENDING, DeadlineState.MET, DeadlineState.LATE, DeadlineState.WAIVED


@pytest.mark.parametrize(
    ("name", "state", "allowed"),
    [
        ("meet", P, True), ("meet", L, True), ("meet", M, False), ("meet", W, False),
        ("mark_late", P, True), ("mark_late", L, False), ("mark_late", M, False), ("mark_late", W, False),
        ("waive", P, True), ("waive", L, True), ("waive", M, False), ("waive", W, False),
        ("reschedule", L, True), ("reschedule", P, False), ("reschedule", M, False), ("reschedule", W, False),
    ],
)
def test_transition_table(name, state, allowed):
    if allowed:
        assert check_transition(name, state).target == TRANSITIONS[name].target
    else:
        with pytest.raises(TransitionNotAllowed) as exc:
            check_transition(name, state)
        assert exc.value.code == "deadlines.transition_not_allowed"


def open_deadline(component, **kw):
    values = {
        "key": "enrollment-file:1", "kind": "enrollment.file", "rule_id": RULE, "title": "Compléter le dossier",
        "institution": component.institution, "component": component, "due_at": NOW + timedelta(days=10),
        "assignee_role": Role.SECRETARIAT,
    }
    values.update(kw)
    return deadline_open(**values)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_open_is_idempotent_and_audited():
    component = ComponentFactory()
    d1 = open_deadline(component)
    d2 = open_deadline(component)
    assert d1.pk == d2.pk
    assert Deadline.objects.count() == 1
    assert list(AuditEvent.objects.filter(object_id=d1.pk).values_list("action", flat=True)) == ["deadline.opened"]
    assert d1.reminder_days == [7, 2]  # no profile assigned: the parameter's default


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_reopen_with_new_due_date_updates_and_late_becomes_pending():
    component = ComponentFactory()
    d = open_deadline(component, due_at=NOW - timedelta(days=1))
    Deadline.objects.filter(pk=d.pk).update(state=DeadlineState.LATE)
    moved = open_deadline(component, due_at=NOW + timedelta(days=20))
    moved.refresh_from_db()
    assert moved.state == DeadlineState.PENDING
    assert moved.due_at == NOW + timedelta(days=20)
    event = AuditEvent.objects.filter(object_id=d.pk, action="deadline.updated").get()
    assert event.before["state"] == "late" and event.after["state"] == "pending"
    assert event.rule_id == RULE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("override", "field"),
    [({"rule_id": ""}, "rule_id"), ({"rule_id": "NO-SUCH-RULE"}, "rule_id"),
     ({"assignee_role": ""}, "assignee"), ({"assignee_role": "pope"}, "assignee_role"),
     ({"due_at": datetime(2026, 10, 1, 9, 0)}, "due_at"), ({"key": ""}, "key")],
)
def test_open_refuses_bad_input_and_writes_nothing(override, field):
    component = ComponentFactory()
    with pytest.raises(ApplicationError) as exc:
        open_deadline(component, **override)
    assert exc.value.code == "deadlines.invalid"
    assert field in exc.value.fields
    assert not Deadline.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_reminder_days_from_profile_default_without_component():
    assert reminder_days_for(None, NOW) == [7, 2]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_meet_after_due_is_met_late_and_idempotent():
    component = ComponentFactory()
    d = open_deadline(component, due_at=NOW - timedelta(hours=1))
    met = deadline_meet(key=d.key)
    assert met.state == DeadlineState.MET and met.met_late
    again = deadline_meet(deadline=d)
    assert again.met_at == met.met_at
    assert AuditEvent.objects.filter(object_id=d.pk, action="deadline.met").count() == 1
    assert deadline_meet(key="nothing-due") is None


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_meet_before_due_is_not_late():
    d = open_deadline(ComponentFactory())
    assert not deadline_meet(deadline=d).met_late


@pytest.mark.django_db
def test_waive_requires_reason_role_and_open_state():
    component = ComponentFactory()
    d = open_deadline(component)
    staff = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=component.institution, component=component).user
    teacher = RoleAssignmentFactory(role=Role.TEACHER, institution=component.institution, component=component).user
    with pytest.raises(ApplicationError) as exc:
        deadline_waive(actor=staff, deadline=d, reason="  ")
    assert exc.value.code == "deadlines.reason_required" and "reason" in exc.value.fields
    with pytest.raises(PermissionDenied):
        deadline_waive(actor=teacher, deadline=d, reason="dispense")
    other = ComponentFactory(institution=component.institution)
    outsider = RoleAssignmentFactory(role=Role.SECRETARIAT, institution=component.institution, component=other).user
    with pytest.raises(PermissionDenied):
        deadline_waive(actor=outsider, deadline=d, reason="dispense")
    waived = deadline_waive(actor=staff, deadline=d, reason="Pièce fournie par un autre canal")
    assert waived.state == DeadlineState.WAIVED
    event = AuditEvent.objects.get(object_id=d.pk, action="deadline.waived")
    assert event.actor == staff and event.reason == "Pièce fournie par un autre canal"
    with pytest.raises(TransitionNotAllowed):
        deadline_waive(actor=staff, deadline=waived, reason="encore")
    # A waived deadline stays waived when the calling service later meets it.
    assert deadline_meet(deadline=waived).state == DeadlineState.WAIVED


@pytest.mark.django_db
def test_open_with_assignee_user():
    user = UserFactory()
    d = open_deadline(ComponentFactory(), assignee_role="", assignee_user=user, reminder_days=[3, 1, 3])
    assert d.assignee_user == user and d.reminder_days == [3, 1]
