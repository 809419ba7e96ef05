"""Oral passage schedules: timing refusal (STRAS-80), generation, move/swap with re-check, publication
re-notifying only the candidates whose passage changed."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from core.calendar.working import PARIS
from core.errors import ApplicationError, TransitionNotAllowed
from core.models import Notice
from exams.models import OralPassage
from exams.services import session_publish
from exams.services.convocations import convocation_context, ics_item
from exams.services.orals import (
    oral_panel_remove,
    oral_passage_move,
    oral_passages_generate,
    oral_passages_swap,
    oral_schedule_publish,
    oral_schedule_set,
)

from .factories import at, oral_world

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 10, 20, 10, tzinfo=PARIS)


def _times(ow):  # type: ignore[no-untyped-def]
    rows = OralPassage.objects.filter(schedule__event=ow.oral).select_related("student__user", "panel").order_by(
        "start", "panel__position")
    return [(p.student.user.last_name, p.panel.code, p.preparation_start, p.start, p.end) for p in rows]


@pytest.mark.parametrize(
    ("duration", "prep", "code", "field"),
    [(15, 30, "exams.oral_duration_shortened", "duration_minutes"),
     (20, 20, "exams.oral_preparation_shortened", "prep_minutes")],
)
def test_timing_shorter_than_the_m3c_is_refused_with_stras_80(duration, prep, code, field):
    ow = oral_world(schedule=False)
    with pytest.raises(ApplicationError) as exc:
        oral_schedule_set(actor=ow.world.office, event=ow.oral, duration_minutes=duration, prep_minutes=prep)
    assert (exc.value.code, exc.value.rule_id) == (code, "STRAS-80")
    assert field in exc.value.fields
    assert not hasattr(ow.oral, "oral_schedule") or ow.oral.oral_schedule is None


def test_schedule_only_for_orals_and_break_must_be_a_window():
    ow = oral_world(schedule=False)
    with pytest.raises(ApplicationError) as exc:
        oral_schedule_set(actor=ow.world.office, event=ow.written, duration_minutes=20, prep_minutes=30)
    assert exc.value.code == "exams.not_oral"
    with pytest.raises(ApplicationError) as exc:
        oral_schedule_set(actor=ow.world.office, event=ow.oral, duration_minutes=20, prep_minutes=30,
                          break_start=time(12), break_end=time(11))
    assert exc.value.code == "exams.oral_break_invalid"


def test_generation_lays_out_alphabetically_with_extra_time_over_two_panels():
    ow = oral_world(extra_time=1, panels=2)  # "Ândré" has a tiers-temps (33 %)
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    assert _times(ow) == [
        ("Martin", "J2", at(2026, 11, 16, 9), at(2026, 11, 16, 9, 30), at(2026, 11, 16, 9, 50)),
        ("Ândré", "J1", at(2026, 11, 16, 9), at(2026, 11, 16, 9, 40), at(2026, 11, 16, 10, 7)),
        ("Zola", "J2", at(2026, 11, 16, 9, 20), at(2026, 11, 16, 9, 50), at(2026, 11, 16, 10, 10)),
    ]
    assert OralPassage.objects.get(student=ow.world.students[1]).extra_percent == 33


def test_generation_needs_panels_and_seats():
    ow = oral_world(panels=0)
    with pytest.raises(ApplicationError) as exc:
        oral_passages_generate(actor=ow.world.office, event=ow.oral)
    assert exc.value.code == "exams.oral_no_panel"


def test_lunch_break_is_kept_free():
    ow = oral_world(schedule=False, students=3)
    schedule = oral_schedule_set(actor=ow.world.office, event=ow.oral, duration_minutes=20, prep_minutes=30,
                                 break_start=time(10), break_end=time(11))
    from exams.services.orals import oral_panel_add

    oral_panel_add(actor=ow.world.office, schedule=schedule, code="J1")
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    assert [(p[3], p[4]) for p in _times(ow)] == [
        (at(2026, 11, 16, 9, 30), at(2026, 11, 16, 9, 50)),
        (at(2026, 11, 16, 11, 30), at(2026, 11, 16, 11, 50)),  # 9:50 would run into the break; prep from 11:00
        (at(2026, 11, 16, 11, 50), at(2026, 11, 16, 12, 10)),
    ]


def test_move_is_rechecked_and_refused_with_the_rule():
    ow = oral_world(panels=1)
    passages = oral_passages_generate(actor=ow.world.office, event=ow.oral)
    first, second = sorted(passages, key=lambda p: p.start)[:2]
    with pytest.raises(ApplicationError) as exc:  # onto the first candidate's passage: the panel hears two at once
        oral_passage_move(actor=ow.world.office, passage=second, panel=ow.panels[0], start=first.start)
    assert (exc.value.code, exc.value.rule_id) == ("exams.oral_panel_overlap", "STRAS-80")
    second.refresh_from_db()
    assert second.version == 1
    changed = oral_passage_move(actor=ow.world.office, passage=second, panel=ow.panels[0], start=at(2026, 11, 16, 14))
    second.refresh_from_db()
    assert changed == [second] and second.version == 2
    assert (second.preparation_start, second.end) == (at(2026, 11, 16, 13, 30), at(2026, 11, 16, 14, 20))


def test_swap_keeps_each_candidates_own_time():
    ow = oral_world(extra_time=1, panels=1)  # Ândré (tiers-temps) passes first
    passages = sorted(oral_passages_generate(actor=ow.world.office, event=ow.oral), key=lambda p: p.start)
    andre, martin, zola = passages
    with pytest.raises(ApplicationError) as exc:  # Ândré's 27 min would overlap Zola's passage
        oral_passages_swap(actor=ow.world.office, first=andre, second=martin)
    assert exc.value.code == "exams.oral_panel_overlap"
    oral_passages_swap(actor=ow.world.office, first=martin, second=zola)
    martin.refresh_from_db()
    zola.refresh_from_db()
    assert (zola.start, zola.end, martin.start, martin.end) == (
        at(2026, 11, 16, 10, 7), at(2026, 11, 16, 10, 27), at(2026, 11, 16, 10, 27), at(2026, 11, 16, 10, 47))
    assert (zola.version, martin.version, OralPassage.objects.get(pk=andre.pk).version) == (2, 2, 1)


def test_panel_in_use_cannot_be_removed():
    ow = oral_world()
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    with pytest.raises(ApplicationError) as exc:
        oral_panel_remove(actor=ow.world.office, panel=ow.panels[0])
    assert exc.value.code == "exams.oral_panel_in_use"


def _oral_notices(ow):  # type: ignore[no-untyped-def]
    return Notice.objects.filter(key__startswith=f"convocation:{ow.oral.pk}:")


def test_publication_puts_personal_passages_on_convocations_and_renotifies_only_changes(
        django_capture_on_commit_callbacks):
    ow = oral_world()
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(actor=ow.world.office, session=ow.session, now=NOW)
    assert _oral_notices(ow).count() == 3  # the exam's own convocation (no passage yet)
    passages = sorted(oral_passages_generate(actor=ow.world.office, event=ow.oral), key=lambda p: p.start)
    assert _oral_notices(ow).count() == 3  # a draft schedule notifies nobody
    with django_capture_on_commit_callbacks(execute=True):
        oral_schedule_publish(actor=ow.world.office, event=ow.oral, now=NOW)
    assert _oral_notices(ow).count() == 6
    last = passages[-1]
    notice = _oral_notices(ow).get(key=f"convocation:{ow.oral.pk}:{last.student_id}:0:p1")
    assert (notice.context["start"], notice.context["end"], notice.context["passage_start"]) == ("09:40", "10:30", "10:10")
    assert "jury J1" in notice.context["room"]
    with django_capture_on_commit_callbacks(execute=True):
        oral_passage_move(actor=ow.world.office, passage=last, panel=ow.panels[0], start=at(2026, 11, 16, 14))
    new = _oral_notices(ow).filter(key__endswith=":p2")
    assert [n.recipient_id for n in new] == [last.student.user_id]  # only the candidate who moved
    assert _oral_notices(ow).count() == 7
    assert new[0].context["passage_start"] == "14:00"
    convocation = last.student.exam_convocations.get(event=ow.oral)
    assert convocation_context(convocation)["start"] == "13:30"
    ics = ics_item(convocation)
    assert (ics.start, ics.end) == (at(2026, 11, 16, 13, 30), at(2026, 11, 16, 14, 20))
    with pytest.raises(TransitionNotAllowed):
        oral_schedule_publish(actor=ow.world.office, event=ow.oral, now=NOW)


def test_publication_refused_while_the_schedule_has_issues():
    ow = oral_world()
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    from exams.models import ExamEvent

    ExamEvent.objects.filter(pk=ow.oral.pk).update(start=at(2026, 11, 17, 9))  # moved after the layout
    ow.oral.refresh_from_db()
    with pytest.raises(ApplicationError) as exc:
        oral_schedule_publish(actor=ow.world.office, event=ow.oral, now=NOW)
    assert exc.value.code == "exams.oral_schedule_stale"


def test_no_passages_no_publication():
    ow = oral_world()
    with pytest.raises(ApplicationError) as exc:
        oral_schedule_publish(actor=ow.world.office, event=ow.oral, now=NOW)
    assert exc.value.code == "exams.oral_no_passages"


def test_schedule_published_before_the_session_goes_out_with_it(django_capture_on_commit_callbacks):
    ow = oral_world()
    oral_passages_generate(actor=ow.world.office, event=ow.oral)
    oral_schedule_publish(actor=ow.world.office, event=ow.oral, now=NOW)
    assert not _oral_notices(ow).exists()  # the session is still a draft: nobody is convoked yet
    with django_capture_on_commit_callbacks(execute=True):
        session_publish(actor=ow.world.office, session=ow.session, now=NOW)
    notices = list(_oral_notices(ow))
    assert len(notices) == 3 and all(n.key.endswith(":p1") for n in notices)
    assert sorted(n.context["passage_start"] for n in notices) == ["09:30", "09:50", "10:10"]


def test_pdf_convocation_follows_the_passage_version():
    from exams.services.convocations import convocation_document

    ow = oral_world()
    session_publish(actor=ow.world.office, session=ow.session, now=NOW)
    passages = sorted(oral_passages_generate(actor=ow.world.office, event=ow.oral), key=lambda p: p.start)
    oral_schedule_publish(actor=ow.world.office, event=ow.oral, now=NOW)
    last = passages[-1]
    convocation = last.student.exam_convocations.select_related("event__module", "event__session__component").get(
        event=ow.oral)
    first_pdf = convocation_document(actor=last.student.user, convocation=convocation)
    assert "passage 1" in first_pdf.title
    oral_passage_move(actor=ow.world.office, passage=last, panel=ow.panels[0], start=at(2026, 11, 16, 14))
    second_pdf = convocation_document(actor=last.student.user, convocation=convocation)
    assert second_pdf.pk != first_pdf.pk and "passage 2" in second_pdf.title
