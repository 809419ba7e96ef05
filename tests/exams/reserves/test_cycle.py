"""The réserve cycle end to end through the pages and the nightly task (issue #5 item 10):
absent → proofs → réserve (module « réservée ») → equivalent make-up lifts it; another réserve not
lifted → one month after the next semester starts the task sets zero and notifies, once
(UTC-3.01e-zero, UTC-3.01e-reserve-request, UTC-3.01e-reserve-decision, UTC-3.01e-reserve-lift,
UTC-3.01e-reserve-deadline)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.calendar.working import PARIS
from core.models import Notice
from exams.models import ReserveFile
from exams.rules.reserves import LIFTED, PROOFS_RECEIVED, RESERVE, ZERO_KEPT, ZERO_PROVISIONAL
from exams.tasks import reserves_expire_task
from juries.models import Mark, MarkHold
from juries.results.selectors import student_module_holds

from .factories import exam

pytestmark = pytest.mark.django_db


def mark(e, user) -> str:  # type: ignore[no-untyped-def]
    return Mark.objects.get(evaluation__component=e.event.assessment, student=user).raw()


def test_reserve_cycle_through_the_pages_and_the_nightly_task(client, django_capture_on_commit_callbacks):
    e = exam("utc")
    lifted_c, expired_c = e.convocations[0], e.convocations[1]
    session_id, module = e.event.session_id, e.event.module
    # 1. the exam office records both absences after the exam (paper sign-in)
    client.force_login(e.office)
    with time_machine.travel(e.event.start + timedelta(hours=3), tick=False):
        for c in (lifted_c, expired_c):
            client.post(reverse("exams:session_absence_record", args=[session_id]), {"convocation": c.pk})
    files = {c.pk: ReserveFile.objects.get(convocation=c) for c in (lifted_c, expired_c)}
    assert {f.state for f in files.values()} == {ZERO_PROVISIONAL}
    assert mark(e, lifted_c.student.user) == "0.00"
    # 2. each student sends proofs within 48 hours from their page
    for c in (lifted_c, expired_c):
        client.force_login(c.student.user)
        with time_machine.travel(e.event.start + timedelta(hours=30), tick=False):
            client.post(reverse("exams:my_absence_detail", args=[files[c.pk].pk]),
                        {"file": SimpleUploadedFile("certificat.pdf", b"%PDF-1.4 x")})
        files[c.pk].refresh_from_db()
        assert files[c.pk].state == PROOFS_RECEIVED
    # 3. the module head proposes a réserve: the module result shows « Réservée »
    client.force_login(e.module_head)
    with time_machine.travel(e.event.start + timedelta(days=4), tick=False):
        for f in files.values():
            client.post(reverse("exams:reserve_detail", args=[f.pk]), {"action": "propose_reserve"})
    for c in (lifted_c, expired_c):
        files[c.pk].refresh_from_db()
        assert files[c.pk].state == RESERVE
        hold = student_module_holds(c.student.user, [module.semester_id])[module.semester_id][module.code]
        assert hold.kind == "reserve" and hold.label == "Réservée"
        client.force_login(c.student.user)
        page = client.get(reverse("exams:my_absence_detail", args=[files[c.pk].pk])).content.decode()
        assert "Réservée" in page and "INVALID_TEMPLATE_VARIABLE" not in page
    client.force_login(e.module_head)
    # 4. the make-up (same format, same duration) is recorded and its grade lifts the réserve
    url = reverse("exams:reserve_detail", args=[files[lifted_c.pk].pk])
    with time_machine.travel(datetime(2027, 2, 10, 9, tzinfo=PARIS), tick=False):
        client.force_login(e.module_head)  # the login session of November has expired
        not_equivalent = client.post(url, {"action": "schedule_makeup", "makeup_nature": "oral",
                                           "makeup_duration_minutes": 30}, follow=True).content.decode()
        assert "UTC-3.01e-reserve-lift" in not_equivalent
        client.post(url, {"action": "schedule_makeup", "makeup_nature": e.event.nature,
                          "makeup_duration_minutes": e.event.duration_minutes,
                          "makeup_at": "2027-02-10T09:00"})
        client.post(url, {"action": "lift", "grade": "13.5"})
    lifted = ReserveFile.objects.get(pk=files[lifted_c.pk].pk)
    assert lifted.state == LIFTED and mark(e, lifted_c.student.user) == "13.50"
    assert MarkHold.objects.get(key=f"exams.reserve.{lifted.pk}").outcome == "lifted"
    assert module.code not in student_module_holds(lifted_c.student.user, [module.semester_id]).get(
        module.semester_id, {})
    # 5. the other réserve is not lifted: still a réserve on the last day (S2 starts 1 Feb → 1 March)…
    with time_machine.travel(datetime(2027, 3, 1, 22, tzinfo=PARIS), tick=False):
        assert reserves_expire_task() == 0
    # …and the nightly task turns it into a zero the day after, with a notice
    with time_machine.travel(datetime(2027, 3, 2, 2, tzinfo=PARIS), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert reserves_expire_task() == 1
    expired = ReserveFile.objects.get(pk=files[expired_c.pk].pk)
    assert expired.state == ZERO_KEPT and mark(e, expired_c.student.user) == "0.00"
    assert MarkHold.objects.get(key=f"exams.reserve.{expired.pk}").outcome == "expired"
    notice = Notice.objects.get(key=f"reserve:{expired.pk}:expire")
    assert notice.rule_id == "UTC-3.01e-reserve-deadline" and notice.recipient == expired_c.student.user
    # a re-run changes nothing and sends no second notice
    with time_machine.travel(datetime(2027, 3, 3, 2, tzinfo=PARIS), tick=False):
        assert reserves_expire_task() == 0
    assert Notice.objects.filter(key__startswith=f"reserve:{expired.pk}:").count() == \
        Notice.objects.filter(key__startswith=f"reserve:{expired.pk}:").values("key").distinct().count()
    assert Notice.objects.filter(key=f"reserve:{expired.pk}:expire").count() == 1
    # the student sees the outcome on their page
    client.force_login(expired_c.student.user)
    assert "zéro maintenu" in client.get(reverse("exams:my_absences")).content.decode()
    # the exam office sees the expired réserve apart
    client.force_login(e.office)
    page = client.get(reverse("exams:session_absences", args=[session_id]), {"state": "expired"}).content.decode()
    assert reverse("exams:reserve_detail", args=[expired.pk]) in page and "réserve expirée" in page
    assert reverse("exams:reserve_detail", args=[lifted.pk]) not in page
