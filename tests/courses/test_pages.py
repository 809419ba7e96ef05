"""Every courses page renders for its users without unknown template variables; the published
M3C PDF is rendered and readable by a registered student; calendar pages work through the web."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse

from core.calendar.working import PARIS
from core.models import ClosureDay
from courses.models import CalendarPeriod
from courses.services import module_team_set
from courses.services.workflow import m3c_approve, m3c_publish
from tests.courses.factories import build_year, component_with_preset, programme_head, with_calendar
from tests.courses.test_permissions_and_queries import _register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ok(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    assert "INVALID_TEMPLATE_VARIABLE" not in response.content.decode(), url
    return response.content.decode()


def test_manager_pages_render(client):
    component = component_with_preset("tours")
    with_calendar(component)
    built = build_year(component)
    head = programme_head(component)
    client.force_login(head)
    v, m = built.version, built.modules["R1.01"]
    comp = m.components.first()
    for name, args in [("programme_list", []), ("programme_new", []), ("programme_detail", [built.programme.pk]),
                       ("version_detail", [v.pk]), ("version_settings", [v.pk]), ("study_year_add", [v.pk]),
                       ("parcours_add", [v.pk]), ("competence_add", [v.pk]),
                       ("semester_add", [v.study_years.get().pk]), ("ue_add", [built.semesters[0].pk]),
                       ("module_add", [built.semesters[0].pk]), ("module_edit", [m.pk]), ("component_add", [m.pk]),
                       ("component_edit", [comp.pk]), ("team_edit", [m.pk]), ("m3c_check", [v.pk]),
                       ("m3c_approve", [v.pk]), ("module_detail", [m.pk]), ("my_modules", []),
                       ("calendar_index", []), ("calendar_detail", [component.pk, 2026]), ("m3c_amend", [m.pk])]:
        _ok(client, reverse(f"courses:{name}", args=args))


def test_calendar_through_the_web(client):
    component = component_with_preset("utc")
    head = programme_head(component)
    client.force_login(head)
    url = reverse("courses:calendar_detail", args=[component.pk, 2026])
    response = client.post(url, {"kind": "holiday", "semester_number": "", "start": "2026-10-26",
                                 "end": "2026-10-30", "label": "Toussaint"})
    assert response.status_code == 302
    assert ClosureDay.objects.filter(component=component, label="Toussaint").exists()
    response = client.post(url, {"kind": "final_exams", "semester_number": "1", "start": "2027-01-15",
                                 "end": "2027-01-11", "label": ""})
    assert response.status_code == 200 and "La date de fin" in response.content.decode()
    client.post(reverse("courses:calendar_fix", args=[component.pk, 2026]))
    response = client.post(url, {"kind": "final_exams", "semester_number": "1", "start": "2027-01-11",
                                 "end": "2027-01-15"}, follow=True)
    assert "UTC-2.01-calendar-deadline" in response.content.decode()
    assert CalendarPeriod.objects.count() == 1
    # a teacher without a managing role does not get the calendar pages
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_published_pdf_rendered_and_readable_by_registered_student(client, django_capture_on_commit_callbacks):
    component = component_with_preset("tours")
    with_calendar(component)
    built = build_year(component)
    m3c_approve(actor=None, version=built.version, council="CFVU", council_date=date(2026, 9, 10))
    with django_capture_on_commit_callbacks(execute=True):
        m3c_publish(actor=None, version=built.version, at=datetime(2026, 9, 20, 10, tzinfo=PARIS))
    snapshot = built.version.snapshots.get()
    snapshot.document.refresh_from_db()
    assert snapshot.document.status == "issued", snapshot.document.error
    student = _register(UserFactory(), built.modules["R1.01"])
    client.force_login(student)
    response = client.get(reverse("courses:m3c_pdf", args=[built.version.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    teacher = UserFactory()
    module_team_set(actor=None, module=built.modules["R2.01"], head=teacher)
    client.force_login(teacher)
    assert client.get(reverse("courses:m3c_pdf", args=[built.version.pk])).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("courses:m3c_pdf", args=[built.version.pk])).status_code == 404
