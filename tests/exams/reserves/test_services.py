"""missed_exam_record and the absence-file transitions per preset (UTC-3.01e-zero, UTC-3.01e-reserve-request,
UTC-3.01e-reserve-decision, UTC-3.01e-reserve-lift, RSY-A2-makeup, RSY-A3-abi-zero), wired to the marks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ApplicationError, PermissionDenied, TransitionNotAllowed
from core.models import AuditEvent, Deadline, Notice
from exams.models import ReserveFile
from exams.rules import makeups as mk
from exams.rules.reserves import LIFTED, PROOFS_RECEIVED, RESERVE, ZERO_KEPT, ZERO_PROVISIONAL
from exams.services.reserves import (
    absence_record,
    hold_key,
    missed_exam_record,
    reserve_act,
    reserve_makeup_schedule,
)
from exams.services.reserves_proofs import reserve_proof_submit
from juries.models import Mark, MarkHold
from tests.factories import UserFactory

from .factories import exam

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 certificat medical"


def pdf(name: str = "certificat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def mark_of(e, convocation) -> str:  # type: ignore[no-untyped-def]
    return Mark.objects.get(evaluation__component=e.event.assessment, student=convocation.student.user).raw()


def test_utc_absence_gives_provisional_zero_with_a_48h_proof_deadline_and_a_notice():
    e = exam("utc")
    c = e.convocations[0]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    assert (f.procedure, f.state, f.mark_value) == ("reserve", ZERO_PROVISIONAL, "0")
    assert f.proof_deadline == e.event.start + timedelta(hours=48)
    assert f.next_semester_start == date(2027, 2, 1)  # S2 of the academic calendar
    assert mark_of(e, c) == "0.00"
    deadline = Deadline.objects.get(key=f"exams.absence_proofs.{f.pk}")
    assert (deadline.rule_id, deadline.due_at, deadline.assignee_user) == (
        "UTC-3.01e-reserve-request", f.proof_deadline, c.student.user)
    notice = Notice.objects.get(key=f"reserve:{f.pk}:open")
    assert notice.recipient == c.student.user and notice.kind == "exams.absence_recorded"
    assert notice.context["deadline"] == "18/11/2026 09:00" and notice.context["rule_id"] == "UTC-3.01e-reserve-request"


def test_missed_exam_record_is_idempotent():
    e = exam("utc")
    c = e.convocations[0]
    first = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    audits = AuditEvent.objects.count()
    again = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=5))
    assert again.pk == first.pk and ReserveFile.objects.filter(convocation=c).count() == 1
    assert Notice.objects.filter(key__startswith=f"reserve:{first.pk}:").count() == 1
    assert AuditEvent.objects.count() == audits  # nothing written the second time


@pytest.mark.parametrize(("preset", "procedure", "state", "mark", "deadline"), [
    ("utc", "reserve", ZERO_PROVISIONAL, "0.00", True),
    ("iut-rsy", "makeup", ZERO_PROVISIONAL, "ABI", True),
    ("tours", "none", ZERO_KEPT, "0.00", False),
    ("strasbourg", "none", ZERO_KEPT, "0.00", False),
])
def test_outcome_per_preset(preset, procedure, state, mark, deadline):
    e = exam(preset, students=1)
    c = e.convocations[0]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=1))
    assert (f.procedure, f.state) == (procedure, state)
    assert mark_of(e, c) == mark
    assert (f.proof_deadline is not None) == deadline
    assert Deadline.objects.filter(key=f"exams.absence_proofs.{f.pk}").exists() == deadline
    assert Notice.objects.filter(key=f"reserve:{f.pk}:open", recipient=c.student.user).exists()


def test_utc_reserve_places_a_hold_then_the_equivalent_makeup_lifts_it():
    e = exam("utc")
    c = e.convocations[0]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    reserve_proof_submit(actor=c.student.user, reserve=f, upload=pdf(), at=e.event.start + timedelta(hours=20))
    f.refresh_from_db()
    assert f.state == PROOFS_RECEIVED and f.proofs.count() == 1
    assert Deadline.objects.get(key=f"exams.absence_proofs.{f.pk}").state == "met"
    assert Notice.objects.filter(key=f"reserve:{f.pk}:proofs:{e.module_head.pk}", recipient=e.module_head).exists()
    f = reserve_act(actor=e.module_head, reserve=f, action="propose_reserve", at=e.event.start + timedelta(days=3))
    hold = MarkHold.objects.get(key=hold_key(f))
    assert (hold.kind, hold.released_at, hold.rule_id) == ("reserve", None, "UTC-3.01e-reserve-decision")
    with pytest.raises(ApplicationError) as exc:  # an oral of 30 min is not equivalent to a 2 h written exam
        reserve_makeup_schedule(actor=e.module_head, reserve=f, nature="oral", duration_minutes=30)
    assert exc.value.code == "exams.reserve_makeup_not_equivalent" and exc.value.rule_id == "UTC-3.01e-reserve-lift"
    reserve_makeup_schedule(actor=e.module_head, reserve=f, nature=e.event.nature,
                            duration_minutes=e.event.duration_minutes)
    f = reserve_act(actor=e.module_head, reserve=f, action="lift", at=e.event.start + timedelta(days=40),
                    makeup_grade=Decimal("12.5"))
    assert f.state == LIFTED and f.makeup_grade == Decimal("12.5")
    hold.refresh_from_db()
    assert hold.outcome == "lifted" and mark_of(e, c) == "12.50"
    assert Notice.objects.filter(key=f"reserve:{f.pk}:lift", rule_id="UTC-3.01e-reserve-lift").exists()


def test_lift_without_a_recorded_makeup_is_refused():
    e = exam("utc")
    f = missed_exam_record(actor=None, convocation=e.convocations[0], at=e.event.start + timedelta(hours=3))
    reserve_act(actor=None, reserve=f, action="submit_proofs", at=e.event.start + timedelta(hours=4))
    reserve_act(actor=e.module_head, reserve=f, action="propose_reserve", at=e.event.start + timedelta(days=1))
    with pytest.raises(ApplicationError) as exc:
        reserve_act(actor=e.module_head, reserve=f, action="lift", at=e.event.start + timedelta(days=2),
                    makeup_grade=Decimal(14))
    assert exc.value.code == "exams.reserve_makeup_not_equivalent"


def test_keep_zero_needs_a_reason_and_leaves_the_zero():
    e = exam("utc")
    c = e.convocations[0]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    reserve_act(actor=c.student.user, reserve=f, action="submit_proofs", at=e.event.start + timedelta(hours=4))
    with pytest.raises(ApplicationError) as exc:
        reserve_act(actor=e.module_head, reserve=f, action="keep_zero", at=e.event.start + timedelta(days=1))
    assert exc.value.code == "exams.reserve_reason_required" and exc.value.rule_id == "UTC-3.01e-reserve-decision"
    f = reserve_act(actor=e.module_head, reserve=f, action="keep_zero", at=e.event.start + timedelta(days=1),
                    reason="Justificatif sans rapport avec la date de l'épreuve")
    assert f.state == ZERO_KEPT and mark_of(e, c) == "0.00" and not MarkHold.objects.exists()
    notice = Notice.objects.get(key=f"reserve:{f.pk}:keep_zero")
    assert "Justificatif sans rapport" in notice.context["message"]


def test_late_proofs_are_refused_with_the_rule_id():
    e = exam("utc")
    c = e.convocations[0]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    with pytest.raises(ApplicationError) as exc:
        reserve_proof_submit(actor=c.student.user, reserve=f, upload=pdf(), at=e.event.start + timedelta(hours=49))
    assert exc.value.code == "exams.reserve_proofs_late" and exc.value.rule_id == "UTC-3.01e-reserve-request"
    f.refresh_from_db()
    assert f.state == ZERO_PROVISIONAL and not f.proofs.exists()


def test_a_second_proof_within_the_deadline_is_added_but_not_after():
    e = exam("utc")
    c = e.convocations[0]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    reserve_proof_submit(actor=c.student.user, reserve=f, upload=pdf(), at=e.event.start + timedelta(hours=5))
    reserve_proof_submit(actor=c.student.user, reserve=f, upload=pdf("b.pdf"), at=e.event.start + timedelta(hours=6))
    with pytest.raises(ApplicationError):
        reserve_proof_submit(actor=c.student.user, reserve=f, upload=pdf("c.pdf"),
                             at=e.event.start + timedelta(hours=50))
    assert f.proofs.count() == 2


def test_a_proof_must_be_a_pdf_or_an_image():
    e = exam("utc")
    c = e.convocations[0]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    with pytest.raises(ApplicationError) as exc:
        reserve_proof_submit(actor=c.student.user, reserve=f, at=e.event.start + timedelta(hours=5),
                             upload=SimpleUploadedFile("x.pdf", b"MZ\x90 not a pdf"))
    assert exc.value.code == "exams.proof_invalid_file" and "file" in exc.value.fields


def test_only_the_candidate_module_head_or_office_act():
    e = exam("utc")
    c, other = e.convocations[0], e.convocations[1]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    with pytest.raises(PermissionDenied):
        reserve_proof_submit(actor=other.student.user, reserve=f, upload=pdf(), at=e.event.start + timedelta(hours=4))
    reserve_act(actor=c.student.user, reserve=f, action="submit_proofs", at=e.event.start + timedelta(hours=4))
    for intruder in (c.student.user, UserFactory(), e.department_head):
        with pytest.raises(PermissionDenied):
            reserve_act(actor=intruder, reserve=f, action="propose_reserve", at=e.event.start + timedelta(days=1))


def test_rsy_justified_absence_gives_a_makeup_graded_by_the_module_head():
    e = exam("iut-rsy")
    c = e.convocations[0]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    assert Deadline.objects.get(key=f"exams.absence_proofs.{f.pk}").rule_id == "RSY-A2-notify"
    reserve_proof_submit(actor=c.student.user, reserve=f, upload=pdf(), at=e.event.start + timedelta(hours=30))
    with pytest.raises(PermissionDenied):  # the justification is the department head's call
        reserve_act(actor=e.module_head, reserve=f, action="accept_justification", at=e.event.start + timedelta(days=2))
    f = reserve_act(actor=e.department_head, reserve=f, action="accept_justification",
                    at=e.event.start + timedelta(days=2))
    assert f.state == mk.MAKEUP_DUE and mark_of(e, c) == "ABJ"
    assert Notice.objects.get(key=f"reserve:{f.pk}:accept_justification").rule_id == "RSY-A2-makeup"
    reserve_makeup_schedule(actor=e.module_head, reserve=f, nature="oral", duration_minutes=30)  # no equivalence rule
    f = reserve_act(actor=e.module_head, reserve=f, action="grade_makeup", at=e.event.start + timedelta(days=20),
                    makeup_grade=Decimal("11"))
    assert f.state == mk.MAKEUP_GRADED and mark_of(e, c) == "11.00"


def test_rsy_department_head_refuses_the_makeup_only_with_reasons():
    e = exam("iut-rsy")
    c = e.convocations[0]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    reserve_act(actor=c.student.user, reserve=f, action="submit_proofs", at=e.event.start + timedelta(hours=5))
    reserve_act(actor=e.department_head, reserve=f, action="accept_justification", at=e.event.start + timedelta(days=1))
    with pytest.raises(ApplicationError) as exc:
        reserve_act(actor=e.department_head, reserve=f, action="refuse_makeup", at=e.event.start + timedelta(days=2),
                    reason="  ")
    assert exc.value.code == "exams.makeup_refusal_needs_reasons" and exc.value.rule_id == "RSY-A2-makeup"
    f = reserve_act(actor=e.department_head, reserve=f, action="refuse_makeup", at=e.event.start + timedelta(days=2),
                    reason="Compétence évaluée par la SAÉ du semestre")
    assert f.state == mk.NO_MAKEUP and f.decision_reason.startswith("Compétence") and mark_of(e, c) == "EXC"


def test_rsy_unjustified_absence_stays_abi():
    e = exam("iut-rsy")
    c = e.convocations[0]
    f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=3))
    f = reserve_act(actor=e.department_head, reserve=f, action="keep_zero", at=e.event.start + timedelta(days=3),
                    reason="Aucun justificatif")
    assert f.state == ZERO_KEPT and mark_of(e, c) == "ABI"
    assert Notice.objects.get(key=f"reserve:{f.pk}:keep_zero").rule_id == "RSY-A3-abi-zero"


def test_no_procedure_profile_refuses_transitions():
    e = exam("tours", students=1)
    f = missed_exam_record(actor=None, convocation=e.convocations[0], at=e.event.start + timedelta(hours=1))
    with pytest.raises((ApplicationError, TransitionNotAllowed)):
        reserve_act(actor=None, reserve=f, action="submit_proofs", at=e.event.start + timedelta(hours=2))


def test_office_records_an_absence_only_after_the_start_and_for_its_sessions():
    e = exam("utc")
    c = e.convocations[0]
    with pytest.raises(PermissionDenied):
        absence_record(actor=UserFactory(), convocation=c, at=e.event.start + timedelta(hours=1))
    with pytest.raises(ApplicationError) as exc:
        absence_record(actor=e.office, convocation=c, at=e.event.start - timedelta(minutes=5))
    assert exc.value.code == "exams.absence_before_exam"
    f = absence_record(actor=e.office, convocation=c, at=e.event.start + timedelta(hours=1))
    assert f is not None and f.state == ZERO_PROVISIONAL
    assert RESERVE not in set(ReserveFile.objects.values_list("state", flat=True))


def test_makeup_can_be_a_later_exam_event_of_the_same_module():
    from exams.models import ExamEvent

    e = exam("utc")
    f = missed_exam_record(actor=None, convocation=e.convocations[0], at=e.event.start + timedelta(hours=3))
    reserve_act(actor=None, reserve=f, action="submit_proofs", at=e.event.start + timedelta(hours=4))
    reserve_act(actor=e.module_head, reserve=f, action="propose_reserve", at=e.event.start + timedelta(days=1))
    later = ExamEvent.objects.create(session=e.event.session, module=e.event.module, title="Rattrapage",
                                     start=e.event.start + timedelta(days=30), nature=e.event.nature,
                                     duration_minutes=e.event.duration_minutes)
    earlier = ExamEvent.objects.create(session=e.event.session, module=e.event.module, title="Avant",
                                       start=e.event.start - timedelta(days=3), nature=e.event.nature,
                                       duration_minutes=e.event.duration_minutes)
    shorter = ExamEvent.objects.create(session=e.event.session, module=e.event.module, title="Court",
                                       start=e.event.start + timedelta(days=31), nature=e.event.nature,
                                       duration_minutes=60)
    with pytest.raises(ApplicationError) as exc:
        reserve_makeup_schedule(actor=e.module_head, reserve=f, event_id=earlier.pk)
    assert exc.value.code == "exams.makeup_event_invalid"
    with pytest.raises(ApplicationError) as exc:
        reserve_makeup_schedule(actor=e.module_head, reserve=f, event_id=shorter.pk)
    assert exc.value.code == "exams.reserve_makeup_not_equivalent"
    with pytest.raises(PermissionDenied):
        reserve_makeup_schedule(actor=e.convocations[0].student.user, reserve=f, event_id=later.pk)
    f = reserve_makeup_schedule(actor=e.module_head, reserve=f, event_id=later.pk)
    assert f.makeup_event == later and f.makeup_at == later.start
    f = reserve_act(actor=e.module_head, reserve=f, action="lift", at=later.start + timedelta(days=2),
                    makeup_grade=Decimal("9.75"))
    assert f.state == LIFTED and mark_of(e, e.convocations[0]) == "9.75"


def test_what_the_student_page_shows_in_each_state():
    from exams.views.reserves import shown_mark

    f = ReserveFile(state=ZERO_PROVISIONAL, mark_value="ABI")
    assert shown_mark(f) == "ABI"
    assert shown_mark(ReserveFile(state=RESERVE, mark_value="0")) == "Réservée"
    assert shown_mark(ReserveFile(state=LIFTED, mark_value="0", makeup_grade=Decimal("12.50"))) == "12.50"
    assert shown_mark(ReserveFile(state=mk.MAKEUP_DUE, mark_value="ABI")).startswith("ABJ")
    assert shown_mark(ReserveFile(state=mk.NO_MAKEUP, mark_value="ABI")).startswith("EXC")
    assert shown_mark(ReserveFile(state=ZERO_KEPT, mark_value="")) == "—"


def test_nightly_job_closes_files_without_proofs_after_the_deadline_once():
    from exams.services.reserves import reserves_nightly

    e = exam("utc")
    silent, sent = e.convocations[0], e.convocations[1]
    f_silent = missed_exam_record(actor=None, convocation=silent, at=e.event.start + timedelta(hours=3))
    f_sent = missed_exam_record(actor=None, convocation=sent, at=e.event.start + timedelta(hours=3))
    reserve_act(actor=None, reserve=f_sent, action="submit_proofs", at=e.event.start + timedelta(hours=4))
    assert reserves_nightly(now=e.event.start + timedelta(hours=47)) == 0  # still within 48 h
    assert reserves_nightly(now=e.event.start + timedelta(hours=49)) == 1
    f_silent.refresh_from_db()
    f_sent.refresh_from_db()
    assert (f_silent.state, f_sent.state) == (ZERO_KEPT, PROOFS_RECEIVED)
    assert f_silent.history[-1]["actor"] is None and mark_of(e, silent) == "0.00"
    assert Notice.objects.filter(key=f"reserve:{f_silent.pk}:keep_zero", recipient=silent.student.user).count() == 1
    assert reserves_nightly(now=e.event.start + timedelta(hours=72)) == 0
