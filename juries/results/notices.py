"""Results-published notices: one ``juries.results_published`` notice per student when a
semester's results are published, provisional (ARL-ES18.1-provisional-results, STRAS-87) or final
— with, for final results, the appeal deadline from the profile (``juries.appeal_deadlines``:
UTC-5.03b-recourse, TOURS-VI-4.5-appeal) or, where the profile only says the notification must
state the routes of appeal (ARL-ES19.4-appeal-info, STRAS-103), a sentence saying where they are.

Set-based (a whole promotion at once): the rows are read as tuples, the templates dry-run
rendered (strict) once per language before anything is written, ``Notice`` rows are inserted with
``bulk_create(ignore_conflicts=True)`` on their unique key (a re-publication of the same result
version never notifies twice) and the sends are queued in one on-commit callback.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.errors import ApplicationError
from core.models import Notice
from core.notices.rendering import render_notice
from core.notices_registry import get_kind
from core.profiles.registry import get_param
from courses.models import Semester
from juries.models import SemesterResult
from juries.notices import RESULTS_PUBLISHED
from juries.services.common import site_url

APPEAL_PARAM = "juries.appeal_deadlines"
#: Sub-keys of ``juries.appeal_deadlines`` holding the appeal against a jury decision, in order.
APPEAL_KEYS = ("recourse", "recours")
LANGUAGES = ("fr", "en")


def results_notice_key(semester_id: int, version: int, final: bool, student_id: int) -> str:
    return f"juries.results_published:{semester_id}:v{version}:{'final' if final else 'provisional'}:{student_id}"


def _appeal(semester: Semester, published_at: datetime) -> tuple[str, bool]:
    """(appeal deadline as dd/mm/yyyy or "", whether the notice must state the routes of appeal)."""
    from core.calendar.service import deadline_instant
    from core.profiles.selectors import profile_value

    version = semester.study_year.programme_version
    component = version.programme.component
    try:
        deadlines = profile_value(component, version.academic_year, APPEAL_PARAM)
    except ApplicationError as exc:
        if exc.code != "profiles.no_profile":
            raise
        deadlines = get_param(APPEAL_PARAM).default
    if not isinstance(deadlines, dict):
        return "", False
    for key in APPEAL_KEYS:
        delay = deadlines.get(key)
        if isinstance(delay, dict) and delay.get("value") is not None and (delay.get("day_kind") or delay.get("unit")):
            until = deadline_instant(component, timezone.localtime(published_at).date(), delay)
            return timezone.localtime(until).strftime("%d/%m/%Y"), True
    return "", bool(deadlines.get("notification_must_state"))


def results_published_notify(*, semester: Semester, final: bool, published_at: datetime) -> int:
    """Queue one notice per student whose current result of ``semester`` is published; returns
    the number of notices created (known keys are skipped). A fixed number of queries."""
    kind = get_kind(RESULTS_PUBLISHED)
    assert kind is not None
    rows = list(SemesterResult.objects.filter(semester=semester, is_current=True, state="published")
                .values_list("student_id", "version", "student__email", "student__first_name",
                             "student__last_name", "student__preferred_language").order_by("student_id"))
    if not rows:
        return 0
    programme = semester.study_year.programme_version.programme
    appeal_until, appeal_info = _appeal(semester, published_at) if final else ("", False)
    shared = {"programme": programme.title or programme.code, "semester": str(semester), "final": final,
              "url": site_url("juries:results:my_results"), "appeal_until": appeal_until,
              "appeal_info": appeal_info}
    checked: set[str] = set()
    ct = ContentType.objects.get_for_model(Semester)
    notices = []
    for student_id, version, email, first, last, language in rows:
        if not email:
            continue
        context = {**shared, "student_name": f"{first} {last}".strip() or email}
        language = language if language in LANGUAGES else "fr"
        if language not in checked:  # strict dry run once per language: a template error writes nothing
            render_notice(kind, context, language)
            checked.add(language)
        notices.append(Notice(
            key=results_notice_key(semester.pk, version, final, student_id), kind=RESULTS_PUBLISHED,
            rule_id=kind.rule_id, recipient_id=student_id, recipient_email=email, language=language,
            subject_type=ct, subject_id=semester.pk, context=context,
        ))
    keys = [n.key for n in notices]
    with transaction.atomic():
        before = set(Notice.objects.filter(key__in=keys).values_list("pk", flat=True))
        Notice.objects.bulk_create(notices, batch_size=1000, ignore_conflicts=True)
        created = [pk for pk in Notice.objects.filter(key__in=keys).values_list("pk", flat=True)
                   if pk not in before]
        _queue_sends(created)
    return len(created)


def _queue_sends(notice_ids: list[int]) -> None:
    from core.tasks import notice_send

    if notice_ids:
        transaction.on_commit(lambda: [notice_send.delay(i) for i in notice_ids])


__all__: list[Any] = ["results_notice_key", "results_published_notify"]
