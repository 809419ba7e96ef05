"""Scheduled exam-office jobs (thin: they call one service; STYLE 8)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from exams.services.reserves import BATCH, reserves_expire


@shared_task(name="exams.tasks.reserves_expire_task")
def reserves_expire_task() -> int:
    """Nightly: réserves not lifted by their deadline become a zero (UTC-3.01e-reserve-deadline).

    Batches are ordered by deadline, so a full batch of expiries means more may follow: re-enqueue.
    """
    done = reserves_expire(now=timezone.now())
    if done >= BATCH:
        reserves_expire_task.delay()
    return done
