"""Copy lots: lazy opening, retention dates from the results publication and the profile, litigation
holds, all-or-nothing transfer and destruction (UTC-5.03a-retention, STRAS-113)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from core.calendar.working import PARIS
from core.errors import ApplicationError, PermissionDenied, TransitionNotAllowed
from core.models import AuditEvent
from exams.models import CopyLot, CopyLotState, ExamReport
from exams.selectors_archive import copy_lot_rows, filter_rows, status_counts
from exams.services import (
    copy_lot_for_report,
    copy_lot_hold,
    copy_lot_update,
    copy_lots_destroy,
    copy_lots_ensure,
    copy_lots_transfer,
)
from tests.exams.office.factories import exam_office_user
from tests.factories import ComponentFactory

from .factories import closed_reports, consultation, contest, publish_results

pytestmark = pytest.mark.django_db


def _rows(aw, on):  # type: ignore[no-untyped-def]
    copy_lots_ensure(component=aw.session.component, academic_year=2026)
    return copy_lot_rows(component=aw.session.component, academic_year=2026, on=on)


def _travel(day: date):  # type: ignore[no-untyped-def]
    return time_machine.travel(datetime(day.year, day.month, day.day, 15, tzinfo=PARIS), tick=False)


def test_lots_open_lazily_for_closed_reports_only_and_once():
    aw = closed_reports(rooms=("A101", "B12"))
    ExamReport.objects.filter(pk=aw.reports[1].pk).update(closed_at=None)
    assert copy_lots_ensure(component=aw.session.component, academic_year=2026) == 1
    assert copy_lots_ensure(component=aw.session.component, academic_year=2026) == 0
    lot = CopyLot.objects.get()
    assert lot.report == aw.reports[0] and lot.copies == 3 and lot.state == CopyLotState.KEPT
    assert AuditEvent.objects.filter(action="exams.copy_lot_opened").count() == 1
    assert copy_lots_ensure(component=aw.session.component, academic_year=2027) == 0
    with pytest.raises(ApplicationError) as exc:
        copy_lot_for_report(ExamReport.objects.get(pk=aw.reports[1].pk))
    assert exc.value.code == "exams.report_not_closed"


def test_strasbourg_lot_is_destructible_the_day_after_one_year_from_the_definitive_publication():
    aw = closed_reports("strasbourg")
    [row] = _rows(aw, date(2028, 1, 1))
    assert row.status == "awaiting_results" and row.published_on is None
    publish_results(aw, date(2027, 1, 20), final=False)  # provisional: not the anchor
    assert _rows(aw, date(2028, 3, 1))[0].status == "awaiting_results"
    publish_results(aw, date(2027, 2, 5))
    [row] = _rows(aw, date(2028, 2, 5))
    assert row.published_on == date(2027, 2, 5) and row.status == "kept"
    assert row.decision.rule_id == "STRAS-113" and row.decision.keep_until == date(2028, 2, 5)
    assert row.action_from == date(2028, 2, 6)
    assert _rows(aw, date(2028, 2, 6))[0].status == "destructible"
    publish_results(aw, date(2027, 3, 1))  # republished after a correction: the later date counts
    assert _rows(aw, date(2028, 2, 6))[0].action_from == date(2028, 3, 2)


def test_open_contestation_or_consultation_holds_the_module_copies_until_the_ruling():
    aw = closed_reports("strasbourg")
    publish_results(aw, date(2027, 2, 5))
    contestation = contest(aw)
    [row] = _rows(aw, date(2030, 1, 1))
    assert row.status == "held" and "contestation" in row.reasons[0]
    contestation.state, contestation.answered_at = "rejected", datetime(2028, 5, 4, 10, tzinfo=PARIS)
    contestation.save()
    [row] = _rows(aw, date(2028, 5, 4))
    assert row.status == "kept" and row.decision.keep_until == date(2028, 5, 4) and row.reasons == ()
    assert _rows(aw, date(2028, 5, 5))[0].status == "destructible"
    consultation(aw, index=1)
    [row] = _rows(aw, date(2030, 1, 1))
    assert row.status == "held" and "consultation" in row.reasons[0]


def test_recorded_litigation_holds_the_lot_and_its_ruling_extends_the_date():
    aw = closed_reports("strasbourg")
    publish_results(aw, date(2027, 2, 5))
    lot = CopyLot.objects.get(pk=_rows(aw, date(2028, 3, 1))[0].lot.pk)
    with pytest.raises(ApplicationError) as exc:
        copy_lot_hold(actor=aw.world.office, lot=lot, reason=" ")
    assert exc.value.rule_id == "STRAS-113" and "hold_reason" in exc.value.fields
    lot = copy_lot_hold(actor=aw.world.office, lot=lot, reason="Recours au tribunal administratif")
    [row] = _rows(aw, date(2030, 1, 1))
    assert row.status == "held" and "tribunal" in row.reasons[0]
    copy_lot_hold(actor=aw.world.office, lot=lot, reason="Recours au tribunal administratif", ruling_on=date(2029, 1, 10))
    [row] = _rows(aw, date(2029, 1, 10))
    assert row.status == "kept" and row.action_from == date(2029, 1, 11)
    assert AuditEvent.objects.filter(action="exams.copy_lot_held", rule_id="STRAS-113").count() == 2


def test_destruction_is_all_or_nothing_and_recorded_with_its_pv():
    aw = closed_reports("strasbourg", rooms=("A101", "B12"))
    publish_results(aw, date(2027, 2, 5))
    lots = [r.lot for r in _rows(aw, date(2028, 3, 1))]
    copy_lot_hold(actor=aw.world.office, lot=lots[1], reason="Procédure disciplinaire (fraude)")
    ids = [lot.pk for lot in lots]
    with _travel(date(2028, 3, 1)):
        with pytest.raises(ApplicationError) as exc:
            copy_lots_destroy(actor=aw.world.office, component=aw.session.component, academic_year=2026,
                              lot_ids=ids, on=date(2028, 3, 1), method="Broyage", pv_reference="PV-2028-01")
        assert exc.value.code == "exams.copy_lot_not_destructible" and exc.value.rule_id == "STRAS-113"
        assert len(exc.value.fields["lots"]) == 1 and "fraude" in exc.value.fields["lots"][0]
        assert not CopyLot.objects.filter(state=CopyLotState.DESTROYED).exists()
        with pytest.raises(ApplicationError) as early:
            copy_lots_destroy(actor=aw.world.office, component=aw.session.component, academic_year=2026,
                              lot_ids=ids[:1], on=date(2028, 2, 5), method="Broyage", pv_reference="PV-2028-01")
        assert "06/02/2028" in early.value.fields["lots"][0] and "STRAS-113" in early.value.fields["lots"][0]
        with pytest.raises(ApplicationError) as missing:
            copy_lots_destroy(actor=aw.world.office, component=aw.session.component, academic_year=2026,
                              lot_ids=ids[:1], on=date(2028, 3, 1), method="Broyage", pv_reference="")
        assert set(missing.value.fields) == {"pv_reference"}
        with pytest.raises(ApplicationError) as future:
            copy_lots_destroy(actor=aw.world.office, component=aw.session.component, academic_year=2026,
                              lot_ids=ids[:1], on=date(2028, 3, 2), method="Broyage", pv_reference="PV-2028-01")
        assert future.value.code == "exams.copy_lot_future_date"
        done = copy_lots_destroy(actor=aw.world.office, component=aw.session.component, academic_year=2026,
                                 lot_ids=ids[:1], on=date(2028, 3, 1), method="Broyage", pv_reference="PV-2028-01")
        assert [lot.pk for lot in done] == ids[:1]
        with pytest.raises(ApplicationError) as again:
            copy_lots_destroy(actor=aw.world.office, component=aw.session.component, academic_year=2026,
                              lot_ids=ids[:1], on=date(2028, 3, 1), method="Broyage", pv_reference="PV-2028-02")
        assert "Détruit" in again.value.fields["lots"][0]
    lot = CopyLot.objects.get(pk=ids[0])
    assert (lot.state, lot.destroyed_on, lot.destroyed_by, lot.pv_reference) == (
        "destroyed", date(2028, 3, 1), aw.world.office, "PV-2028-01")
    event = AuditEvent.objects.get(action="exams.copy_lot_destroyed")
    assert event.rule_id == "STRAS-113" and event.after["state"] == "destroyed" and event.before["state"] == "kept"
    rows = _rows(aw, date(2028, 3, 1))
    assert [(s, n, c) for s, _label, n, c in status_counts(rows)] == [("held", 1, 3), ("destroyed", 1, 3)]
    with pytest.raises(ApplicationError):
        copy_lot_update(actor=aw.world.office, lot=lot, storage_place="Cave", archive_box="", handed_to="")


def test_utc_lots_are_transferred_to_the_archives_never_destroyed_by_cursus():
    aw = closed_reports("utc")
    publish_results(aw, date(2027, 2, 5))
    [row] = _rows(aw, date(2028, 2, 5))
    assert row.status == "transferable" and row.decision.rule_id == "UTC-5.03a-retention"
    with _travel(date(2028, 2, 10)):
        with pytest.raises(ApplicationError) as exc:
            copy_lots_destroy(actor=aw.world.office, component=aw.session.component, academic_year=2026,
                              lot_ids=[row.lot.pk], on=date(2028, 2, 10), method="Broyage", pv_reference="PV-1")
        assert exc.value.rule_id == "UTC-5.03a-retention"
        with pytest.raises(ApplicationError) as early:
            copy_lots_transfer(actor=aw.world.office, component=aw.session.component, academic_year=2026,
                               lot_ids=[row.lot.pk], on=date(2028, 2, 4), handed_to="Archives UTC")
        assert early.value.code == "exams.copy_lot_not_transferable"
        copy_lots_transfer(actor=aw.world.office, component=aw.session.component, academic_year=2026,
                           lot_ids=[row.lot.pk], on=date(2028, 2, 10), handed_to="Archives UTC")
    lot = CopyLot.objects.get(pk=row.lot.pk)
    assert (lot.state, lot.transferred_on, lot.handed_to) == ("transferred", date(2028, 2, 10), "Archives UTC")
    with pytest.raises(TransitionNotAllowed):
        copy_lot_hold(actor=aw.world.office, lot=lot, reason="Recours")


def test_profile_without_retention_rule_keeps_copies_indefinitely():
    aw = closed_reports("tours")
    publish_results(aw, date(2027, 2, 5))
    [row] = _rows(aw, date(2040, 1, 1))
    assert row.status == "kept_indefinitely" and row.action_from is None and row.decision.rule_id == ""
    assert filter_rows([row], until=date(2040, 1, 1)) == []


def test_only_the_components_exam_office_manages_its_archive():
    aw = closed_reports("strasbourg")
    publish_results(aw, date(2027, 2, 5))
    [row] = _rows(aw, date(2028, 3, 1))
    stranger = exam_office_user(ComponentFactory(institution=aw.session.component.institution))
    with pytest.raises(PermissionDenied):
        copy_lot_update(actor=stranger, lot=row.lot, storage_place="Cave", archive_box="B1", handed_to="")
    with _travel(date(2028, 3, 1)), pytest.raises(PermissionDenied):
        copy_lots_destroy(actor=stranger, component=aw.session.component, academic_year=2026, lot_ids=[row.lot.pk],
                          on=date(2028, 3, 1), method="Broyage", pv_reference="PV-1")
    lot = copy_lot_update(actor=aw.world.office, lot=row.lot, storage_place="Cave", archive_box="B1",
                          handed_to="Responsable du module")
    assert (lot.storage_place, lot.archive_box) == ("Cave", "B1")
    assert AuditEvent.objects.get(action="exams.copy_lot_updated").after["archive_box"] == "B1"
