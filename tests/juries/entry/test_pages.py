"""Pages: teacher grid (plain form), import page, publication; the student sees their own mark and
anonymous statistics, never another student's mark; bounded queries."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from juries.models import Mark
from juries.services import evaluation_publish, mark_set

from .factories import grade_world, register

pytestmark = pytest.mark.django_db


def _ok(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    return response.content.decode()


def test_teacher_enters_through_plain_form(client):
    w = grade_world()
    client.force_login(w.teacher)
    url = reverse("juries:grid", args=[w.evaluation.pk])
    html = _ok(client.get(url))
    assert "grade-grid.js" in html and f'name="m-{w.students[0].pk}-final"' in html
    a, b, c = w.students
    data = {f"m-{a.pk}-final": "12,5", f"o-{a.pk}-final": "", f"m-{b.pk}-final": "ABJ", f"o-{b.pk}-final": "",
            f"m-{c.pk}-final": "", f"o-{c.pk}-final": ""}
    assert client.post(url, data).status_code == 302
    assert {m.student_id: m.raw() for m in Mark.objects.all()} == {a.pk: "12.50", b.pk: "ABJ"}
    # A bad cell re-renders the grid with the error next to it and writes nothing.
    data[f"m-{c.pk}-final"] = "30"
    html = _ok(client.post(url, data))
    assert "hors de l&#x27;intervalle" in html or "hors de l'intervalle" in html
    assert not Mark.objects.filter(student=c).exists()


def test_import_page_rejects_bad_file(client):
    w = grade_world()
    client.force_login(w.teacher)
    sheet = client.get(reverse("juries:sheet_download", args=[w.evaluation.pk]))
    assert sheet.status_code == 200
    wb = load_workbook(io.BytesIO(sheet.content))
    wb.active.cell(row=2, column=5, value="99")
    out = io.BytesIO()
    wb.save(out)
    out.name = "notes.xlsx"
    out.seek(0)
    html = _ok(client.post(reverse("juries:sheet_import", args=[w.evaluation.pk]), {"file": out}))
    assert "Fichier refusé" in html and "<td>2</td>" in html
    assert not Mark.objects.exists()


def test_outsiders_get_404(client):
    w = grade_world()
    for user in (w.outsider_teacher, w.students[0]):
        client.force_login(user)
        for name in ("grid", "sheet_download", "sheet_import", "history", "requests"):
            assert client.get(reverse(f"juries:{name}", args=[w.evaluation.pk])).status_code == 404


def test_student_sees_own_mark_and_stats_only(client, django_capture_on_commit_callbacks):
    w = grade_world(students=7)
    values = ("13.25", "7.75", "ABI", "10", "11", "12", "9")
    for s, v in zip(w.students, values, strict=True):
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=s, value=v)
    a = w.students[0]
    client.force_login(a)
    assert client.get(reverse("juries:my_mark", args=[w.evaluation.pk])).status_code == 404  # not yet published
    assert "13,25" not in _ok(client.get(reverse("juries:my_marks")))
    client.force_login(w.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("juries:publish", args=[w.evaluation.pk]), {"provisional": "on"}).status_code == 302
    client.force_login(a)
    html = _ok(client.get(reverse("juries:my_mark", args=[w.evaluation.pk])))
    assert "13,25 / 20" in html
    assert "sous réserve de la délibération du jury" in html
    assert "10,50" in html  # mean of the six numeric marks (anonymous statistics)
    assert "Répartition des notes" in html and "Consulter ma copie" in html
    assert "11,00" not in html and "9,00" not in html  # other students' individual marks are not listed
    listing = _ok(client.get(reverse("juries:my_marks")))
    assert "13,25" in listing and "7,75" not in listing
    # A student of another module sees nothing.
    stranger = register(grade_world().module)
    client.force_login(stranger)
    assert client.get(reverse("juries:my_mark", args=[w.evaluation.pk])).status_code == 404
    assert "13,25" not in _ok(client.get(reverse("juries:my_marks")))


def test_small_group_statistics_are_hidden(client, django_capture_on_commit_callbacks):
    w = grade_world(students=2)
    for s, v in zip(w.students, ("14", "6"), strict=True):
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=s, value=v)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_publish(actor=w.head, evaluation=w.evaluation)
    client.force_login(w.students[0])
    html = _ok(client.get(reverse("juries:my_mark", args=[w.evaluation.pk])))
    assert "14,00 / 20" in html and "6,00" not in html and "10,00" not in html
    assert "préserver l&#x27;anonymat" in html or "préserver l'anonymat" in html


def test_student_requests_through_pages(client, django_capture_on_commit_callbacks):
    w = grade_world(preset="utc")
    mark_set(actor=w.teacher, evaluation=w.evaluation, student=w.students[0], value="9")
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_publish(actor=w.head, evaluation=w.evaluation)
    client.force_login(w.students[0])
    assert client.post(reverse("juries:consultation_create", args=[w.evaluation.pk]), {"message": ""}).status_code == 302
    assert client.post(reverse("juries:contestation_create", args=[w.evaluation.pk]),
                       {"reasons": "Barème mal appliqué"}).status_code == 302
    client.force_login(w.head)
    html = _ok(client.get(reverse("juries:requests", args=[w.evaluation.pk])))
    assert "Barème mal appliqué" in html


def _grid_world(n: int):  # type: ignore[no-untyped-def]
    w = grade_world(students=n)
    for s in w.students:
        mark_set(actor=w.teacher, evaluation=w.evaluation, student=s, value="11")
    return w


@pytest.mark.parametrize("name", ["grid", "history"])
def test_teacher_pages_bounded_queries(client, name, django_assert_max_num_queries):
    counts = []
    for n in (5, 50):
        w = _grid_world(n)
        client.force_login(w.teacher)
        url = reverse(f"juries:{name}", args=[w.evaluation.pk])
        client.get(url)  # warm caches (content types, session)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            _ok(client.get(url))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 30


def test_student_pages_bounded_queries(client, django_capture_on_commit_callbacks):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (5, 50):
        w = _grid_world(n)
        with django_capture_on_commit_callbacks(execute=True):
            evaluation_publish(actor=w.head, evaluation=w.evaluation)
        client.force_login(w.students[0])
        for url in (reverse("juries:my_marks"), reverse("juries:my_mark", args=[w.evaluation.pk])):
            client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            _ok(client.get(reverse("juries:my_marks")))
            _ok(client.get(reverse("juries:my_mark", args=[w.evaluation.pk])))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_teacher_creates_evaluation_and_undoes_a_batch(client):
    w = grade_world()
    client.force_login(w.head)
    html = _ok(client.get(reverse("juries:teacher_index")))
    assert w.evaluation.label in html
    url = reverse("juries:evaluation_create", args=[w.module.pk])
    _ok(client.get(url))
    r = client.post(url, {"component": w.component.pk, "label": "CC2", "date": "2026-12-01", "session": "1",
                          "number": "2"})
    assert r.status_code == 302
    from juries.models import EntryBatch, Evaluation

    assert Evaluation.objects.filter(label="CC2", number=2).exists()
    mark_set(actor=w.head, evaluation=w.evaluation, student=w.students[0], value="10")
    batch = EntryBatch.objects.get()
    html = _ok(client.get(reverse("juries:history", args=[w.evaluation.pk])))
    assert "10.00" in html and "Annuler ce lot" in html
    assert client.post(reverse("juries:batch_undo", args=[batch.pk]), {"reason": "test"}).status_code == 302
    assert Mark.objects.get().raw() == ""
    client.force_login(w.outsider_teacher)
    assert client.get(url).status_code == 404
    assert client.post(reverse("juries:batch_undo", args=[batch.pk])).status_code == 404


def test_double_marking_grid_has_three_values(client):
    w = grade_world(double=True)
    client.force_login(w.teacher)
    url = reverse("juries:grid", args=[w.evaluation.pk])
    html = _ok(client.get(url))
    s = w.students[0]
    for field in ("first", "second", "final"):
        assert f'name="m-{s.pk}-{field}"' in html
    data = {f"m-{s.pk}-first": "9", f"o-{s.pk}-first": "", f"m-{s.pk}-second": "9", f"o-{s.pk}-second": ""}
    assert client.post(url, data).status_code == 302
    assert Mark.objects.get(student=s).raw() == "9.00"


def test_grid_shows_publication_deadline(client):
    w = grade_world(preset="utc")
    client.force_login(w.teacher)
    html = _ok(client.get(reverse("juries:grid", args=[w.evaluation.pk])))
    assert "UTC-5.02-grades" in html
