"""API: teachers enter, import (a bad file writes nothing) and publish; a student reads only their
own marks; every denial is a 404/403 without data."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.test import APIClient

from juries.models import EntryBatch, Mark
from juries.selectors import evaluation_grid
from juries.xlsx import evaluation_sheet

from .factories import grade_world

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_teacher_enters_imports_publishes_and_student_reads(django_capture_on_commit_callbacks):
    w = grade_world()
    a, b, c = w.students
    t = api(w.teacher)
    url = f"/api/v1/juries/evaluations/{w.evaluation.pk}/marks/"
    r = t.post(url, {"student": a.pk, "value": "15,5"}, format="json")
    assert r.status_code == 200 and r.json()["mark"] == "15.50"
    r = t.post(url, {"student": b.pk, "value": "42"}, format="json")
    assert r.status_code == 400 and r.json()["code"] == "juries.invalid_marks"
    assert "hors de l'intervalle" in r.json()["fields"][f"{b.pk}:final"][0]
    rows = {row["student"]: row["mark"] for row in t.get(url).json()}
    assert rows == {a.pk: "15.50", b.pk: "", c.pk: ""}
    # Import: a bad file writes nothing…
    wb = load_workbook(io.BytesIO(evaluation_sheet(w.evaluation, evaluation_grid(w.evaluation))))
    for row in range(2, 5):
        wb.active.cell(row=row, column=5, value="8")
    wb.active.cell(row=4, column=5, value="huit")
    out = io.BytesIO()
    wb.save(out)
    r = t.post(f"/api/v1/juries/evaluations/{w.evaluation.pk}/import/",
               {"file": SimpleUploadedFile("n.xlsx", out.getvalue())}, format="multipart")
    assert r.status_code == 400 and r.json()["errors"][0]["line"] == 4
    assert Mark.objects.filter(value=8).count() == 0
    # … a good one writes one batch.
    wb.active.cell(row=4, column=5, value="ABJ")
    out = io.BytesIO()
    wb.save(out)
    r = t.post(f"/api/v1/juries/evaluations/{w.evaluation.pk}/import/",
               {"file": SimpleUploadedFile("n.xlsx", out.getvalue())}, format="multipart")
    assert r.status_code == 200 and r.json()["ok"] and r.json()["changed"] == 3
    # The student sees nothing before publication.
    s = api(a)
    assert s.get("/api/v1/juries/my-marks/").json() == []
    with django_capture_on_commit_callbacks(execute=True):
        r = t.post(f"/api/v1/juries/evaluations/{w.evaluation.pk}/publish/", {"provisional": True}, format="json")
    assert r.status_code == 201
    data = s.get("/api/v1/juries/my-marks/").json()
    assert len(data) == 1
    own = data[0]
    mine = Mark.objects.get(student=a).raw()
    assert own["mark"] == mine and own["provisional"] is True
    assert own["statistics"] is None  # 2 numeric marks: below grades.statistics_min_count (anonymity)
    assert set(own) == {"evaluation", "mark", "provisional", "published_at", "statistics", "hold"}
    assert own["hold"] == ""
    # Students cannot read the grid, enter, publish or undo.
    assert s.get(url).status_code == 404
    assert s.post(url, {"student": a.pk, "value": "20"}, format="json").status_code == 404
    assert s.post(f"/api/v1/juries/evaluations/{w.evaluation.pk}/publish/", {}, format="json").status_code == 404
    batch = EntryBatch.objects.first()
    assert s.post(f"/api/v1/juries/batches/{batch.pk}/undo/", {}, format="json").status_code == 404
    assert Mark.objects.get(student=a).raw() == mine


def test_outsider_teacher_and_anonymous_denied():
    w = grade_world()
    url = f"/api/v1/juries/evaluations/{w.evaluation.pk}/marks/"
    assert api(w.outsider_teacher).get(url).status_code == 404
    assert api(w.outsider_teacher).post(url, {"student": w.students[0].pk, "value": "10"},
                                        format="json").status_code == 404
    assert APIClient().get(url).status_code in (401, 403)
    assert not Mark.objects.exists()


def test_batch_undo_api():
    w = grade_world()
    t = api(w.teacher)
    url = f"/api/v1/juries/evaluations/{w.evaluation.pk}/marks/"
    t.post(url, {"student": w.students[0].pk, "value": "10"}, format="json")
    t.post(url, {"student": w.students[0].pk, "value": "14"}, format="json")
    batch = EntryBatch.objects.order_by("-pk").first()
    r = t.post(f"/api/v1/juries/batches/{batch.pk}/undo/", {"reason": "erreur"}, format="json")
    assert r.status_code == 200
    assert Mark.objects.get().raw() == "10.00"


def test_student_contests_through_api(django_capture_on_commit_callbacks):
    w = grade_world(preset="utc")
    t = api(w.teacher)
    t.post(f"/api/v1/juries/evaluations/{w.evaluation.pk}/marks/", {"student": w.students[0].pk, "value": "9"},
           format="json")
    with django_capture_on_commit_callbacks(execute=True):
        t.post(f"/api/v1/juries/evaluations/{w.evaluation.pk}/publish/", {"provisional": True}, format="json")
    s = api(w.students[0])
    r = s.post(f"/api/v1/juries/my-marks/{w.evaluation.pk}/contestation/", {"reasons": "Q2"}, format="json")
    assert r.status_code == 201
    other = api(w.students[1])  # registered but without a mark
    assert other.post(f"/api/v1/juries/my-marks/{w.evaluation.pk}/contestation/", {"reasons": "x"},
                      format="json").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        r = api(w.head).post(f"/api/v1/juries/contestations/{r.json()['id']}/answer/",
                             {"answer": "Revu", "new_value": "10"}, format="json")
    assert r.status_code == 200 and r.json()["new_mark"] == "10.00"
    assert s.post(f"/api/v1/juries/contestations/{r.json()['id']}/answer/", {"answer": "x"},
                  format="json").status_code == 404


def test_autosave_conflict_is_409():
    w = grade_world()
    t = api(w.teacher)
    url = f"/api/v1/juries/evaluations/{w.evaluation.pk}/marks/"
    assert t.post(url, {"student": w.students[0].pk, "value": "10", "expected": ""}, format="json").status_code == 200
    r = t.post(url, {"student": w.students[0].pk, "value": "11", "expected": ""}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "juries.conflict"
    assert Mark.objects.get().raw() == "10.00"


def test_my_marks_api_statistics(django_capture_on_commit_callbacks):
    w = grade_world(students=6)
    t = api(w.teacher)
    url = f"/api/v1/juries/evaluations/{w.evaluation.pk}/marks/"
    for s, v in zip(w.students, ("10", "12", "14", "16", "8", "ABJ"), strict=True):
        assert t.post(url, {"student": s.pk, "value": v}, format="json").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        t.post(f"/api/v1/juries/evaluations/{w.evaluation.pk}/publish/", {"provisional": True}, format="json")
    own = api(w.students[1]).get("/api/v1/juries/my-marks/").json()[0]
    assert own["mark"] == "12.00"
    stats = own["statistics"]
    assert (stats["count"], stats["mean"], stats["median"], stats["specials"]) == (5, "12.00", "12.00", {"ABJ": 1})
    assert sum(b["count"] for b in stats["distribution"]) == 5
    assert set(stats) == {"count", "mean", "median", "stdev", "minimum", "maximum", "specials", "distribution"}
