"""Celery tasks of courses (thin: one service call)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from courses.services.workflow import FREEZE_BATCH, m3c_freeze_ended


@shared_task(name="courses.tasks.m3c_freeze_ended_task")
def m3c_freeze_ended_task() -> int:
    """Daily: freeze the M3C of finished years; re-enqueues itself while a full batch was processed."""
    done = m3c_freeze_ended(today=timezone.localdate())
    if done >= FREEZE_BATCH:
        m3c_freeze_ended_task.delay()
    return done
