"""The exam office's copy archive pages: list with filters and counts, bulk actions, lot detail,
export; 404 for everyone else; bounded queries (UTC-5.03a-retention, STRAS-113)."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from core.calendar.working import PARIS
from core.models import ComponentProfile, Document
from exams.models import CopyLot, EventRoom, ExamReport, Room
from exams.services import event_rooms_set, room_create
from tests.exams.office.factories import exam_office_user
from tests.factories import ComponentFactory, UserFactory

from .factories import closed_reports, contest, publish_results

pytestmark = pytest.mark.django_db
URL = reverse("exams:archive_list")


def _now(day: date):  # type: ignore[no-untyped-def]
    return time_machine.travel(datetime(day.year, day.month, day.day, 15, tzinfo=PARIS), tick=False)


def _query(aw, **extra) -> str:  # type: ignore[no-untyped-def]
    params = {"component": aw.session.component.pk, "year": 2026, **extra}
    return URL + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_list_shows_each_lot_with_its_date_rule_and_counts(client, django_assert_max_num_queries):
    aw = closed_reports("strasbourg", rooms=("A101", "B12"))
    publish_results(aw, date(2027, 2, 5))
    client.force_login(aw.world.office)
    with _now(date(2028, 3, 1)):
        client.force_login(aw.world.office)  # sessions expire across the travel
        client.get(_query(aw))  # opens the lots
        contest(aw)
        with django_assert_max_num_queries(30):
            response = client.get(_query(aw))
    html = response.content.decode()
    assert response.status_code == 200 and "INVALID_TEMPLATE_VARIABLE" not in html
    assert CopyLot.objects.count() == 2
    assert "STRAS-113" in html and "06/02/2028" not in html  # held: no date while the dispute is open
    assert "contestation(s) de note en cours" in html and "Conservé (contentieux)</a> : 2" in html


def test_list_queries_do_not_grow_with_the_number_of_lots(client, django_assert_max_num_queries):
    aw = closed_reports("strasbourg", rooms=("A101", "B12"))
    publish_results(aw, date(2027, 2, 5))
    client.force_login(aw.world.office)
    client.get(_query(aw))
    with django_assert_max_num_queries(40) as two:
        client.get(_query(aw))
    small = len(two.captured_queries)
    assert small > 5
    for code in ("C1", "C2", "C3"):
        room_create(actor=None, institution=aw.session.component.institution, code=code, name=code, capacity=10)
    rooms = list(aw.world.rooms.values()) + list(Room.objects.filter(code__in=("C1", "C2", "C3")))
    event_rooms_set(actor=aw.world.office, event=aw.event, rooms=rooms)
    for er in EventRoom.objects.filter(event=aw.event, report__isnull=True):
        ExamReport.objects.create(event_room=er, copies=2, closed_at=datetime(2026, 11, 16, 12, tzinfo=PARIS))
    client.get(_query(aw))
    with django_assert_max_num_queries(small):
        response = client.get(_query(aw))
    assert CopyLot.objects.count() == 5 and response.content.decode().count('name="lots"') == 5


def test_filters_destructible_now_and_until(client):
    aw = closed_reports("strasbourg")
    publish_results(aw, date(2027, 2, 5))
    client.force_login(aw.world.office)
    with _now(date(2028, 1, 10)):
        client.force_login(aw.world.office)
        kept = client.get(_query(aw, status="destructible")).content.decode()
        soon = client.get(_query(aw, until="2028-02-06")).content.decode()
        later = client.get(_query(aw, until="2028-02-05")).content.decode()
    assert "Aucun lot de copies pour ces critères" in kept
    assert "06/02/2028" in soon and "Aucun lot" not in soon
    assert "Aucun lot de copies pour ces critères" in later


def test_bulk_destruction_refused_then_recorded(client):
    aw = closed_reports("strasbourg")
    publish_results(aw, date(2027, 2, 5))
    client.force_login(aw.world.office)
    client.get(_query(aw))
    lot = CopyLot.objects.get()
    data = {"action": "destroy", "lots": [lot.pk], "on": "2028-02-05", "method": "Broyage", "pv_reference": "PV-7"}
    with _now(date(2028, 3, 1)):
        client.force_login(aw.world.office)
        refused = client.post(_query(aw), data)
        assert refused.status_code == 200 and "pas avant le 06/02/2028 (STRAS-113)" in refused.content.decode()
        assert f'value="{lot.pk}" id="lot-{lot.pk}" checked' in refused.content.decode()  # selection kept
        lot.refresh_from_db()
        assert lot.state == "kept"
        done = client.post(_query(aw), {**data, "on": "2028-03-01"})
    assert done.status_code == 302
    lot.refresh_from_db()
    assert (lot.state, lot.pv_reference, lot.destroyed_by) == ("destroyed", "PV-7", aw.world.office)


def test_print_issues_the_destruction_list_and_export_is_a_spreadsheet(client, django_capture_on_commit_callbacks):
    aw = closed_reports("strasbourg")
    publish_results(aw, date(2027, 2, 5))
    client.force_login(aw.world.office)
    with _now(date(2028, 3, 1)):
        client.force_login(aw.world.office)
        client.get(_query(aw))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(_query(aw), {"action": "print", "on": "2028-03-01"})
        export = client.get(reverse("exams:archive_export") + _query(aw)[len(URL):])
    document = Document.objects.get(kind="exams.copy_destruction_list")
    assert response.status_code == 302 and document.status == "issued"
    assert document.context["lots"][0]["rule"] == "STRAS-113" and document.context["copies"] == 3
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet.cell(1, 1).value == "Épreuve" and sheet.cell(2, 10).value == "Destructible"
    assert sheet.cell(2, 12).value == "STRAS-113" and sheet.max_row == 2


def test_lot_detail_edits_custody_and_records_a_litigation(client):
    aw = closed_reports("strasbourg")
    publish_results(aw, date(2027, 2, 5))
    client.force_login(aw.world.office)
    client.get(_query(aw))
    lot = CopyLot.objects.get()
    url = reverse("exams:copy_lot_detail", args=[lot.pk])
    page = client.get(url)
    assert page.status_code == 200 and "INVALID_TEMPLATE_VARIABLE" not in page.content.decode()
    client.post(url, {"action": "custody", "storage_place": "Cave B", "archive_box": "12", "handed_to": ""})
    client.post(url, {"action": "hold", "hold_reason": "Recours contentieux", "ruling_on": ""})
    lot.refresh_from_db()
    assert (lot.storage_place, lot.archive_box, lot.hold_reason) == ("Cave B", "12", "Recours contentieux")
    assert "Contentieux signalé : Recours contentieux" in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["student", "other_office", "anonymous"])
def test_archive_is_hidden_from_everyone_but_the_components_exam_office(client, who):
    aw = closed_reports("strasbourg")
    publish_results(aw, date(2027, 2, 5))
    client.force_login(aw.world.office)
    client.get(_query(aw))
    lot = CopyLot.objects.get()
    client.logout()
    if who == "student":
        client.force_login(aw.world.students[0].user)
    elif who == "other_office":
        client.force_login(exam_office_user(ComponentFactory(institution=aw.session.component.institution)))
    detail = client.get(reverse("exams:copy_lot_detail", args=[lot.pk]))
    listing = client.get(_query(aw))
    post = client.post(_query(aw), {"action": "destroy", "lots": [lot.pk], "on": "2028-03-01", "method": "x",
                                    "pv_reference": "y"})
    export = client.get(reverse("exams:archive_export") + _query(aw)[len(URL):])
    codes = {detail.status_code, listing.status_code, post.status_code, export.status_code}
    assert codes == ({302} if who == "anonymous" else {404})
    lot.refresh_from_db()
    assert lot.state == "kept"


def test_plain_user_without_office_role_gets_404(client):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 404


def test_missing_regulation_profile_is_reported_not_a_server_error(client):
    aw = closed_reports("strasbourg")
    ComponentProfile.objects.filter(component=aw.session.component).delete()
    client.force_login(aw.world.office)
    response = client.get(_query(aw))
    html = response.content.decode()
    assert response.status_code == 200 and "Aucun profil réglementaire" in html
    assert "Aucun lot de copies pour ces critères" in html
