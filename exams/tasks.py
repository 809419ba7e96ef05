"""Scheduled exam-office jobs (thin: they call one service; STYLE 8)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from exams.services.reserves import BATCH, reserves_nightly


@shared_task(name="exams.tasks.reserves_expire_task")
def reserves_expire_task() -> int:
    """Nightly: absence files without proofs after the justification deadline keep their zero
    (UTC-3.01e-reserve-request); réserves not lifted by their deadline become a zero
    (UTC-3.01e-reserve-deadline).

    Batches are ordered by deadline, so a full batch means more may follow: re-enqueue.
    """
    done = reserves_nightly(now=timezone.now())
    if done >= BATCH:
        reserves_expire_task.delay()
    return done
