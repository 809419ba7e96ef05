"""Celery tasks of deadlines and notices (STYLE 8): ids in, one service call, state re-checked.

``deadlines_sweep`` and ``notices_redeliver`` are beat jobs (``CELERY_BEAT_SCHEDULE`` in
config/settings/base.py, run by ``celery worker -B`` in the embedded mode and by the beat
container in production); ``notice_send`` is queued on commit by ``notice_enqueue``.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="core.tasks.notice_send", ignore_result=True)
def notice_send(notice_id: int) -> str | None:
    """Send one notice (claim under lock, SMTP, record; transient errors re-queue themselves)."""
    from core.notices.delivery import notice_deliver

    return notice_deliver(notice_id=notice_id)


@shared_task(name="core.tasks.notices_redeliver", ignore_result=True)
def notices_redeliver() -> int:
    """Re-queue notices due for a retry, whose task was lost, or whose worker died mid-send."""
    from core.notices.delivery import notices_redeliver as redeliver

    return redeliver(now=timezone.now())


@shared_task(name="core.tasks.deadlines_sweep", ignore_result=True)
def deadlines_sweep() -> dict[str, int]:
    """Daily: mark late deadlines (and notify), send due reminders."""
    from core.deadlines.sweep import deadlines_sweep as sweep

    result = sweep(now=timezone.now())
    return {"marked_late": result.marked_late, "late_notices": result.late_notices, "reminders": result.reminders}
