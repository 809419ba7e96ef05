"""Every scheduled job names a task the worker knows (a typo would silently never run)."""

from django.conf import settings

from config.celery import app


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    registered = set(app.tasks)
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled, "the beat schedule is empty"
    assert scheduled <= registered, f"unknown tasks in CELERY_BEAT_SCHEDULE: {sorted(scheduled - registered)}"


def test_the_regulatory_sweeps_are_scheduled():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "core.tasks.deadlines_sweep",
        "core.tasks.notices_redeliver",
        "courses.tasks.m3c_freeze_ended_task",
        "exams.tasks.reserves_expire_task",
    } <= scheduled
