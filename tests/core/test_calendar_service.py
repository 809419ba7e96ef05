"""calendar_for_component / calendar_for_site build the calendar from the database."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.calendar.service import (
    calendar_for_component,
    calendar_for_site,
    deadline_before,
    deadline_date,
    deadline_instant,
)
from core.errors import ApplicationError
from core.models import ClosureDay
from core.models.institutions import ComponentKind
from tests.factories import ComponentFactory, InstitutionFactory, SiteFactory

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture
def strasbourg():
    inst = InstitutionFactory(code="stras")
    main = SiteFactory(institution=inst, code="esplanade", holiday_subdivision="6AE", is_main=True)
    other = SiteFactory(institution=inst, code="paris", holiday_subdivision="")
    ufr = ComponentFactory(institution=inst, site=main, code="ufr-maths")
    dept = ComponentFactory(institution=inst, site=None, parent=ufr, kind=ComponentKind.DEPARTMENT, code="dpt")
    other_ufr = ComponentFactory(institution=inst, site=other, code="ufr-droit")
    return inst, main, other, ufr, dept, other_ufr


def closure(inst, start, end=None, **kw):
    return ClosureDay.objects.create(institution=inst, start=D(start), end=D(end or start), label="Fermeture", **kw)


def test_component_uses_its_site_subdivision(strasbourg):
    _inst, _main, _other, ufr, _dept, other_ufr = strasbourg
    assert calendar_for_component(ufr).subdivision == "6AE"
    assert calendar_for_component(ufr).add(D("2026-04-02"), 1, "ouvres") == D("2026-04-07")
    assert calendar_for_component(other_ufr).subdivision == ""
    assert calendar_for_component(other_ufr).add(D("2026-04-02"), 1, "ouvres") == D("2026-04-03")


def test_department_without_site_inherits_the_parents_site(strasbourg):
    dept = strasbourg[4]
    assert calendar_for_component(dept).subdivision == "6AE"


def test_component_without_any_site_uses_the_main_site(strasbourg):
    inst = strasbourg[0]
    orphan = ComponentFactory(institution=inst, site=None, code="orphan")
    assert calendar_for_component(orphan).subdivision == "6AE"


def test_no_site_at_all_means_metropolitan_france():
    inst = InstitutionFactory(code="nosite")
    comp = ComponentFactory(institution=inst, site=None)
    assert calendar_for_component(comp).subdivision == ""


def test_closures_of_every_enclosing_scope_apply_and_others_do_not(strasbourg, django_assert_max_num_queries):
    inst, main, other, ufr, dept, other_ufr = strasbourg
    closure(inst, "2026-12-21", "2027-01-01")  # whole institution
    closure(inst, "2026-11-02", site=main)
    closure(inst, "2026-11-03", site=other)
    closure(inst, "2026-11-04", component=ufr)
    closure(inst, "2026-11-05", component=dept)
    closure(inst, "2026-11-06", component=other_ufr)

    with django_assert_max_num_queries(6):
        cal = calendar_for_component(dept)
    assert D("2026-12-25") in cal.closures and D("2027-01-01") in cal.closures
    assert {D("2026-11-02"), D("2026-11-04"), D("2026-11-05")} <= cal.closures
    assert D("2026-11-03") not in cal.closures  # another site
    assert D("2026-11-06") not in cal.closures  # another component

    ufr_cal = calendar_for_component(ufr)
    assert D("2026-11-05") not in ufr_cal.closures  # a department's closure does not close its UFR
    assert D("2026-11-04") in ufr_cal.closures

    assert cal.add(D("2026-12-18"), 1, "ouvres") == D("2027-01-04")
    assert cal.add(D("2026-10-30"), 1, "ouvres") == D("2026-11-03")  # 2 Nov closed; 3 Nov only elsewhere
    assert cal.add(D("2026-11-03"), 1, "ouvres") == D("2026-11-06")  # 4 (UFR) and 5 (dept) closed

    site_cal = calendar_for_site(other)
    assert site_cal.subdivision == ""
    assert D("2026-11-03") in site_cal.closures and D("2026-12-21") in site_cal.closures
    assert D("2026-11-02") not in site_cal.closures and D("2026-11-06") not in site_cal.closures


def test_unknown_subdivision_in_the_database_is_a_clear_error():
    site = SiteFactory(holiday_subdivision="99")
    with pytest.raises(ApplicationError) as exc:
        calendar_for_site(site)
    assert exc.value.code == "calendar.unknown_subdivision"
    assert list(exc.value.fields) == ["holiday_subdivision"]


def test_deadline_helpers(strasbourg):
    ufr = strasbourg[3]
    paris = ZoneInfo("Europe/Paris")
    assert deadline_date(ufr, D("2026-12-24"), 1, "ouvrables") == D("2026-12-28")  # Alsace 26 Dec
    assert deadline_before(ufr, D("2026-04-07"), 1, "ouvres") == D("2026-04-02")
    end = deadline_instant(ufr, D("2026-03-10"), {"value": 10, "day_kind": "calendar"})
    assert end == datetime(2026, 3, 20, 23, 59, 59, tzinfo=paris)
    start = datetime(2026, 5, 15, 10, 0, tzinfo=paris)
    assert deadline_instant(ufr, start, {"value": 48, "unit": "hours"}) == datetime(2026, 5, 17, 10, 0, tzinfo=paris)
