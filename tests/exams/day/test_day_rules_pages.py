"""Late arrivals and exits through the invigilator's pages, per preset: the profile's decision with its
rule id, never extra time (UTC-3.01b-late-minor, UTC-3.01b-late-major, TOURS-VI-3.1-late, STRAS-33,
UTC-3.02c-early-exit, TOURS-VI-3.1-early-exit, STRAS-51, TOURS-VI-3.1-temporary-exit, STRAS-50)."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from core.models import AuditEvent
from exams.models import Attendance, AttendanceStatus

from .factories import exam_day

pytestmark = pytest.mark.django_db


def _candidate_url(d, conv):  # type: ignore[no-untyped-def]
    return reverse("exams:day_candidate", args=[d.er.pk, conv.pk])


def _late(client, d, conv, minutes, **data):  # type: ignore[no-untyped-def]
    with time_machine.travel(d.at(minutes), tick=False):
        return client.post(_candidate_url(d, conv), {"action": "late", **data}, follow=True)


def _status(conv) -> str:  # type: ignore[no-untyped-def]
    row = Attendance.objects.filter(convocation=conv).first()
    return row.status if row else AttendanceStatus.EXPECTED


@pytest.mark.parametrize(
    ("preset", "minutes", "data", "status", "rule_id"),
    [
        # UTC: up to a quarter of 120 min the module head decides; the invigilator records the decision
        ("utc", 20, {"decision": "admit"}, AttendanceStatus.LATE_ADMITTED, "UTC-3.01b-late-minor"),
        ("utc", 20, {"decision": "refuse"}, AttendanceStatus.LATE_REFUSED, "UTC-3.01b-late-minor"),
        ("utc", 31, {"decision": "admit"}, AttendanceStatus.LATE_REFUSED, "UTC-3.01b-late-major"),  # no overturning
        # Strasbourg: no entry after the first hour of an exam longer than one hour
        ("strasbourg", 50, {}, AttendanceStatus.LATE_ADMITTED, "STRAS-33"),
        ("strasbourg", 61, {}, AttendanceStatus.LATE_REFUSED, "STRAS-33"),
    ],
)
def test_late_arrival_decided_by_the_profile(client, preset, minutes, data, status, rule_id):
    d = exam_day(preset)
    conv = d.convocations()[0]
    client.force_login(d.second)
    page = _late(client, d, conv, minutes, **data)
    assert page.status_code == 200 and b"INVALID_TEMPLATE_VARIABLE" not in page.content
    assert _status(conv) == status
    row = Attendance.objects.get(convocation=conv)
    assert row.late_decision["rule_id"] == rule_id and row.arrived_at == d.at(minutes)
    assert row.late_decision["composition_ends_at"] == conv.end.isoformat()  # no extra time for a latecomer
    assert (row.signed_at is not None) == (status == AttendanceStatus.LATE_ADMITTED)
    assert AuditEvent.objects.filter(action="exams.late_arrival", rule_id=rule_id).exists()


def test_utc_discretionary_lateness_needs_the_decision_and_shows_the_rule(client):
    d = exam_day("utc")
    conv = d.convocations()[0]
    client.force_login(d.head)
    with time_machine.travel(d.at(10), tick=False):
        page = client.get(_candidate_url(d, conv)).content.decode()
    assert "UTC-3.01b-late-minor" in page and "responsable_module" in page and "INVALID_TEMPLATE_VARIABLE" not in page
    refused = _late(client, d, conv, 10).content.decode()
    assert "UTC-3.01b-late-minor" in refused and "Indiquer la décision" in refused
    assert _status(conv) == AttendanceStatus.EXPECTED  # nothing recorded


def test_tours_envelopes_opening_is_the_cutoff_except_a_transport_incident(client):
    d = exam_day("tours")
    first, second, third = d.convocations()
    client.force_login(d.head)
    room = reverse("exams:day_room", args=[d.er.pk])
    _late(client, d, first, 5)  # envelopes not opened yet: admitted
    assert _status(first) == AttendanceStatus.LATE_ADMITTED
    with time_machine.travel(d.at(10), tick=False):
        client.post(room, {"action": "envelopes_opened"})
    page = _late(client, d, second, 12).content.decode()
    assert _status(second) == AttendanceStatus.LATE_REFUSED and "TOURS-VI-3.1-late" in page
    _late(client, d, third, 12, reason="incident_transport_imprevisible", decision="admit")
    row = Attendance.objects.get(convocation=third)
    assert row.status == AttendanceStatus.LATE_ADMITTED and row.late_decision["decider"] == "responsable_epreuve"
    # a refused latecomer cannot sign in afterwards
    with time_machine.travel(d.at(15), tick=False):
        client.post(room, {"action": "present", "convocation": second.pk})
    assert _status(second) == AttendanceStatus.LATE_REFUSED


@pytest.mark.parametrize(
    ("preset", "too_early", "allowed", "rule_id"),
    [("utc", 29, 31, "UTC-3.02c-early-exit"), ("tours", 44, 46, "TOURS-VI-3.1-early-exit"),
     ("strasbourg", 59, 61, "STRAS-51")],
)
def test_definitive_exit_refused_before_the_profile_minimum(client, preset, too_early, allowed, rule_id):
    d = exam_day(preset)
    conv = d.convocations()[0]
    client.force_login(d.head)
    room, url = reverse("exams:day_room", args=[d.er.pk]), _candidate_url(d, conv)
    with time_machine.travel(d.at(-10), tick=False):
        client.post(room, {"action": "present", "convocation": conv.pk})
    with time_machine.travel(d.at(too_early), tick=False):
        refused = client.post(url, {"action": "definitive_exit"}, follow=True).content.decode()
    assert rule_id in refused and Attendance.objects.get(convocation=conv).left_at is None
    with time_machine.travel(d.at(allowed), tick=False):
        client.post(url, {"action": "definitive_exit"})
    assert Attendance.objects.get(convocation=conv).left_at == d.at(allowed)


def test_temporary_exits_one_at_a_time_in_strasbourg(client):
    d = exam_day("strasbourg")
    a, b, _c = d.convocations()
    client.force_login(d.head)
    room = reverse("exams:day_room", args=[d.er.pk])
    with time_machine.travel(d.at(-5), tick=False):
        for conv in (a, b):
            client.post(room, {"action": "present", "convocation": conv.pk})
    with time_machine.travel(d.at(70), tick=False):
        client.post(_candidate_url(d, a), {"action": "temporary_exit", "escorted": "on"})
        refused = client.post(_candidate_url(d, b), {"action": "temporary_exit"}, follow=True).content.decode()
    assert "STRAS-50" in refused and not Attendance.objects.get(convocation=b).exits.exists()
    with time_machine.travel(d.at(75), tick=False):
        client.post(_candidate_url(d, a), {"action": "return"})
        client.post(_candidate_url(d, b), {"action": "temporary_exit"})
    assert Attendance.objects.get(convocation=a).exits.get().back_at == d.at(75)
    assert Attendance.objects.get(convocation=b).exits.get().rule_id == "STRAS-50"


def test_tours_short_exam_temporary_exit_only_for_a_medical_reason_and_escorted(client):
    d = exam_day("tours", duration=60)
    conv = d.convocations()[0]
    client.force_login(d.head)
    with time_machine.travel(d.at(-5), tick=False):
        client.post(reverse("exams:day_room", args=[d.er.pk]), {"action": "present", "convocation": conv.pk})
    url = _candidate_url(d, conv)
    with time_machine.travel(d.at(20), tick=False):
        refused = client.post(url, {"action": "temporary_exit", "escorted": "on"}, follow=True).content.decode()
        assert "TOURS-VI-3.1-temporary-exit" in refused
        unescorted = client.post(url, {"action": "temporary_exit", "reason": "medical"}, follow=True).content.decode()
        assert "accompagnée" in unescorted
        client.post(url, {"action": "temporary_exit", "reason": "medical", "escorted": "on"})
    assert Attendance.objects.get(convocation=conv).exits.get().escorted is True


def test_pages_render_every_state_without_unknown_variables(client):
    d = exam_day("utc")
    a, b, c = d.convocations()
    client.force_login(d.head)
    room = reverse("exams:day_room", args=[d.er.pk])
    with time_machine.travel(d.at(-5), tick=False):
        client.post(room, {"action": "present", "convocation": a.pk})
        client.post(room, {"action": "first_distribution"})
    _late(client, d, b, 10, decision="admit")
    with time_machine.travel(d.at(40), tick=False):
        client.post(_candidate_url(d, a), {"action": "temporary_exit"})
        client.post(_candidate_url(d, b), {"action": "definitive_exit"})
        client.post(room, {"action": "absent", "convocation": c.pk})
        client.post(_candidate_url(d, c), {"action": "notes", "notes": "Prévenu par téléphone"})
        pages = [client.get(room), client.get(room, {"q": "zola"})] + [client.get(_candidate_url(d, x)) for x in (a, b, c)]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200 and "INVALID_TEMPLATE_VARIABLE" not in html
    assert "sorti temporairement" in pages[0].content.decode()
    assert Attendance.objects.get(convocation=c).notes == "Prévenu par téléphone"
    assert Attendance.objects.get(convocation=b).left_at == d.at(40)
