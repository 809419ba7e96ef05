"""Publication workflow, freeze and exceptional amendment (services, DB)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from core.calendar.working import PARIS
from core.errors import ApplicationError, TransitionNotAllowed
from core.models import Deadline
from courses.models import RCUE, M3CSnapshot
from courses.services.amendment import m3c_amend
from courses.services.structure import module_update, ue_create
from courses.services.workflow import m3c_approve, m3c_publish, m3c_validate
from tests.courses.factories import YEAR, build_year, component_with_preset, with_calendar

pytestmark = pytest.mark.django_db


def _published(preset: str = "tours"):  # type: ignore[no-untyped-def]
    component = component_with_preset(preset)
    with_calendar(component)
    built = build_year(component)
    m3c_approve(actor=None, version=built.version, council="CFVU", council_date=date(2026, 9, 10))
    m3c_publish(actor=None, version=built.version, at=datetime(2026, 9, 20, 10, tzinfo=PARIS))
    built.version.refresh_from_db()
    return built


def test_build_year_is_valid_and_pairs_rcues():
    component = component_with_preset("iut-rsy")
    built = build_year(component, competences=3)
    assert m3c_validate(built.version) == []
    pairs = {(r.ue_odd.code, r.ue_even.code) for r in RCUE.objects.filter(study_year__programme_version=built.version)}
    assert pairs == {("UE1.1", "UE2.1"), ("UE1.2", "UE2.2"), ("UE1.3", "UE2.3")}
    assert built.modules["R1.01"].ue_links.count() == 3


def test_publication_deadline_opened_then_met():
    component = component_with_preset("tours")
    built = build_year(component)
    deadline = Deadline.objects.get(key=f"courses.m3c_publication.{built.version.pk}")
    # Tours: 'fin du premier mois' = start + 1 month - 1 day (teaching starts 1 Sept 2026).
    assert deadline.due_at.astimezone(PARIS).date() == date(2026, 9, 30)
    assert deadline.rule_id == "TOURS-II-m3c-deadline"
    m3c_approve(actor=None, version=built.version, council="CFVU", council_date=date(2026, 9, 10))
    m3c_publish(actor=None, version=built.version, at=datetime(2026, 9, 20, 10, tzinfo=PARIS))
    deadline.refresh_from_db()
    assert deadline.state == "met"


def test_utc_deadline_is_one_month_after():
    built = build_year(component_with_preset("utc"))
    deadline = Deadline.objects.get(key=f"courses.m3c_publication.{built.version.pk}")
    assert deadline.due_at.astimezone(PARIS).date() == date(2026, 10, 1)
    assert deadline.rule_id == "UTC-1.01-arrete"


def test_publish_requires_approval_and_approval_requires_valid_m3c():
    component = component_with_preset("tours")
    built = build_year(component)
    with pytest.raises(TransitionNotAllowed) as exc:
        m3c_publish(actor=None, version=built.version)
    assert exc.value.code == "courses.transition_not_allowed"
    module_update(actor=None, module=built.modules["R1.01"], min_assessments_exception="")
    comp = built.modules["R1.01"].components.get(code="E2")
    comp.weight_percent = Decimal("50")
    comp.save()
    with pytest.raises(ApplicationError) as exc:
        m3c_approve(actor=None, version=built.version, council="CFVU", council_date=date(2026, 9, 10))
    assert exc.value.code == "courses.m3c_invalid"
    assert "UTC-1.01-m3c-content" in exc.value.fields["__all__"][0]


def test_published_snapshot_kept_with_document():
    built = _published()
    snap = M3CSnapshot.objects.get(programme_version=built.version)
    assert snap.revision == 1 and snap.kind == "publication"
    assert snap.data["years"][0]["semesters"][0]["modules"][0]["code"] == "R1.01"
    assert snap.document is not None and snap.document.kind == "courses.m3c"


def test_edit_after_publication_refused_with_rule():
    built = _published()
    with pytest.raises(ApplicationError) as exc:
        module_update(actor=None, module=built.modules["R1.01"], title="Nouveau titre")
    assert exc.value.code == "courses.m3c_frozen"
    assert exc.value.rule_id == "TOURS-II-m3c-freeze"
    with pytest.raises(ApplicationError) as exc:
        ue_create(actor=None, semester=built.semesters[0], code="UEX", title="X", ects=Decimal(3))
    assert exc.value.rule_id == "TOURS-II-m3c-freeze"


def test_strasbourg_freeze_cites_stras_6_and_refuses_amendment():
    built = _published("strasbourg")
    with pytest.raises(ApplicationError) as exc:
        module_update(actor=None, module=built.modules["R1.01"], title="X")
    assert exc.value.rule_id == "STRAS-6"
    comp = built.modules["R2.01"].components.get(code="E1")
    with pytest.raises(ApplicationError) as exc:
        m3c_amend(actor=None, module=built.modules["R2.01"], reason="r", council="CA", council_date=date(2027, 1, 5),
                  component_changes={comp.pk: {"type": "oral"}}, at=datetime(2027, 1, 6, 9, tzinfo=PARIS))
    assert exc.value.code == "courses.amendment_not_allowed"


@pytest.mark.parametrize(
    ("today", "allowed"),
    [
        (date(2027, 3, 28), True),   # exam 12 April 2027: latest = 28 March (E - 15 days)
        (date(2027, 3, 29), False),  # one day too late
    ],
)
def test_amendment_lead_time(today, allowed):
    built = _published("tours")
    module = built.modules["R2.01"]
    comp = module.components.get(code="E1")
    kwargs = {"actor": None, "module": module, "reason": "Crise sanitaire", "council": "CFVU", "council_date": date(2027, 3, 1),
                  "component_changes": {comp.pk: {"type": "oral", "is_continuous": False}},
                  "at": datetime(today.year, today.month, today.day, 9, tzinfo=PARIS)}
    if not allowed:
        with pytest.raises(ApplicationError) as exc:
            m3c_amend(**kwargs)
        assert exc.value.code == "courses.amendment_too_late"
        assert exc.value.rule_id == "TOURS-II-exceptional"
        comp.refresh_from_db()
        assert comp.type == "written"
        return
    amendment = m3c_amend(**kwargs)
    comp.refresh_from_db()
    assert comp.type == "oral"
    assert amendment.first_affected_exam == date(2027, 4, 12)
    built.version.refresh_from_db()
    assert built.version.revision == 2
    assert M3CSnapshot.objects.filter(programme_version=built.version).count() == 2
    assert built.version.academic_year == YEAR


def test_freeze_ended_years_only():
    from courses.services.workflow import m3c_freeze_ended

    built = _published()
    assert m3c_freeze_ended(today=date(2027, 6, 30)) == 0  # S2 ends on 30 June: still running
    assert m3c_freeze_ended(today=date(2027, 7, 1)) == 1
    built.version.refresh_from_db()
    assert built.version.state == "frozen" and built.version.frozen_at is not None
    assert m3c_freeze_ended(today=date(2027, 7, 2)) == 0
    comp = built.modules["R2.01"].components.get(code="E1")
    with pytest.raises(ApplicationError) as exc:
        m3c_amend(actor=None, module=built.modules["R2.01"], reason="r", council="CFVU", council_date=date(2027, 7, 1),
                  component_changes={comp.pk: {"type": "oral"}}, at=datetime(2027, 7, 2, 9, tzinfo=PARIS))
    assert exc.value.code == "courses.amendment_not_published"
