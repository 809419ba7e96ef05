"""Adapted subjects: candidates needing one are listed on the event's subjects page; the check reports
« Version adaptée manquante pour N candidats (gros caractères) » with the rule id until an adapted
version naming that accommodation kind is handed in (a refused one does not count)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from exams.models import ExamSubject
from exams.services.subjects import (
    adapted_needs,
    adapted_subjects_check,
    session_adapted_subjects_check,
    subject_review,
    subject_submit,
)
from tests.enrollment.accommodations.factories import setup
from tests.enrollment.factories import AccommodationFactory
from tests.exams.office.test_subjects import UTC_FULL, module_member, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _world(large_print: int = 2, secretary: int = 0):  # type: ignore[no-untyped-def]
    s = setup("utc", students=4, seated=False)
    for student in s.world.students[:large_print]:
        AccommodationFactory(student=student, kind="large_print")
    for student in s.world.students[large_print:large_print + secretary]:
        AccommodationFactory(student=student, kind="secretary")
    AccommodationFactory(student=s.world.students[-1], tiers_temps=True)  # needs no adapted subject
    return s, s.events[0]


def submit(event, user, **extra):  # type: ignore[no-untyped-def]
    return subject_submit(actor=user, event=event, file=pdf(),
                          metadata={**UTC_FULL, "exam_date": event.start.date(), **extra})


def test_needs_list_the_candidates_per_kind():
    s, event = _world(large_print=2, secretary=1)
    needs = adapted_needs([event])[event.pk]
    assert sorted(n.kinds for n in needs) == [("large_print",), ("large_print",), ("secretary",)]
    assert {n.student_id for n in needs} == {st.pk for st in s.world.students[:3]}


def test_missing_adapted_version_reported_with_count_kind_and_rule():
    _s, event = _world(large_print=2, secretary=1)
    check = adapted_subjects_check([event])[0]
    assert not check.complete and check.missing == {"large_print": 2, "secretary": 1}
    assert check.messages == (
        "Version adaptée manquante pour 2 candidats (gros caractères) [UTC-2.05-disability-list].",
        "Version adaptée manquante pour 1 candidat (secrétaire) [UTC-2.05-disability-list].",
    )


def test_adapted_version_serves_its_kind_refused_one_does_not_count():
    s, event = _world(large_print=2)
    head = module_member(s.world.module)
    with pytest.raises(ApplicationError) as exc:
        submit(event, head, is_adapted=True, adapted_for="")
    assert exc.value.code == "exams.subject_adapted_for_required" and "adapted_for" in exc.value.fields
    adapted = submit(event, head, is_adapted=True, adapted_for="large_print")
    assert adapted.adapted_for == "large_print"
    assert adapted_subjects_check([event])[0].complete
    subject_review(actor=s.world.office, subject=adapted, accept=False, reason="Police trop petite")
    assert adapted_subjects_check([event])[0].missing == {"large_print": 2}
    ExamSubject.objects.filter(pk=adapted.pk).update(state="accepted", adapted_for="Gros caractères")  # legacy text
    assert adapted_subjects_check([event])[0].complete


def test_session_check_lists_only_incomplete_events():
    s, event = _world(large_print=1)
    incomplete = session_adapted_subjects_check(s.session)
    assert {c.event_id for c in incomplete} == {e.pk for e in s.events}
    submit(event, s.world.office, is_adapted=True, adapted_for="large_print")
    assert {c.event_id for c in session_adapted_subjects_check(s.session)} == {e.pk for e in s.events[1:]}


def test_subjects_page_lists_candidates_without_medical_reasons_and_review_warns(client):
    s, event = _world(large_print=1)
    from enrollment.services.accommodation_requests import accommodation_request_file

    student = s.world.students[0]
    accommodation_request_file(actor=student.user, student=student, kinds=["large_print"],
                               reasons="Maladie oculaire dégénérative")
    head = module_member(s.world.module)
    client.force_login(head)
    page = client.get(reverse("exams:event_subjects", args=[event.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert student.user.last_name.upper() in html and "gros caractères" in html
    assert "Version adaptée manquante pour 1 candidat" in html
    assert "Maladie oculaire" not in html and "INVALID_TEMPLATE_VARIABLE" not in html
    main = submit(event, head)
    client.force_login(s.world.office)
    response = client.post(reverse("exams:subject_review", args=[main.pk]), {"decision": "accept"}, follow=True)
    assert "Version adaptée manquante pour 1 candidat (gros caractères)" in response.content.decode()


def test_the_session_page_lists_the_adapted_subjects_to_prepare(client):
    s, event = _world(large_print=2)
    client.force_login(s.world.office)
    page = client.get(reverse("exams:session_detail", args=[event.session_id])).content.decode()
    assert "Sujets adaptés à prévoir" in page
    assert "Version adaptée manquante pour 2 candidats (gros caractères) [UTC-2.05-disability-list]." in page
