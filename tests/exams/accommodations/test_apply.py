"""Granting or ending an accommodation updates the student's seated, not-yet-held convocations:
end time and extra minutes (UTC-2.05-accommodations), a move to an adapted room, a deadline row for
the exam office when no adapted seat is free, and a new convocation to this student only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from core.models import AuditEvent, Deadline, Notice
from enrollment.services.accommodation_requests import (
    accommodation_end,
    accommodation_request_decide,
    accommodation_request_file,
)
from exams.models import Convocation, EventRoom
from exams.services import session_publish
from exams.services.accommodations import accommodations_apply
from tests.enrollment.accommodations.factories import at, setup

pytestmark = pytest.mark.django_db

NOW = at(2026, 12, 1, 10)


def grant(s, student, kinds, *, percent=None, capture):  # type: ignore[no-untyped-def]
    request = accommodation_request_file(actor=student.user, student=student, kinds=kinds,
                                         extra_time_percent=percent, reasons="Handicap reconnu.", at=NOW)
    with capture(execute=True):
        return accommodation_request_decide(actor=s.office, request=request, decision="grant", at=NOW)


def convocations(student):  # type: ignore[no-untyped-def]
    return list(Convocation.objects.filter(student=student).select_related("room", "event").order_by("event_id"))


@time_machine.travel(NOW, tick=False)
def test_grant_moves_to_the_adapted_room_with_personal_end_time(django_capture_on_commit_callbacks):
    s = setup("utc")
    student = s.world.students[0]
    before = convocations(student)
    assert all(c.room.code == "A101" and c.extra_minutes == 0 for c in before)
    grant(s, student, ["extra_time", "separate_room"], percent=33, capture=django_capture_on_commit_callbacks)
    after = convocations(student)
    assert len(after) == len(s.events) == 2
    for conv in after:
        assert conv.room.code == "B12" and conv.seat_number == 1
        assert conv.extra_minutes == 40
        assert (conv.end - conv.event.start).total_seconds() == 160 * 60  # 120 min × 4/3
        assert any("33" in label for label in conv.accommodations)
    counts = dict(EventRoom.objects.filter(event=s.events[0]).values_list("room__code", "planned_headcount"))
    assert counts == {"A101": 2, "B12": 1}
    others = Convocation.objects.exclude(student=student)
    assert all(c.room.code == "A101" and c.extra_minutes == 0 for c in others)
    assert not Notice.objects.filter(kind="exams.convocation").exists()  # draft session: nothing sent yet
    assert AuditEvent.objects.filter(action="exams.accommodations_applied").count() == 1


@time_machine.travel(NOW, tick=False)
def test_published_session_renotifies_this_student_only_and_once(django_capture_on_commit_callbacks, mailoutbox):
    s = setup("utc")
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(actor=s.world.office, session=s.session, now=NOW)
    mailoutbox.clear()
    student = s.world.students[0]
    grant(s, student, ["extra_time"], percent=33, capture=django_capture_on_commit_callbacks)
    convocation_mails = [m for m in mailoutbox if student.user.email in m.to and "11:40" in m.body]
    assert len(convocation_mails) == 2  # one per exam
    assert {tuple(m.to) for m in mailoutbox} == {(student.user.email,)}  # nobody else
    assert len(mailoutbox) == 3  # + the decision notice
    assert all("INVALID_TEMPLATE_VARIABLE" not in m.body for m in mailoutbox)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = accommodations_apply(actor=None, student=student)
    assert report.changed == [] and report.notified == 0 and mailoutbox == []


@time_machine.travel(NOW, tick=False)
def test_no_free_adapted_seat_is_reported_not_silently_dropped(django_capture_on_commit_callbacks):
    s = setup("utc")
    first, second = s.world.students[0], s.world.students[1]
    grant(s, first, ["separate_room"], capture=django_capture_on_commit_callbacks)
    grant(s, second, ["extra_time", "separate_room"], percent=50, capture=django_capture_on_commit_callbacks)
    assert all(c.room.code == "B12" for c in convocations(first))
    stuck = convocations(second)
    assert all(c.room.code == "A101" for c in stuck)  # kept, but…
    assert all(c.extra_minutes == 60 for c in stuck)  # …the extra time is applied anyway
    deadlines = Deadline.objects.filter(key__startswith="exams.adapted-seat:")
    assert sorted(d.key for d in deadlines) == sorted(f"exams.adapted-seat:{c.pk}" for c in stuck)
    assert all(d.assignee_role == "exam_office" and d.rule_id == "UTC-2.05-disability-list" for d in deadlines)
    assert "salle individuelle" in deadlines[0].title
    report = accommodations_apply(actor=None, student=second)
    assert len(report.unplaced) == 2 and report.changed == []


@time_machine.travel(NOW, tick=False)
def test_shared_adapted_room_takes_several_extra_time_candidates(django_capture_on_commit_callbacks):
    s = setup("utc")
    a, b = s.world.students[0], s.world.students[1]
    grant(s, a, ["extra_time"], percent=33, capture=django_capture_on_commit_callbacks)
    grant(s, b, ["extra_time"], percent=25, capture=django_capture_on_commit_callbacks)
    seats = {(c.student_id, c.event_id): (c.room.code, c.seat_number) for c in Convocation.objects.filter(
        student__in=[a, b]).select_related("room")}
    event = s.events[0].pk
    assert seats[(a.pk, event)] == ("B12", 1) and seats[(b.pk, event)] == ("B12", 2)


@time_machine.travel(NOW, tick=False)
def test_end_of_accommodation_restores_the_normal_end_time(django_capture_on_commit_callbacks):
    s = setup("utc")
    student = s.world.students[0]
    done = grant(s, student, ["extra_time"], percent=33, capture=django_capture_on_commit_callbacks)
    assert all(c.extra_minutes == 40 for c in convocations(student))
    with django_capture_on_commit_callbacks(execute=True):
        accommodation_end(actor=s.office, accommodation=done.granted_accommodations.get(),
                          last_day=date(2026, 12, 31))
    after = convocations(student)
    assert all(c.extra_minutes == 0 and c.end == c.event.start + timedelta(minutes=120) for c in after)
    assert all(c.room.code == "B12" for c in after)  # an adapted seat is never wrong: kept (decision ACC-05)


def test_exams_already_held_are_not_touched(django_capture_on_commit_callbacks):
    s = setup("utc")
    student = s.world.students[0]
    with time_machine.travel(at(2027, 1, 12, 10), tick=False):  # between the two exams
        grant(s, student, ["extra_time"], percent=33, capture=django_capture_on_commit_callbacks)
    held, coming = convocations(student)
    assert held.event.start < at(2027, 1, 12) < coming.event.start
    assert held.extra_minutes == 0 and held.room.code == "A101"
    assert coming.extra_minutes == 40 and coming.room.code == "B12"


@time_machine.travel(NOW, tick=False)
def test_seat_found_later_meets_the_exam_office_row(django_capture_on_commit_callbacks):
    from exams.services import event_rooms_set, room_create

    s = setup("utc")
    first, second = s.world.students[0], s.world.students[1]
    grant(s, first, ["separate_room"], capture=django_capture_on_commit_callbacks)
    grant(s, second, ["separate_room"], capture=django_capture_on_commit_callbacks)
    assert Deadline.objects.filter(key__startswith="exams.adapted-seat:", state="pending").count() == 2
    extra = room_create(actor=None, institution=s.world.component.institution, code="C2", name="Salle C2",
                        capacity=1, adapted=True)
    for event in s.events:
        event_rooms_set(actor=s.world.office, event=event, rooms=[s.world.rooms["A101"], s.world.rooms["B12"], extra])
    report = accommodations_apply(actor=None, student=second)
    assert len(report.moved) == 2 and not report.unplaced
    assert all(c.room.code == "C2" for c in convocations(second))
    assert set(Deadline.objects.filter(key__startswith="exams.adapted-seat:").values_list("state", flat=True)) == {
        "met"}
