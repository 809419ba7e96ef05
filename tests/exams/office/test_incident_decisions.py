"""The measure taken after an incident (STRAS-30: after massive lateness the jury president delays the
start or postpones; TOURS-VI-3.2-incident-subjects): recorded once, by the jury president or the exam
office; a delay moves every candidate's end in the room; a measure the profile does not allow is refused
with the field and the rule."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError, NotFound
from core.models import Role
from exams.models import Convocation, EventRoom
from exams.services import event_rooms_set, events_generate_from_m3c, seats_allocate
from exams.services.incidents import incident_decide
from exams.services.reports import exam_report_record, incident_add
from tests.factories import RoleAssignmentFactory, UserFactory

from .factories import final_session, published_world

pytestmark = pytest.mark.django_db


def _incident(preset: str = "strasbourg", kind: str = "massive_lateness"):  # type: ignore[no-untyped-def]
    world = published_world(preset)
    event = events_generate_from_m3c(actor=world.office, session=final_session(world))[0]
    event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"]])
    seats_allocate(actor=world.office, event=event)
    er = EventRoom.objects.get(event=event)
    report = exam_report_record(actor=world.office, event_room=er, enrolled=3, present=3, signatures=3, copies=0)
    incident = incident_add(actor=world.office, report=report, kind=kind, description="Grève des bus : 40 retards")
    president = UserFactory()
    RoleAssignmentFactory(user=president, role=Role.JURY_PRESIDENT, institution=world.component.institution,
                          component=world.component)
    return world, er, incident, president


def test_the_jury_president_delays_the_start_and_every_end_moves():
    _world, er, incident, president = _incident()
    before = {c.pk: c.end for c in Convocation.objects.filter(event=er.event)}
    decided = incident_decide(actor=president, incident=incident, measure="retarder_debut", delay_minutes=20,
                              note="Bus en retard", now=timezone.now())
    assert (decided.measure, decided.delay_minutes, decided.decided_by) == ("retarder_debut", 20, president)
    after = {c.pk: c.end for c in Convocation.objects.filter(event=er.event)}
    assert all(after[pk] - before[pk] == timedelta(minutes=20) for pk in before)
    with pytest.raises(ApplicationError) as exc:
        incident_decide(actor=president, incident=decided, measure="reporter", now=timezone.now())
    assert exc.value.code == "exams.incident_already_decided"


@pytest.mark.parametrize(("measure", "delay", "code", "field"), [
    ("sujet_de_secours", 0, "exams.incident_measure_not_allowed", "measure"),  # STRAS-30: delay or postpone only
    ("retarder_debut", 0, "exams.incident_delay_required", "delay_minutes"),
])
def test_a_measure_outside_the_rule_is_refused_with_the_field_and_rule(measure, delay, code, field):
    _world, _er, incident, president = _incident()
    with pytest.raises(ApplicationError) as exc:
        incident_decide(actor=president, incident=incident, measure=measure, delay_minutes=delay, now=timezone.now())
    assert (exc.value.code, exc.value.rule_id) == (code, "STRAS-30") and field in exc.value.fields


def test_only_the_jury_president_or_the_exam_office_decides():
    world, _er, incident, _president = _incident()
    with pytest.raises(NotFound):
        incident_decide(actor=UserFactory(), incident=incident, measure="reporter", now=timezone.now())
    assert incident_decide(actor=world.office, incident=incident, measure="reporter", now=timezone.now()).measure


def test_the_report_page_offers_the_decision_to_the_president(client):
    world, er, incident, president = _incident()
    url = reverse("exams:report_detail", args=[er.pk])
    client.force_login(world.students[0].user)
    assert client.get(url).status_code == 404
    client.force_login(president)
    page = client.get(url).content.decode()
    assert "Enregistrer la mesure" in page and "INVALID_TEMPLATE_VARIABLE" not in page
    response = client.post(url, {"action": "decide", "incident": incident.pk, "measure": "reporter",
                                 "delay_minutes": 0, "note": "Report au lendemain"})
    assert response.status_code == 302
    page = html.unescape(client.get(url).content.decode())
    assert "Reporter l'épreuve" in page and "Report au lendemain" in page
