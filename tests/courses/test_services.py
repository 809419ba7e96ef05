"""Structure, calendar and team services (DB)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.calendar.service import calendar_for_component
from core.errors import ApplicationError
from core.models import AuditEvent, ClosureDay, Deadline
from courses.models import ModuleUE
from courses.selectors import module_team
from courses.services import module_team_set
from courses.services.calendar import (
    academic_calendar_get_or_create,
    calendar_fix,
    calendar_period_add,
    calendar_period_delete,
)
from courses.services.structure import module_coefficients_set, module_create, programme_version_create
from tests.courses.factories import YEAR, build_year, component_with_preset
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_holidays_become_closure_days_counted_by_the_calendar_service():
    component = component_with_preset("tours")
    cal = academic_calendar_get_or_create(actor=None, component=component, academic_year=YEAR)
    period = calendar_period_add(actor=None, calendar=cal, kind="holiday", start=date(2026, 10, 26),
                                 end=date(2026, 10, 30), label="Toussaint")
    assert ClosureDay.objects.filter(component=component, label="Toussaint").count() == 1
    assert calendar_for_component(component).is_closed(date(2026, 10, 27))
    calendar_period_delete(actor=None, period=period)
    assert not ClosureDay.objects.filter(label="Toussaint").exists()


def test_fixed_calendar_refuses_changes():
    component = component_with_preset("utc")
    cal = academic_calendar_get_or_create(actor=None, component=component, academic_year=YEAR)
    calendar_fix(actor=None, calendar=cal)
    with pytest.raises(ApplicationError) as exc:
        calendar_period_add(actor=None, calendar=cal, kind="final_exams", start=date(2027, 1, 11),
                            end=date(2027, 1, 15))
    assert exc.value.rule_id == "UTC-2.01-calendar-deadline"


def test_deadline_opened_when_calendar_set_for_a_version_without_semester_dates():
    component = component_with_preset("strasbourg")
    from courses.services.structure import programme_create

    programme = programme_create(actor=None, component=component, diploma_type="MASTER", code="m1", title="M1")
    version = programme_version_create(actor=None, programme=programme, academic_year=YEAR)
    assert not Deadline.objects.filter(kind="courses.m3c_publication").exists()
    cal = academic_calendar_get_or_create(actor=None, component=component, academic_year=YEAR)
    calendar_period_add(actor=None, calendar=cal, kind="teaching", start=date(2026, 9, 7), end=date(2026, 12, 18))
    deadline = Deadline.objects.get(key=f"courses.m3c_publication.{version.pk}")
    assert deadline.rule_id == "STRAS-1"
    assert deadline.due_at.date() == date(2026, 10, 6)  # start + 1 month - 1 day


def test_version_defaults_from_profile():
    built = build_year(component_with_preset("tours"))
    assert built.version.compensation_between_semesters is True
    built_utc = build_year(component_with_preset("utc"), code="gi")
    assert built_utc.version.compensation_between_semesters is False
    assert built_utc.version.validation_threshold == Decimal(10)


def test_module_coefficients_only_in_own_semester():
    built = build_year(component_with_preset("tours"))
    module = built.modules["R1.01"]
    with pytest.raises(ApplicationError) as exc:
        module_coefficients_set(actor=None, module=module, coefficients={built.ues["UE2.1"]: Decimal(2)})
    assert exc.value.code == "courses.ue_other_semester"
    module_coefficients_set(actor=None, module=module, coefficients={built.ues["UE1.1"]: Decimal(5),
                                                                     built.ues["UE1.2"]: None})
    assert list(ModuleUE.objects.filter(module=module).values_list("ue__code", "coefficient")) == [
        ("UE1.1", Decimal("5.00"))]


def test_module_created_with_second_session_default_and_duplicate_code_refused():
    built = build_year(component_with_preset("tours"))
    with pytest.raises(ApplicationError) as exc:
        module_create(actor=None, semester=built.semesters[0], code="R1.01", title="Doublon")
    assert exc.value.code in ("courses.invalid", "courses.duplicate")


def test_module_team_set_requires_a_coordinator_and_is_audited():
    built = build_year(component_with_preset("iut-arl"))
    module = built.modules["R1.01"]
    teacher, head, vac = UserFactory(), UserFactory(), UserFactory()
    with pytest.raises(ApplicationError) as exc:
        module_team_set(actor=None, module=module, head=None, teachers=[teacher])
    assert exc.value.rule_id == "ARL-ES11.4-coordinator"
    module_team_set(actor=None, module=module, head=head, teachers=[teacher, head], vacataires=[vac])
    team = module_team(module)
    assert (team["module_head"], team["teacher"], team["vacataire"]) == ([head], [teacher], [vac])
    module_team_set(actor=None, module=module, head=teacher)
    team = module_team(module)
    assert (team["module_head"], team["teacher"], team["vacataire"]) == ([teacher], [], [])
    assert AuditEvent.objects.filter(action="courses.module_team_set").count() == 2
