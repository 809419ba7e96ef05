"""The beat schedule runs the deadline sweep and notice redelivery, in the embedded mode too.

No Redis needed: the schedule is loaded by Celery's own beat scheduler, from the test app and
from an app configured exactly like the embedded default (kombu filesystem broker), and a beat
entry is applied to show it reaches the real task.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery import Celery
from celery.beat import PersistentScheduler
from celery.schedules import crontab
from django.utils import timezone

from core.deadlines.services import deadline_open
from core.models import Deadline, Notice, Role
from core.models.deadlines import DeadlineState
from core.models.notices import NoticeStatus
from tests.factories import ComponentFactory, UserFactory

pytestmark = pytest.mark.integration

EXPECTED = {"deadlines-sweep": "core.tasks.deadlines_sweep", "notices-redeliver": "core.tasks.notices_redeliver"}


def scheduler_for(app: Celery, tmp_path) -> PersistentScheduler:
    return PersistentScheduler(app=app, schedule_filename=str(tmp_path / "celerybeat-schedule"), lazy=False)


def test_beat_loads_both_jobs_from_the_project_app(tmp_path):
    from config.celery import app

    scheduler = scheduler_for(app, tmp_path)
    try:
        entries = {name: entry.task for name, entry in scheduler.schedule.items()}
        assert {k: entries[k] for k in EXPECTED} == EXPECTED
        assert isinstance(scheduler.schedule["deadlines-sweep"].schedule, crontab)
        app.loader.import_default_modules()
        assert set(EXPECTED.values()) <= set(app.tasks)
    finally:
        scheduler.close()


def test_embedded_configuration_filesystem_broker_loads_the_schedule(tmp_path):
    """An app built from base settings alone (the embedded default: filesystem broker)."""
    from config.settings import base

    app = Celery("cursus-embedded", set_as_current=False)
    app.conf.update(
        broker_url=base.CELERY_BROKER_URL, broker_transport_options=base.CELERY_BROKER_TRANSPORT_OPTIONS,
        beat_schedule=base.CELERY_BEAT_SCHEDULE, timezone=base.CELERY_TIMEZONE,
    )
    assert app.conf.broker_url.startswith("filesystem")
    scheduler = scheduler_for(app, tmp_path)
    try:
        assert {name: e.task for name, e in scheduler.schedule.items() if name in EXPECTED} == EXPECTED
        assert scheduler.schedule["notices-redeliver"].schedule.run_every == timedelta(seconds=300)
    finally:
        scheduler.close()


@pytest.mark.django_db
def test_applying_the_beat_entry_runs_the_sweep(tmp_path, mailoutbox, django_capture_on_commit_callbacks):
    from config.celery import app

    user = UserFactory()
    component = ComponentFactory()
    deadline = deadline_open(key="beat", kind="test", rule_id="ARL-ES05.5-check-file", title="Dossier",
                             institution=component.institution, component=component, assignee_user=user,
                             due_at=timezone.now() + timedelta(seconds=1), assignee_role=Role.SECRETARIAT)
    Deadline.objects.filter(pk=deadline.pk).update(due_at=timezone.now() - timedelta(hours=1))
    app.loader.import_default_modules()  # what the worker does at start: registers core.tasks
    scheduler = scheduler_for(app, tmp_path)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            scheduler.apply_async(scheduler.schedule["deadlines-sweep"])  # eager in tests: runs the task
    finally:
        scheduler.close()
    assert Deadline.objects.get(pk=deadline.pk).state == DeadlineState.LATE
    assert Notice.objects.get().status == NoticeStatus.SENT
    assert len(mailoutbox) == 1 and "Dossier" in mailoutbox[0].subject
