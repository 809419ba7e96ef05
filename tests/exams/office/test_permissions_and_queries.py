"""Permissions (404 for missing and forbidden alike) and bounded queries on the exam pages."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse

from core.calendar.working import PARIS
from core.models import Role
from exams.models import EventRoom
from exams.services import event_rooms_set, events_generate_from_m3c, seats_allocate, session_publish
from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

from .factories import exam_office_user, final_session, published_world, register

pytestmark = pytest.mark.django_db


def _session(world, *, publish: bool = False):  # type: ignore[no-untyped-def]
    session = final_session(world)
    for event in events_generate_from_m3c(actor=world.office, session=session):
        event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"], world.rooms["B12"]])
        seats_allocate(actor=world.office, event=event)
    if publish:
        session_publish(actor=world.office, session=session, now=datetime(2026, 10, 20, 10, tzinfo=PARIS))
    return session


def test_office_of_another_component_and_students_get_404(client):
    world = published_world()
    session = _session(world)
    event = session.events.first()
    stranger = exam_office_user(ComponentFactory())
    student = world.students[0].user
    teacher = UserFactory()
    RoleAssignmentFactory(user=teacher, role=Role.TEACHER, institution=world.component.institution,
                          component=world.component)
    for user in (stranger, student, teacher):
        client.force_login(user)
        assert client.get(reverse("exams:session_detail", args=[session.pk])).status_code == 404
        assert client.post(reverse("exams:session_publish", args=[session.pk])).status_code == 404
        assert client.post(reverse("exams:session_generate", args=[session.pk])).status_code == 404
        assert client.post(reverse("exams:event_seats", args=[event.pk])).status_code == 404
        er = EventRoom.objects.filter(event=event).first()
        assert client.post(reverse("exams:invigilator_add", args=[er.pk]), {"email": user.email}).status_code == 404
    client.force_login(student)
    assert client.get(reverse("exams:session_list")).status_code == 404
    assert client.get(reverse("exams:room_list")).status_code == 404
    session.refresh_from_db()
    assert session.state == "draft"
    client.logout()
    assert client.get(reverse("exams:session_detail", args=[session.pk])).status_code == 302  # to login


def test_student_sees_only_own_published_convocations(client):
    world = published_world()
    outsider = register(world, last="Dupont", first="Jean")
    session = _session(world)
    event = session.events.first()
    client.force_login(world.students[0].user)
    assert client.get(reverse("exams:convocation_detail", args=[event.pk])).status_code == 404  # not published yet
    session_publish(actor=world.office, session=session, now=datetime(2026, 10, 20, 10, tzinfo=PARIS))
    assert client.get(reverse("exams:convocation_detail", args=[event.pk])).status_code == 200
    assert client.get(reverse("exams:convocation_detail", args=[event.pk + 999])).status_code == 404
    nobody = UserFactory()
    client.force_login(nobody)
    assert client.get(reverse("exams:convocation_detail", args=[event.pk])).status_code == 404
    assert "Ressource" not in client.get(reverse("exams:my_exams")).content.decode()
    client.force_login(outsider.user)  # registered to the module: has their own convocation, not the others'
    page = client.get(reverse("exams:my_exams")).content.decode()
    assert "Ressource 1" in page and world.students[0].user.last_name not in page


def test_pdf_convocation_issued_on_demand_for_its_owner_only(client, django_capture_on_commit_callbacks):
    world = published_world(students=1)
    session = _session(world, publish=True)
    event = session.events.first()
    client.force_login(world.students[0].user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exams:convocation_pdf", args=[event.pk]))
    assert response.status_code == 302
    download = client.get(response["Location"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    again = client.post(reverse("exams:convocation_pdf", args=[event.pk]))
    assert again["Location"] == response["Location"]  # same document while the exam is unchanged
    client.force_login(UserFactory())
    assert client.post(reverse("exams:convocation_pdf", args=[event.pk])).status_code == 404


def test_pages_have_bounded_queries(client, django_assert_max_num_queries):
    world = published_world(students=2)
    session = _session(world)
    client.force_login(world.office)
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("exams:session_detail", args=[session.pk]))
    for i in range(6):
        register(world, last=f"Nom{i}", first="X")
    for event in session.events.all():
        seats_allocate(actor=world.office, event=event)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("exams:session_detail", args=[session.pk]))
    with django_assert_max_num_queries(20):
        client.get(reverse("exams:session_list"))
    with django_assert_max_num_queries(10):
        client.get(reverse("exams:room_list"))
    session_publish(actor=world.office, session=session, now=datetime(2026, 10, 20, 10, tzinfo=PARIS))
    client.force_login(world.students[0].user)
    with django_assert_max_num_queries(12):  # fixed: the timetable is one joined query
        client.get(reverse("exams:my_exams"))


def test_api_lists_only_the_callers_published_convocations(client):
    world = published_world(students=2)
    session = _session(world)
    client.force_login(world.students[0].user)
    assert client.get("/api/v1/exams/convocations/mine/").json()["count"] == 0  # not published yet
    session_publish(actor=world.office, session=session, now=datetime(2026, 10, 20, 10, tzinfo=PARIS))
    data = client.get("/api/v1/exams/convocations/mine/").json()
    assert data["count"] == 2 and {r["module_code"] for r in data["results"]} == {"R1.01"}
    assert all(r["seat_number"] for r in data["results"])
    client.logout()
    assert client.get("/api/v1/exams/convocations/mine/").status_code in (401, 403)
