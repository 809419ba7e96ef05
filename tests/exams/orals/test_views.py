"""The oral schedule page: the exam office's journey, 404 for everyone else, bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import Document, Role
from exams.models import OralPassage, OralSchedule
from exams.services.orals import oral_passages_generate
from tests.exams.office.factories import exam_office_user, register
from tests.factories import ComponentFactory, RoleAssignmentFactory, UserFactory

from .factories import oral_world

pytestmark = pytest.mark.django_db


def _page(client, event) -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("exams:oral_schedule", args=[event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in html
    return html


def test_exam_office_builds_the_schedule_through_the_page(client):
    ow = oral_world(schedule=False)
    client.force_login(ow.world.office)
    html = _page(client, ow.oral)
    assert "STRAS-80" in html and 'value="20"' in html  # M3C duration prefilled
    url = reverse("exams:oral_schedule", args=[ow.oral.pk])
    refused = client.post(url, {"duration_minutes": 15, "prep_minutes": 30, "changeover_minutes": 0})
    assert refused.status_code == 200 and "STRAS-80" in refused.content.decode()
    assert not OralSchedule.objects.filter(event=ow.oral).exists()
    ok = client.post(url, {"duration_minutes": 20, "prep_minutes": 30, "changeover_minutes": 5,
                           "break_start": "12:00", "break_end": "13:30"})
    assert ok.status_code == 302
    client.post(reverse("exams:oral_panel_create", args=[ow.oral.pk]),
                {"panel-code": "J1", "panel-room": ow.world.rooms["A101"].pk, "panel-examiners": "Mme Curie"})
    client.post(reverse("exams:oral_generate", args=[ow.oral.pk]))
    passages = list(OralPassage.objects.filter(schedule__event=ow.oral).order_by("start"))
    assert len(passages) == 3
    html = _page(client, ow.oral)
    assert "Zola" in html and "Mme Curie" in html
    client.post(reverse("exams:oral_move", args=[ow.oral.pk]),
                {"move-passage": passages[0].pk, "move-panel": passages[0].panel_id, "move-start": "15:00"})
    passages[0].refresh_from_db()
    assert passages[0].start.hour == 14  # 15:00 Paris = 14:00 UTC
    client.post(reverse("exams:oral_swap", args=[ow.oral.pk]), {"swap-first": passages[1].pk, "swap-second": passages[2].pk})
    passages[1].refresh_from_db()
    assert passages[1].version == 2
    client.post(reverse("exams:oral_publish", args=[ow.oral.pk]))
    assert OralSchedule.objects.get(event=ow.oral).published
    response = client.post(reverse("exams:oral_door_list", args=[passages[0].panel_id]))
    assert response.status_code == 302
    document = Document.objects.get(kind="exams.oral_door_list")
    assert "J1" in document.title


def test_session_detail_links_the_oral_page(client):
    ow = oral_world()
    client.force_login(ow.world.office)
    html = client.get(reverse("exams:session_detail", args=[ow.session.pk])).content.decode()
    assert reverse("exams:oral_schedule", args=[ow.oral.pk]) in html
    assert reverse("exams:oral_schedule", args=[ow.written.pk]) not in html


def test_others_get_404(client):
    ow = oral_world()
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    passage = OralPassage.objects.filter(schedule__event=ow.oral).first()
    stranger = exam_office_user(ComponentFactory())
    teacher = UserFactory()
    RoleAssignmentFactory(user=teacher, role=Role.TEACHER, institution=ow.world.component.institution,
                          component=ow.world.component)
    student = ow.world.students[0].user
    for user in (stranger, teacher, student):
        client.force_login(user)
        assert client.get(reverse("exams:oral_schedule", args=[ow.oral.pk])).status_code == 404
        for name in ("oral_generate", "oral_publish", "oral_move", "oral_swap", "oral_panel_create"):
            assert client.post(reverse(f"exams:{name}", args=[ow.oral.pk])).status_code == 404
        for name in ("oral_panel_delete", "oral_door_list"):
            assert client.post(reverse(f"exams:{name}", args=[ow.panels[0].pk])).status_code == 404
    passage.refresh_from_db()
    assert passage.version == 1 and not OralSchedule.objects.get(event=ow.oral).published
    client.force_login(ow.world.office)
    assert client.get(reverse("exams:oral_schedule", args=[ow.written.pk])).status_code == 404  # not an oral
    assert client.get(reverse("exams:oral_schedule", args=[ow.oral.pk + 999])).status_code == 404
    client.logout()
    assert client.get(reverse("exams:oral_schedule", args=[ow.oral.pk])).status_code == 302


def test_move_from_another_schedule_is_rejected(client):
    ow = oral_world()
    other = oral_world()
    oral_passages_generate(actor=other.world.office, event=other.oral)
    foreign = OralPassage.objects.filter(schedule__event=other.oral).first()
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    client.force_login(ow.world.office)
    client.post(reverse("exams:oral_move", args=[ow.oral.pk]),
                {"move-passage": foreign.pk, "move-panel": ow.panels[0].pk, "move-start": "15:00"})
    foreign.refresh_from_db()
    assert foreign.version == 1 and foreign.panel_id != ow.panels[0].pk


def test_page_queries_are_bounded(client, django_assert_max_num_queries):
    ow = oral_world(panels=2)
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    client.force_login(ow.world.office)
    with django_assert_max_num_queries(40) as ctx:
        _page(client, ow.oral)
    baseline = len(ctx.captured_queries)
    for i in range(5):
        register(ow.world, last=f"Nom{i}", first="X")
    from exams.services import seats_allocate

    seats_allocate(actor=ow.world.office, event=ow.oral)
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    assert OralPassage.objects.filter(schedule__event=ow.oral).count() == 8
    with django_assert_max_num_queries(baseline):
        _page(client, ow.oral)


def test_student_convocation_page_shows_the_personal_passage_once_published(client):
    from datetime import datetime

    from core.calendar.working import PARIS
    from exams.services import session_publish
    from exams.services.orals import oral_schedule_publish

    ow = oral_world()
    session_publish(actor=ow.world.office, session=ow.session, now=datetime(2026, 10, 20, 10, tzinfo=PARIS))
    passages = sorted(oral_passages_generate(actor=ow.world.office, event=ow.oral), key=lambda p: p.start)
    last = passages[-1]  # prepares 9:40, heard 10:10-10:30
    client.force_login(last.student.user)
    url = reverse("exams:convocation_detail", args=[ow.oral.pk])
    html = client.get(url).content.decode()
    assert "10:10" not in html and "jury J1" not in html  # draft schedule: the exam's own times
    oral_schedule_publish(actor=ow.world.office, event=ow.oral)
    html = client.get(url).content.decode()
    assert "09:40" in html and "10:30" in html and "10:10" in html and "jury J1" in html
    assert "INVALID_TEMPLATE_VARIABLE" not in html
