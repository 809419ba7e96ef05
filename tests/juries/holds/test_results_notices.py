"""Results-published notices: one per student and publication (provisional / final), never twice,
with the appeal deadline of the profile for final results (UTC-5.03b-recourse, TOURS-VI-4.5-appeal),
set-based (bounded queries)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from core.models import Notice
from juries.engine_types import StudentInput
from juries.models import SemesterResult
from juries.notices import RESULTS_PUBLISHED
from juries.results.notices import results_notice_key
from juries.results.seed import seed_programme
from juries.results.services import results_compute, results_publish
from juries.scenario import load_scenario
from tests.courses.factories import YEAR, component_with_preset
from tests.juries.results.factories import SCENARIOS, db_equivalent, with_students

pytestmark = pytest.mark.django_db


def _seed(preset: str, count: int, code: str = "prog"):
    base = db_equivalent(load_scenario(SCENARIOS / "but1_progression.yaml"))
    rng = random.Random(count)
    codes = [e.code for m in base.programme.modules.values() for e in m.evaluations]
    students = [StudentInput(id=f"st{i}", name=f"Étudiant {i}", marks={c: float(rng.randint(4, 18)) for c in codes})
                for i in range(count)]
    scenario = with_students(base, students)
    seeded = seed_programme(component_with_preset(preset), scenario.programme, scenario.students,
                            academic_year=YEAR, code=code)
    results_compute(semester_ids=[s.pk for s in seeded.semesters.values()])
    return seeded


def _notices():
    return Notice.objects.filter(kind=RESULTS_PUBLISHED)


def test_one_notice_per_student_per_publication_never_twice(django_capture_on_commit_callbacks, mailoutbox):
    seeded = _seed("iut-arl", 3)
    s1 = seeded.semesters["S1"]
    with django_capture_on_commit_callbacks(execute=True):
        assert results_publish(actor=None, semester=s1) == 3
    notices = list(_notices().order_by("recipient_id"))
    assert [n.recipient for n in notices] == sorted(seeded.users.values(), key=lambda u: u.pk)
    first = notices[0]
    result = SemesterResult.objects.get(semester=s1, student=first.recipient, is_current=True)
    assert first.key == results_notice_key(s1.pk, result.version, False, first.recipient_id)
    assert first.context["final"] is False and first.context["semester"] == "S1"
    assert first.context["url"].endswith("/notes/resultats/")
    assert len(mailoutbox) == 3
    body = mailoutbox[0].body
    assert "provisoires" in mailoutbox[0].subject and "sous réserve de la délibération du jury" in body
    assert "INVALID" not in body
    # published again, same versions: nothing new
    with django_capture_on_commit_callbacks(execute=True):
        results_publish(actor=None, semester=s1)
    assert _notices().count() == 3 and len(mailoutbox) == 3
    # the final publication is another notice; S2 students are not notified for S1
    with django_capture_on_commit_callbacks(execute=True):
        results_publish(actor=None, semester=s1, final=True)
    assert _notices().count() == 6
    assert _notices().filter(context__final=True).count() == 3
    assert not _notices().filter(subject_id=seeded.semesters["S2"].pk).exists()


@pytest.mark.parametrize(
    ("preset", "days", "text"),
    [
        ("utc", "2 months", "recours contre la décision du jury jusqu'au"),
        ("tours", "2 francs", "recours contre la décision du jury jusqu'au"),
        ("strasbourg", None, "Les voies et délais de recours"),
    ],
)
def test_final_results_notice_states_the_appeal(preset, days, text, django_capture_on_commit_callbacks, mailoutbox):
    seeded = _seed(preset, 1)
    s1 = seeded.semesters["S1"]
    with django_capture_on_commit_callbacks(execute=True):
        results_publish(actor=None, semester=s1, final=True)
    (notice,) = _notices()
    assert text in mailoutbox[0].body and "INVALID" not in mailoutbox[0].body
    until = notice.context["appeal_until"]
    if days is None:
        assert until == "" and notice.context["appeal_info"] is True
    else:
        day, month, year = (int(x) for x in until.split("/"))
        deadline = dt.date(year, month, day)
        today = timezone.localdate()
        assert today + dt.timedelta(days=55) <= deadline <= today + dt.timedelta(days=70)
        assert until in mailoutbox[0].body


def test_provisional_notice_has_no_appeal():
    seeded = _seed("utc", 1)
    results_publish(actor=None, semester=seeded.semesters["S1"])
    (notice,) = _notices()
    assert notice.context["appeal_until"] == "" and notice.context["appeal_info"] is False


def test_publication_queries_do_not_grow_with_students(django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = _seed("iut-arl", 2, code="small"), _seed("iut-arl", 25, code="large")
    with CaptureQueriesContext(connection) as few:
        results_publish(actor=None, semester=small.semesters["S1"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        results_publish(actor=None, semester=large.semesters["S1"])
    assert _notices().count() == 27
