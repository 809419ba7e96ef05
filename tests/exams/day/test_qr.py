"""Rotating sign-in QR code: signed tokens (current and previous window only), tampered, expired, other
room, replayed, student not convoked; the screen page and the student's sign-in through the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.test import override_settings
from django.urls import reverse

from core.errors import ApplicationError
from exams.models import Attendance, AttendanceStatus
from exams.services.qr import SALT, qr_check, qr_sign_in, qr_token, qr_window
from tests.factories import UserFactory

from .factories import exam_day

pytestmark = pytest.mark.django_db


@override_settings(EXAMS_QR_PERIOD_SECONDS=30)
@pytest.mark.parametrize(
    ("offset_windows", "room_delta", "tamper", "code"),
    [
        (0, 0, False, None),  # current window
        (-1, 0, False, None),  # previous window: still accepted (the code just changed)
        (-2, 0, False, "exams.qr_expired"),
        (1, 0, False, "exams.qr_expired"),  # a window from the future is not ours
        (0, 1, False, "exams.qr_other_room"),
        (0, 0, True, "exams.qr_invalid"),
    ],
)
def test_token_windows(offset_windows, room_delta, tamper, code):
    d = exam_day("strasbourg")
    now = d.at(-5)
    token = qr_token(d.er.pk + room_delta, qr_window(now) + offset_windows)
    if tamper:
        token = signing.dumps({"r": d.er.pk, "w": qr_window(now)}, salt=SALT + "x")
    if code is None:
        assert qr_check(token, at=now, event_room_id=d.er.pk) == (d.er.pk, qr_window(now) + offset_windows)
    else:
        with pytest.raises(ApplicationError) as exc:
            qr_check(token, at=now, event_room_id=d.er.pk)
        assert exc.value.code == code


def test_a_forged_payload_with_a_guessed_signature_is_refused():
    d = exam_day("utc")
    token = qr_token(d.er.pk, qr_window(d.at(0)))
    payload, sig = token.rsplit(":", 1)
    with pytest.raises(ApplicationError) as exc:
        qr_check(f"{payload}:{sig[:-2]}AA", at=d.at(0))
    assert exc.value.code == "exams.qr_invalid"


def test_student_signs_in_by_scanning_and_a_replay_is_refused():
    d = exam_day("utc")
    conv = d.convocations()[0]
    now = d.at(-3)
    token = qr_token(d.er.pk, qr_window(now))
    attendance = qr_sign_in(user=conv.student.user, token=token, at=now)
    assert attendance.status == AttendanceStatus.PRESENT and attendance.method == "qr" and attendance.signed_at == now
    with pytest.raises(ApplicationError) as exc:
        qr_sign_in(user=conv.student.user, token=token, at=now + timedelta(seconds=5))
    assert exc.value.code == "exams.qr_replayed"
    assert Attendance.objects.get(pk=attendance.pk).signed_at == now


def test_a_student_without_a_convocation_for_that_room_is_sent_to_the_invigilator(client):
    d = exam_day("utc")
    outsider = UserFactory()
    now = d.at(-3)
    token = qr_token(d.er.pk, qr_window(now))
    with pytest.raises(ApplicationError) as exc:
        qr_sign_in(user=outsider, token=token, at=now)
    assert exc.value.code == "exams.qr_not_convoked"
    client.force_login(outsider)
    with time_machine.travel(now, tick=False):
        page = client.get(reverse("exams:qr_sign_in", args=[token]))
        post = client.post(reverse("exams:qr_sign_in", args=[token]))
    assert page.status_code == 400 and "adressez-vous au surveillant" in page.content.decode()
    assert post.status_code == 400
    assert not Attendance.objects.exists()


def test_screen_shows_a_rotating_code_and_the_student_page_signs_in(client):
    d = exam_day("utc")
    conv = d.convocations()[1]
    screen_url = reverse("exams:day_screen", args=[d.er.pk])
    client.force_login(d.head)
    with time_machine.travel(d.at(-10), tick=False):
        first = client.get(screen_url)
    with time_machine.travel(d.at(-10) + timedelta(seconds=31), tick=False):
        later = client.get(screen_url)
    html = first.content.decode()
    assert "<svg" in html and 'http-equiv="refresh"' in html and "INVALID_TEMPLATE_VARIABLE" not in html
    token = first.context["code"].token
    assert qr_check(token, at=d.at(-10)) == (d.er.pk, qr_window(d.at(-10)))
    assert later.context["code"].window == first.context["code"].window + 1  # the code rotates
    client.force_login(conv.student.user)
    assert client.get(screen_url).status_code == 404  # a student never sees the screen's token
    url = reverse("exams:qr_sign_in", args=[token])
    with time_machine.travel(d.at(-10) + timedelta(seconds=20), tick=False):
        confirm = client.get(url)
        assert confirm.status_code == 200 and "Confirmer ma présence" in confirm.content.decode()
        done = client.post(url, follow=True)
    assert done.status_code == 200 and "Présence enregistrée" in done.content.decode()
    assert Attendance.objects.get(convocation=conv).method == "qr"
    with time_machine.travel(d.at(-10) + timedelta(seconds=95), tick=False):
        expired = client.post(url)
    assert expired.status_code == 400 and "expiré" in expired.content.decode()
    other = d.convocations()[0]
    assert client.get(reverse("exams:qr_signed", args=[other.event_id])).status_code == 200  # own receipt
    client.force_login(other.student.user)
    assert client.get(reverse("exams:qr_signed", args=[other.event_id])).status_code == 404  # not signed yet
