"""Closing the room from the attendance (PV prefill, copies = signatures, absentees → missed_exam_record),
and candidates missing from the list (STRAS-35: admitted, mark held through juries, verified by the office)."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from core.models import Notice
from exams.models import Attendance, AttendanceStatus, Convocation, ExamReport, ReserveFile
from juries.models import MarkHold
from tests.enrollment.factories import StudentFactory

from .factories import exam_day

pytestmark = pytest.mark.django_db


def _present(client, d, convs, minutes=-5):  # type: ignore[no-untyped-def]
    room = reverse("exams:day_room", args=[d.er.pk])
    with time_machine.travel(d.at(minutes), tick=False):
        for conv in convs:
            client.post(room, {"action": "present", "convocation": conv.pk})


def test_room_closes_from_attendance_and_absentees_get_their_file(client, django_capture_on_commit_callbacks):
    d = exam_day("strasbourg")
    a, b, c = d.convocations()
    client.force_login(d.head)
    room = reverse("exams:day_room", args=[d.er.pk])
    _present(client, d, [a, b])
    with time_machine.travel(d.at(130), tick=False):
        refused = client.post(room, {"action": "close", "close-copies": 2, "close-observations": "RAS"}, follow=True)
        assert "avant de clore" in refused.content.decode()  # c neither present nor absent
        assert not ExamReport.objects.filter(event_room=d.er, closed_at__isnull=False).exists()
        client.post(room, {"action": "remaining_absent"})
        assert Attendance.objects.get(convocation=c).status == AttendanceStatus.ABSENT
        report_page = client.get(reverse("exams:report_detail", args=[d.er.pk]))
        figures = report_page.context["figures"]
        assert (figures["enrolled"].value(), figures["present"].value(), figures["signatures"].value()) == (3, 2, 2)
        unbalanced = client.post(room, {"action": "close", "close-copies": 1, "close-observations": "RAS"},
                                 follow=True).content.decode()
        assert "STRAS-54" in unbalanced and "INVALID_TEMPLATE_VARIABLE" not in unbalanced
        assert ExamReport.objects.get(event_room=d.er).closed_at is None
        with django_capture_on_commit_callbacks(execute=True):
            closed = client.post(room, {"action": "close", "close-copies": 2, "close-observations": "RAS"})
    assert closed.status_code == 302 and closed["Location"] == reverse("exams:report_detail", args=[d.er.pk])
    report = ExamReport.objects.get(event_room=d.er)
    assert (report.enrolled, report.present, report.signatures, report.copies) == (3, 2, 2, 2)
    assert report.closed_at == d.at(130) and report.closed_by == d.head
    assert list(ReserveFile.objects.values_list("convocation_id", flat=True)) == [c.pk]  # only the absentee
    with time_machine.travel(d.at(140), tick=False):  # once closed, the attendance no longer changes
        late = client.post(room, {"action": "present", "convocation": c.pk}, follow=True).content.decode()
    assert "La salle est close" in late and Attendance.objects.get(convocation=c).status == AttendanceStatus.ABSENT


def test_closing_calls_missed_exam_record_for_absentees_and_refused_latecomers(client, monkeypatch):
    calls = []
    monkeypatch.setattr("exams.services.reserves.missed_exam_record",
                        lambda **kw: calls.append((kw["convocation"].pk, kw["at"])))
    d = exam_day("strasbourg")
    a, b, c = d.convocations()
    client.force_login(d.second)
    _present(client, d, [a])
    with time_machine.travel(d.at(61), tick=False):
        client.post(reverse("exams:day_candidate", args=[d.er.pk, b.pk]), {"action": "late"})  # STRAS-33: refused
        client.post(reverse("exams:day_room", args=[d.er.pk]), {"action": "absent", "convocation": c.pk})
    with time_machine.travel(d.at(125), tick=False):
        client.post(reverse("exams:day_room", args=[d.er.pk]),
                    {"action": "close", "close-copies": 1, "close-observations": "RAS"})
    assert ExamReport.objects.get(event_room=d.er).closed_at is not None
    assert sorted(calls) == sorted([(b.pk, d.at(125)), (c.pk, d.at(125))])


def test_unlisted_candidate_admitted_with_mark_held_then_verified(client, django_capture_on_commit_callbacks):
    d = exam_day("strasbourg")
    outsider = StudentFactory(institution=d.world.component.institution, user__last_name="Nouveau")
    client.force_login(d.second)
    room = reverse("exams:day_room", args=[d.er.pk])
    with time_machine.travel(d.at(-2), tick=False):
        found = client.get(room, {"etudiant": "Nouveau"}).content.decode()
        assert "STRAS-35" in found and "NOUVEAU" in found and "INVALID_TEMPLATE_VARIABLE" not in found
        with django_capture_on_commit_callbacks(execute=True):
            client.post(room, {"action": "add_student", "student": outsider.pk})
    conv = Convocation.objects.get(event=d.event, student=outsider)
    attendance = Attendance.objects.get(convocation=conv)
    assert attendance.added_on_site and attendance.verification == "pending" and attendance.signed_at == d.at(-2)
    hold = MarkHold.objects.get(key=f"exams.unlisted.{conv.pk}")
    assert hold.kind == "unverified" and hold.rule_id == "STRAS-35" and hold.student == outsider.user
    assert hold.released_at is None
    assert Notice.objects.filter(key=f"exams.unlisted.{conv.pk}.added", recipient=outsider.user).exists()

    url = reverse("exams:day_unlisted", args=[d.event.session_id])
    assert client.get(url).status_code == 404  # an invigilator does not verify
    client.force_login(d.world.office)
    page = client.get(url).content.decode()
    assert "NOUVEAU" in page and "INVALID_TEMPLATE_VARIABLE" not in page
    client.post(url, {"attendance": attendance.pk, "outcome": "refused"})  # a refusal needs a reason
    assert Attendance.objects.get(pk=attendance.pk).verification == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"attendance": attendance.pk, "outcome": "confirmed"})
    attendance.refresh_from_db()
    hold.refresh_from_db()
    assert attendance.verification == "confirmed" and attendance.verified_by == d.world.office
    assert hold.outcome == "confirmed" and hold.released_at is not None
    assert Notice.objects.filter(key=f"exams.unlisted.{conv.pk}.confirmed", recipient=outsider.user).exists()


def test_unlisted_candidate_refused_and_tours_has_no_hold(client):
    d = exam_day("tours")
    outsider = StudentFactory(institution=d.world.component.institution)
    client.force_login(d.head)
    with time_machine.travel(d.at(-2), tick=False):
        client.post(reverse("exams:day_room", args=[d.er.pk]), {"action": "add_student", "student": outsider.pk})
    conv = Convocation.objects.get(event=d.event, student=outsider)
    assert Attendance.objects.get(convocation=conv).verification == "pending"
    assert not MarkHold.objects.exists()  # TOURS-VI-3.1-not-on-list: verification by the office, no hold
    other = StudentFactory()  # another institution: not found
    page = client.post(reverse("exams:day_room", args=[d.er.pk]), {"action": "add_student", "student": other.pk})
    assert page.status_code == 404


def test_incident_from_the_phone_page_feeds_the_report_with_the_measure(client):
    d = exam_day("strasbourg")
    client.force_login(d.head)
    room = reverse("exams:day_room", args=[d.er.pk])
    with time_machine.travel(d.at(5), tick=False):
        page = client.post(room, {"action": "incident", "inc-kind": "massive_lateness", "inc-description": "Train",
                                  "inc-found": ""}, follow=True).content.decode()
    assert "STRAS-30" in page and "président du jury" in page
    incident = ExamReport.objects.get(event_room=d.er).incidents.get()
    assert incident.kind == "massive_lateness" and incident.at == d.at(5)
    refused = client.post(room, {"action": "incident", "inc-kind": "massive_lateness", "inc-description": ""})
    assert refused.status_code == 200 and ExamReport.objects.get(event_room=d.er).incidents.count() == 1


def test_a_candidate_convoked_in_another_room_is_not_added_twice():
    from core.errors import ApplicationError
    from exams.models import EventRoom
    from exams.services import event_rooms_set, invigilator_assign, seats_allocate
    from exams.services.attendance import unlisted_candidate_add

    d = exam_day("strasbourg", students=5)
    event_rooms_set(actor=d.world.office, event=d.event, rooms=[d.world.rooms["A101"], d.world.rooms["B12"]])
    seats_allocate(actor=d.world.office, event=d.event)
    convocation = Convocation.objects.filter(event=d.event).select_related("student").first()
    other_room = EventRoom.objects.filter(event=d.event).exclude(room_id=convocation.room_id).get()
    invigilator_assign(actor=d.world.office, event_room=other_room, user=d.head)
    with pytest.raises(ApplicationError) as exc:
        unlisted_candidate_add(actor=d.head, event_room=other_room, student=convocation.student, at=d.at(-1))
    assert exc.value.code == "exams.convoked_elsewhere"
    assert not Attendance.objects.exists()
