"""The seating plan of a room: every seat with its candidate in a grid, the extra-time candidates' own
end marked (UTC-2.05-accommodations); issued from the session page by the exam office only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Document
from exams.models import EventRoom
from exams.services import event_rooms_set, events_generate_from_m3c, seats_allocate
from exams.services.seating_plan import COLUMNS, seating_plan_rows
from tests.factories import UserFactory

from .factories import final_session, published_world, tiers_temps

pytestmark = pytest.mark.django_db


def _room(students: int):  # type: ignore[no-untyped-def]
    world = published_world("utc", students=students)
    tiers_temps(world.students[0])
    event = events_generate_from_m3c(actor=world.office, session=final_session(world))[0]
    event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"], world.rooms["B12"]])
    seats_allocate(actor=world.office, event=event)
    return world, EventRoom.objects.get(event=event, room=world.rooms["A101"]), \
        EventRoom.objects.get(event=event, room=world.rooms["B12"])


def test_seats_in_rows_with_the_extra_time_candidate_marked():
    _world, main, adapted = _room(students=8)
    rows = seating_plan_rows(main)
    assert [len(r) for r in rows] == [COLUMNS, 7 - COLUMNS]
    assert [s["seat"] for r in rows for s in r] == [str(n) for n in range(1, 8)]
    assert all(s["end"] == "" for r in rows for s in r)
    [[special]] = seating_plan_rows(adapted)
    assert special["end"] == "11:40"  # 2 h + one third, from 09:00


def test_the_office_issues_it_from_the_session_page_others_get_404(client, django_capture_on_commit_callbacks):
    world, main, _adapted = _room(students=3)
    url = reverse("exams:seating_plan", args=[main.pk])
    client.force_login(UserFactory())
    assert client.post(url).status_code == 404
    client.force_login(world.office)
    assert url in client.get(reverse("exams:session_detail", args=[main.event.session_id])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    document = Document.objects.get(kind="exams.seating_plan")
    assert response.status_code == 302 and document.status == "issued" and document.context["count"] == 2
