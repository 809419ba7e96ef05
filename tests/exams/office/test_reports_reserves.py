"""Sign-in sheet, exam report (PV) closing, and the réserve cycle end to end."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from core.calendar.working import PARIS
from core.errors import ApplicationError, PermissionDenied, TransitionNotAllowed
from core.models import Document, Notice
from exams.models import Convocation, EventRoom
from exams.rules.reserves import LIFTED, RESERVE, ZERO_KEPT, MakeUp
from exams.services import event_rooms_set, events_generate_from_m3c, invigilator_assign, seats_allocate
from exams.services.reports import exam_report_close, exam_report_record, incident_add, signin_sheet_issue
from exams.services.reserves import reserve_act, reserve_open, reserves_expire
from tests.factories import UserFactory

from .factories import final_session, published_world

pytestmark = pytest.mark.django_db


def _room(preset: str = "utc"):  # type: ignore[no-untyped-def]
    world = published_world(preset)
    session = final_session(world)
    event = events_generate_from_m3c(actor=world.office, session=session)[0]
    event_rooms_set(actor=world.office, event=event, rooms=[world.rooms["A101"]])
    seats_allocate(actor=world.office, event=event)
    er = EventRoom.objects.get(event=event)
    head = UserFactory()
    invigilator_assign(actor=world.office, event_room=er, user=head, is_head=True)
    return world, event, er, head


def test_signin_sheet_lists_candidates_and_invigilators(django_capture_on_commit_callbacks):
    world, _event, er, head = _room()
    with django_capture_on_commit_callbacks(execute=True):
        doc = signin_sheet_issue(actor=world.office, event_room=er)
    doc = Document.objects.get(pk=doc.pk)
    assert doc.status == "issued" and doc.kind == "exams.signin_sheet"
    assert len(doc.context["students"]) == 3 and doc.context["invigilators"] == [head.get_full_name() or head.email]
    assert doc.context["nature"] and doc.context["date"] == "16/11/2026"


def test_report_refuses_to_close_when_copies_differ_from_signatures_without_incident():
    _world, _event, er, head = _room("tours")
    report = exam_report_record(actor=head, event_room=er, enrolled=3, present=3, signatures=3, copies=2,
                                observations="RAS")
    with pytest.raises(ApplicationError) as exc:
        exam_report_close(actor=head, report=report, now=datetime(2026, 11, 16, 12, tzinfo=PARIS))
    assert exc.value.code == "exams.report_unbalanced" and exc.value.rule_id == "TOURS-VI-3.2-count-check"
    with pytest.raises(PermissionDenied):
        exam_report_close(actor=UserFactory(), report=report, now=datetime(2026, 11, 16, 12, tzinfo=PARIS))
    incident_add(actor=head, report=report, kind="copie_manquante", description="Un candidat est parti avec sa copie.",
                 explains_count_gap=True)
    closed = exam_report_close(actor=head, report=report, now=datetime(2026, 11, 16, 12, tzinfo=PARIS))
    assert closed.closed_at is not None and closed.closed_by == head
    assert closed.copy_lot.copies == 2  # the copies collected start their retention at closing
    with pytest.raises(ApplicationError):
        exam_report_record(actor=head, event_room=er, enrolled=3, present=3, signatures=3, copies=3)


def test_reserve_cycle_lift_and_automatic_zero_after_the_deadline():
    world, event, _er, _head = _room("utc")
    rows = list(Convocation.objects.filter(event=event).order_by("id"))
    exam_end = event.start + timedelta(hours=2)
    files = [reserve_open(actor=None, convocation=c, next_semester_start=date(2027, 2, 1)) for c in rows[:2]]
    for f in files:
        f = reserve_act(actor=None, reserve=f, action="submit_proofs", at=exam_end + timedelta(hours=5))
        reserve_act(actor=world.office, reserve=f, action="propose_reserve", at=exam_end + timedelta(days=2))
    same = MakeUp("written", timedelta(minutes=120), str(event.assessment_id))
    lifted = reserve_act(actor=world.office, reserve=files[0], action="lift", at=datetime(2027, 2, 10, tzinfo=PARIS),
                         makeup=same, makeup_grade=Decimal("12.5"))
    assert lifted.state == LIFTED and lifted.makeup_grade == Decimal("12.5")
    with pytest.raises(TransitionNotAllowed):
        reserve_act(actor=None, reserve=files[1], action="expire", at=datetime(2027, 2, 10, tzinfo=PARIS))
    assert reserves_expire(now=datetime(2027, 2, 28, 12, tzinfo=PARIS)) == 0  # still within the month
    assert reserves_expire(now=datetime(2027, 3, 2, 12, tzinfo=PARIS)) == 1
    files[1].refresh_from_db()
    assert files[1].state == ZERO_KEPT and files[1].history[-1]["action"] == "expire"
    notice = Notice.objects.get(key=f"reserve:{files[1].pk}:expire")
    assert notice.rule_id == "UTC-3.01e-reserve-deadline" and notice.recipient == rows[1].student.user
    assert Notice.objects.filter(key=f"reserve:{files[0].pk}:lift", rule_id="UTC-3.01e-reserve-lift").exists()
    assert reserves_expire(now=datetime(2027, 3, 3, 12, tzinfo=PARIS)) == 0  # idempotent
    assert RESERVE not in set(Convocation.objects.values_list("reserve__state", flat=True))


def test_late_proofs_refused_with_rule_id():
    _world, event, _er, _head = _room("utc")
    f = reserve_open(actor=None, convocation=Convocation.objects.filter(event=event).first(),
                     next_semester_start=date(2027, 2, 1))
    with pytest.raises(ApplicationError) as exc:
        reserve_act(actor=None, reserve=f, action="submit_proofs", at=event.start + timedelta(hours=49))
    assert exc.value.code == "exams.reserve_proofs_late" and exc.value.rule_id


def test_head_of_room_closes_the_report_through_the_page(client):
    from django.urls import reverse

    world, _event, er, head = _room("tours")
    url = reverse("exams:report_detail", args=[er.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404  # neither invigilator of the room nor exam office
    client.force_login(head)
    page = client.get(url)
    assert page.status_code == 200 and b"INVALID_TEMPLATE_VARIABLE" not in page.content
    figures = {"action": "figures", "enrolled": 3, "present": 3, "signatures": 3, "copies": 2, "observations": "RAS"}
    assert client.post(url, figures).status_code == 302
    refused = client.post(url, {"action": "close"}, follow=True).content.decode()
    assert "TOURS-VI-3.2-count-check" in refused
    er.report.refresh_from_db()
    assert er.report.closed_at is None
    client.post(url, {"action": "incident", "kind": "copie_manquante", "description": "Copie emportée",
                      "explains_count_gap": "on"})
    client.post(url, {"action": "close"})
    er.report.refresh_from_db()
    assert er.report.closed_at is not None and er.report.closed_by == head
    client.force_login(world.office)
    assert client.get(url).status_code == 200
