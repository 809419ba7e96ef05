"""Absence pages per role: the student's own files and proofs, the module head's and department head's
decisions, the exam office's session list; 404 for everyone else; bounded queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exams.models import ReserveFile
from exams.rules import makeups as mk
from exams.rules.reserves import PROOFS_RECEIVED, RESERVE, ZERO_PROVISIONAL
from exams.services.reserves import missed_exam_record, reserve_act
from exams.services.reserves_proofs import reserve_proof_submit
from tests.factories import UserFactory

from .factories import exam

pytestmark = pytest.mark.django_db


def ok(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    text = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in text
    return text


def pdf(name: str = "certificat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 certificat", content_type="application/pdf")


def opened(preset: str = "utc"):  # type: ignore[no-untyped-def]
    e = exam(preset)
    files = [missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=2))
             for c in e.convocations[:2]]
    return e, files


def test_student_sees_only_their_own_files_and_uploads_a_proof(client):
    e, (mine, theirs) = opened()
    me = e.convocations[0].student.user
    client.force_login(me)
    assert reverse("exams:my_absences") in ok(client.get(reverse("exams:my_exams")))
    listing = ok(client.get(reverse("exams:my_absences")))
    assert reverse("exams:my_absence_detail", args=[mine.pk]) in listing
    assert reverse("exams:my_absence_detail", args=[theirs.pk]) not in listing
    assert client.get(reverse("exams:my_absence_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("exams:reserve_detail", args=[theirs.pk])).status_code == 404
    detail = ok(client.get(reverse("exams:my_absence_detail", args=[mine.pk])))
    assert "18/11/2026 09:00" in detail  # the proof deadline, 48 h after the start
    with time_machine.travel(e.event.start + timedelta(hours=5), tick=False):
        response = client.post(reverse("exams:my_absence_detail", args=[mine.pk]), {"file": pdf(), "note": "arrêt"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.state == PROOFS_RECEIVED
    proof = mine.proofs.get()
    download = client.get(reverse("exams:proof_download", args=[proof.pk]))
    # consuming the stream closes the file (an explicit close() would fire request_finished and, on
    # PostgreSQL, close the test's database connection)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(e.convocations[1].student.user)
    assert client.get(reverse("exams:proof_download", args=[proof.pk])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("exams:proof_download", args=[proof.pk])).status_code == 404
    client.force_login(e.module_head)
    head_download = client.get(reverse("exams:proof_download", args=[proof.pk]))
    assert head_download.status_code == 200 and b"".join(head_download.streaming_content).startswith(b"%PDF")


def test_late_upload_is_refused_on_the_page_with_the_rule_id(client):
    e, (mine, _theirs) = opened()
    client.force_login(e.convocations[0].student.user)
    with time_machine.travel(e.event.start + timedelta(hours=49), tick=False):
        page = client.post(reverse("exams:my_absence_detail", args=[mine.pk]), {"file": pdf()}, follow=True)
    text = ok(page)
    assert "UTC-3.01e-reserve-request" in text and "hors délai" in text
    mine.refresh_from_db()
    assert mine.state == ZERO_PROVISIONAL and not mine.proofs.exists()


def test_module_head_decides_and_others_get_404(client):
    e, (mine, theirs) = opened()
    reserve_act(actor=None, reserve=mine, action="submit_proofs", at=e.event.start + timedelta(hours=3))
    url = reverse("exams:reserve_detail", args=[mine.pk])
    for intruder in (UserFactory(), e.convocations[1].student.user):
        client.force_login(intruder)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "propose_reserve"}).status_code == 404
    assert client.get(reverse("exams:reserve_list")).status_code == 404  # a student heads no module
    client.force_login(e.module_head)
    listing = ok(client.get(reverse("exams:reserve_list")))
    assert url in listing and reverse("exams:reserve_detail", args=[theirs.pk]) in listing
    filtered = ok(client.get(reverse("exams:reserve_list"), {"state": PROOFS_RECEIVED}))
    assert url in filtered and reverse("exams:reserve_detail", args=[theirs.pk]) not in filtered
    detail = ok(client.get(url))
    assert "Proposer une mise en réserve" in detail and "Maintenir la note zéro" in detail
    refused = ok(client.post(url, {"action": "keep_zero", "reason": ""}, follow=True))
    assert "UTC-3.01e-reserve-decision" in refused
    assert client.post(url, {"action": "propose_reserve"}).status_code == 302
    mine.refresh_from_db()
    assert mine.state == RESERVE
    assert "Enregistrer l'épreuve de remplacement" in ok(client.get(url))


def test_rsy_department_head_refuses_a_makeup_with_reasons(client):
    e, (mine, _theirs) = opened("iut-rsy")
    reserve_act(actor=None, reserve=mine, action="submit_proofs", at=e.event.start + timedelta(hours=3))
    url = reverse("exams:reserve_detail", args=[mine.pk])
    client.force_login(e.module_head)
    assert "Reconnaître l'absence justifiée" not in ok(client.get(url))
    client.force_login(e.department_head)
    assert url in ok(client.get(reverse("exams:reserve_list")))
    client.post(url, {"action": "accept_justification"})
    mine.refresh_from_db()
    assert mine.state == mk.MAKEUP_DUE
    assert "RSY-A2-makeup" in ok(client.post(url, {"action": "refuse_makeup", "reason": " "}, follow=True))
    client.post(url, {"action": "refuse_makeup", "reason": "Évalué par la SAÉ"})
    mine.refresh_from_db()
    assert mine.state == mk.NO_MAKEUP and mine.decision_reason == "Évalué par la SAÉ"


def test_exam_office_lists_counts_filters_and_records_an_absence(client):
    e, (mine, _theirs) = opened()
    url = reverse("exams:session_absences", args=[e.event.session_id])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(e.module_head)
    assert client.get(url).status_code == 404
    client.force_login(e.office)
    assert url in ok(client.get(reverse("exams:session_detail", args=[e.event.session_id])))
    text = ok(client.get(url))
    assert "Total : 2" in text
    third = e.convocations[2]
    with time_machine.travel(e.event.start + timedelta(hours=1), tick=False):
        assert client.post(reverse("exams:session_absence_record", args=[e.event.session_id]),
                           {"convocation": third.pk}).status_code == 302
    assert ReserveFile.objects.get(convocation=third).state == ZERO_PROVISIONAL
    assert "Total : 3" in ok(client.get(url))
    reserve_act(actor=None, reserve=mine, action="submit_proofs", at=e.event.start + timedelta(hours=3))
    filtered = ok(client.get(url, {"state": PROOFS_RECEIVED}))
    assert reverse("exams:reserve_detail", args=[mine.pk]) in filtered
    assert reverse("exams:reserve_detail", args=[_theirs.pk]) not in filtered


def test_list_pages_have_bounded_queries(client, django_assert_max_num_queries):
    e = exam("utc", students=5)
    for c in e.convocations:
        f = missed_exam_record(actor=None, convocation=c, at=e.event.start + timedelta(hours=2))
        reserve_proof_submit(actor=None, reserve=f, upload=pdf(), at=e.event.start + timedelta(hours=3))
    client.force_login(e.office)
    with django_assert_max_num_queries(20):
        ok(client.get(reverse("exams:session_absences", args=[e.event.session_id])))
    client.force_login(e.module_head)
    with django_assert_max_num_queries(20):
        ok(client.get(reverse("exams:reserve_list")))
    client.force_login(e.convocations[0].student.user)
    with django_assert_max_num_queries(12):
        ok(client.get(reverse("exams:my_absences")))


def test_exam_office_files_a_proof_handed_in_at_the_desk_but_the_module_head_cannot(client):
    e, (mine, _theirs) = opened()
    url = reverse("exams:reserve_detail", args=[mine.pk])
    client.force_login(e.module_head)
    assert "Enregistrer un justificatif remis" not in ok(client.get(url))
    with time_machine.travel(e.event.start + timedelta(hours=6), tick=False):
        client.force_login(e.module_head)
        client.post(url, {"action": "proof", "file": pdf()})
        mine.refresh_from_db()
        assert mine.state == ZERO_PROVISIONAL and not mine.proofs.exists()
        client.force_login(e.office)
        assert "Enregistrer un justificatif remis" in ok(client.get(url))
        assert client.post(url, {"action": "proof", "file": pdf(), "note": "remis au guichet"}).status_code == 302
    mine.refresh_from_db()
    assert mine.state == PROOFS_RECEIVED and mine.proofs.get().uploaded_by == e.office
