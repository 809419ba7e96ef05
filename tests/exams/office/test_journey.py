"""Acceptance journey through the web pages (issue 5): the exam office builds a final session from the
published M3C, allocates rooms and seats (an extra-time student in an adapted room with a later end),
assigns invigilators and publishes; students receive convocation e-mails with every required field
and an ICS file; a timetable published 10 days before the finals is flagged late with the rule id."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from core.calendar.working import PARIS
from exams.models import Convocation, EventRoom, ExamSession
from tests.factories import UserFactory

from .factories import published_world, tiers_temps

pytestmark = pytest.mark.django_db

REQUIRED = ("Ressource 1", "Écrit", "16/11/2026", "09:00", "Salle :", "Place :", "Documents autorisés",
            "Matériel autorisé")


def _ok(response):  # type: ignore[no-untyped-def]
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    return response


def _build(client, world, *, now: str):  # type: ignore[no-untyped-def]
    client.force_login(world.office)
    with time_machine.travel(datetime.fromisoformat(now).replace(tzinfo=PARIS), tick=False):
        _ok(client.get(reverse("exams:session_list")))
        _ok(client.post(reverse("exams:session_list"), {
            "title": "Examens finaux S1", "kind": "final", "semester": world.semester.pk,
            "start_date": "2026-11-16", "end_date": "2026-11-27", "seat_order": ""}))
        session = ExamSession.objects.get(component=world.component)
        _ok(client.post(reverse("exams:session_generate", args=[session.pk])))
        events = list(session.events.order_by("start"))
        assert len(events) == 2
        for e in events:
            _ok(client.post(reverse("exams:event_rooms", args=[e.pk]),
                            {f"e{e.pk}-rooms": [world.rooms["A101"].pk, world.rooms["B12"].pk]}))
            for er in EventRoom.objects.filter(event=e, planned_headcount__gt=0):
                head = UserFactory()
                _ok(client.post(reverse("exams:invigilator_add", args=[er.pk]), {"email": head.email, "is_head": "on"}))
        page = _ok(client.get(reverse("exams:session_detail", args=[session.pk])))
    return session, events, page


def test_exam_office_builds_and_publishes_students_receive_convocations(client, mailoutbox, settings,
                                                                         django_capture_on_commit_callbacks):
    settings.CURSUS_NOTICE_LATE_ATTACHMENTS = True  # the PDF convocation is rendered when the e-mail is sent
    world = published_world("utc")
    tiers_temps(world.students[0])
    session, events, page = _build(client, world, now="2026-10-20T10:00")
    content = page.content.decode()
    assert "UTC-2.01-final-schedule" in content and "Publier le calendrier" in content
    special = Convocation.objects.get(event=events[0], student=world.students[0])
    assert special.room.adapted and special.end.astimezone(PARIS).strftime("%H:%M") == "11:40"
    with time_machine.travel(datetime(2026, 10, 20, 10, tzinfo=PARIS), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        _ok(client.post(reverse("exams:session_publish", args=[session.pk])))
    session.refresh_from_db()
    assert session.state == "published" and not session.timetable_late
    assert len(mailoutbox) == 6
    mail = next(m for m in mailoutbox if m.to == [world.students[0].user.email] and "16/11/2026" in m.subject)
    for text in REQUIRED:
        assert text in mail.body, text
    assert "11:40" in mail.body and "B12" in mail.body and "Temps majoré" in mail.body
    name, ics, mimetype = mail.attachments[0]
    assert name == "convocation.ics" and mimetype.startswith("text/calendar")
    vevents = Calendar.from_ical(ics).walk("VEVENT")
    assert len(vevents) == 1 and vevents[0]["LOCATION"].startswith("B12")
    assert vevents[0].decoded("DTEND") == special.end
    pdf_name, pdf, pdf_type = mail.attachments[1]
    assert pdf_name.endswith(".pdf") and pdf_type == "application/pdf" and pdf.startswith(b"%PDF")

    # the student sees their timetable and convocation, and subscribes to the ICS feed
    client.force_login(world.students[0].user)
    mine = _ok(client.get(reverse("exams:my_exams"))).content.decode()
    assert "Ressource 1" in mine and "11:40" in mine
    detail = _ok(client.get(reverse("exams:convocation_detail", args=[events[0].pk]))).content.decode()
    assert "B12" in detail and "Documents autorisés" in detail
    _ok(client.post(reverse("exams:my_feed_rotate")))
    token = world.students[0].user.exam_feed.token
    client.logout()
    feed = client.get(reverse("exams:feed", args=[token]))
    assert feed.status_code == 200 and len(Calendar.from_ical(feed.content).walk("VEVENT")) == 2
    client.force_login(world.students[0].user)
    _ok(client.post(reverse("exams:my_feed_rotate")))
    client.logout()
    assert client.get(reverse("exams:feed", args=[token])).status_code == 404


def test_timetable_published_ten_days_before_finals_is_flagged_late_with_rule_id(client):
    world = published_world("utc")
    session, _events, _page = _build(client, world, now="2026-11-06T10:00")
    with time_machine.travel(datetime(2026, 11, 6, 10, tzinfo=PARIS), tick=False):
        _ok(client.post(reverse("exams:session_publish", args=[session.pk])))
        page = _ok(client.get(reverse("exams:session_detail", args=[session.pk]))).content.decode()
    session.refresh_from_db()
    assert session.state == "published" and session.timetable_late
    assert session.timetable_check["rule_id"] == "UTC-2.01-final-schedule"
    assert "En retard" in page and "UTC-2.01-final-schedule" in page
