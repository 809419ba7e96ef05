"""Who reaches the exam-day pages (invigilator of the room not replaced, head, exam office; others 404,
students only their own sign-in), the invigilator's home, and bounded queries on the phone page."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Role
from exams.models import Attendance
from exams.services import invigilator_assign, invigilator_replace
from tests.factories import RoleAssignmentFactory, UserFactory

from .factories import exam_day

pytestmark = pytest.mark.django_db


def _urls(d, conv):  # type: ignore[no-untyped-def]
    return [reverse("exams:day_room", args=[d.er.pk]), reverse("exams:day_candidate", args=[d.er.pk, conv.pk]),
            reverse("exams:day_screen", args=[d.er.pk]), reverse("exams:report_detail", args=[d.er.pk])]


def test_only_the_room_team_and_the_exam_office_reach_the_pages(client):
    d = exam_day("utc")
    conv = d.convocations()[0]
    other_room_invigilator, replaced, substitute = UserFactory(), UserFactory(), UserFactory()
    invigilator_assign(actor=d.world.office, event_room=d.er, user=replaced)
    assignment = d.er.invigilators.get(user=replaced)
    invigilator_replace(actor=d.world.office, assignment=assignment, user=substitute, reason="Malade")
    from exams.models import EventRoom
    from exams.services import event_rooms_set

    event_rooms_set(actor=d.world.office, event=d.event, rooms=[d.world.rooms["A101"], d.world.rooms["B12"]])
    invigilator_assign(actor=d.world.office, event_room=EventRoom.objects.get(event=d.event, room__code="B12"),
                       user=other_room_invigilator)
    foreign_office = UserFactory()
    RoleAssignmentFactory(user=foreign_office, role=Role.EXAM_OFFICE)  # another institution
    for user, status in ((d.head, 200), (d.second, 200), (substitute, 200), (d.world.office, 200),
                         (other_room_invigilator, 404), (replaced, 404), (conv.student.user, 404),
                         (foreign_office, 404), (UserFactory(), 404)):
        client.force_login(user)
        for url in _urls(d, conv):
            assert client.get(url).status_code == status, (user, url)
    client.force_login(conv.student.user)  # a student cannot sign themselves (or anyone) in from the room page
    assert client.post(_urls(d, conv)[0], {"action": "present", "convocation": conv.pk}).status_code == 404
    assert not Attendance.objects.exists()
    client.force_login(d.head)  # a convocation of another exam through this room: 404
    assert client.get(reverse("exams:day_candidate", args=[d.er.pk, 999999])).status_code == 404
    client.logout()
    assert client.get(_urls(d, conv)[0]).status_code == 302  # login first


def test_my_invigilations_lists_today_and_upcoming_rooms(client):
    d = exam_day("utc")
    client.force_login(d.second)
    with time_machine.travel(d.at(-60), tick=False):
        today = client.get(reverse("exams:my_invigilations"))
    html = today.content.decode()
    assert reverse("exams:day_room", args=[d.er.pk]) in html and "INVALID_TEMPLATE_VARIABLE" not in html
    assert [a.event_room_id for a in today.context["today"]] == [d.er.pk]
    with time_machine.travel(d.at(-60 * 24 * 3), tick=False):
        assert [a.event_room_id for a in client.get(reverse("exams:my_invigilations")).context["upcoming"]] == [d.er.pk]
    client.force_login(UserFactory())
    assert client.get(reverse("exams:my_invigilations")).context["today"] == []


def _room_queries(client, d) -> int:  # type: ignore[no-untyped-def]
    client.force_login(d.head)
    url = reverse("exams:day_room", args=[d.er.pk])
    with time_machine.travel(d.at(-5), tick=False):
        for conv in d.convocations()[:2]:
            client.post(url, {"action": "present", "convocation": conv.pk})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_phone_page_queries_do_not_grow_with_the_candidates(client, django_assert_max_num_queries):
    small = _room_queries(client, exam_day("utc", students=3))
    big = exam_day("utc", students=15)
    assert _room_queries(client, big) == small
    client.force_login(big.head)
    with django_assert_max_num_queries(30), time_machine.travel(big.at(-4), tick=False):
        page = client.get(reverse("exams:day_room", args=[big.er.pk]), {"q": "Zola"})
    assert page.status_code == 200 and len(page.context["candidates"]) >= 1
