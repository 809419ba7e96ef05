"""Recording bonus inputs: profile caps (RSY-A7.2C-cap, RSY-A7.1-sport-eligibility,
RSY-A7.2A-activities), all-or-nothing, audit, recompute; the registration hook."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.errors import ApplicationError, PermissionDenied
from core.models import AuditEvent, Role
from juries.engine_types import StudentInput
from juries.models import BonusEntry, SemesterResult
from juries.rules.bonus_inputs import BonusLimits, bonus_problems, parse_value
from juries.services.bonuses import BonusInput, bonus_record, bonuses_save

from .factories import ALL_EIGHT, reregister, staff_of, two_years

pytestmark = pytest.mark.django_db

RSY = BonusLimits(sport_max=Decimal("0.5"), engagement_per_type_max=Decimal("0.5"),
                  engagement_types=("service_civique", "benevolat_associatif"))
NONE = BonusLimits(sport_max=None, engagement_per_type_max=None, engagement_types=())


@pytest.mark.parametrize(("kind", "etype", "raw", "limits", "expected"), [
    ("sport", "", "20", RSY, []),
    ("sport", "", "0", RSY, []),
    ("sport", "", "12.5", RSY, [("value", "RSY-A7.1-sport-eligibility")]),
    ("sport", "", "-1", RSY, [("value", "RSY-A7.1-sport-eligibility")]),
    ("sport", "", "101", RSY, [("value", "RSY-A7.1-sport-eligibility")]),
    ("sport", "", "20", NONE, [("kind", "RSY-A7.1-sport-bonus")]),
    ("engagement", "service_civique", "0.5", RSY, []),
    ("engagement", "service_civique", "0,25", RSY, []),
    ("engagement", "service_civique", "0.75", RSY, [("value", "RSY-A7.2C-cap")]),
    ("engagement", "service_civique", "abc", RSY, [("value", "RSY-A7.2C-cap")]),
    ("engagement", "parti_politique", "0.5", RSY, [("engagement_type", "RSY-A7.2A-activities")]),
    ("engagement", "service_civique", "0.5", NONE, [("kind", "RSY-A7.2C-cap")]),
    ("chess", "", "1", RSY, [("kind", "RSY-A7.2C-cap")]),
])
def test_bonus_problems(kind, etype, raw, limits, expected):
    problems = bonus_problems(kind, etype, parse_value(raw), limits)
    assert [(p.field, p.rule) for p in problems] == expected


@pytest.mark.parametrize(("raw", "value"), [("0,5", Decimal("0.5")), (" 12 ", Decimal(12)), ("0.125", None),
                                            ("x", None), ("nan", None)])
def test_parse_value(raw, value):
    assert parse_value(raw) == value


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    ty = two_years([StudentInput(id="a", marks=ALL_EIGHT), StudentInput(id="b", marks=ALL_EIGHT)])
    a, b = ty.last.users["a"], ty.last.users["b"]
    reregister(ty, a, ALL_EIGHT)
    reregister(ty, b, ALL_EIGHT)
    return ty, a, b, staff_of(ty.component)


def test_record_audits_and_recomputes(world, django_capture_on_commit_callbacks):
    ty, a, _b, secretary = world
    with django_capture_on_commit_callbacks(execute=True):
        entry = bonus_record(actor=secretary, study_year=ty.study_year, student=a, kind="engagement",
                             engagement_type="service_civique", value="0.5", evidence="Contrat de service civique")
    assert entry is not None and entry.value == Decimal("0.5") and entry.recorded_by == secretary
    assert entry.academic_year == ty.this.version.academic_year
    assert AuditEvent.objects.filter(action="juries.bonus_recorded", rule_id="RSY-A7.2C-cap").count() == 1
    s1 = SemesterResult.objects.get(student=a, semester=ty.this.semesters["S1"], is_current=True)
    assert {u["bonus"] for u in s1.payload["semester"]["ues"]} == {"0.50"}  # recomputed on commit
    # the same value again: nothing written, nothing audited
    bonus_record(actor=secretary, study_year=ty.study_year, student=a, kind="engagement",
                 engagement_type="service_civique", value="0.50", evidence="Contrat de service civique")
    assert AuditEvent.objects.filter(action="juries.bonus_recorded").count() == 1
    # empty value: removed, audited
    assert bonus_record(actor=secretary, study_year=ty.study_year, student=a, kind="engagement",
                        engagement_type="service_civique", value="") is None
    assert not BonusEntry.objects.exists()
    assert AuditEvent.objects.filter(action="juries.bonus_removed").count() == 1


def test_over_the_cap_names_field_and_rule_and_writes_nothing(world):
    ty, a, b, secretary = world
    with pytest.raises(ApplicationError) as exc:
        bonuses_save(actor=secretary, study_year=ty.study_year, entries=[
            BonusInput(a.pk, "sport", "", "20"),
            BonusInput(b.pk, "engagement", "service_civique", "0.8"),
        ])
    assert exc.value.code == "juries.bonus_invalid" and exc.value.rule_id == "RSY-A7.2C-cap"
    assert list(exc.value.fields) == [f"value-engagement-service_civique-{b.pk}"]
    assert "RSY-A7.2C-cap" in exc.value.fields[f"value-engagement-service_civique-{b.pk}"][0]
    assert not BonusEntry.objects.exists()  # all or nothing: a's valid sport entry was not kept


def test_unknown_type_and_unregistered_student_are_refused(world):
    ty, a, _b, secretary = world
    outsider = staff_of(ty.component, Role.TEACHER)
    with pytest.raises(ApplicationError) as exc:
        bonuses_save(actor=secretary, study_year=ty.study_year, entries=[
            BonusInput(a.pk, "engagement", "parti_politique", "0.5"), BonusInput(outsider.pk, "sport", "", "3")])
    assert exc.value.fields.keys() == {f"engagement_type-engagement-parti_politique-{a.pk}", f"student-{outsider.pk}"}
    assert exc.value.rule_id == "RSY-A7.2A-activities"


def test_profile_without_bonus_refuses_sport():
    ty = two_years([StudentInput(id="a", marks=ALL_EIGHT)], preset="tours")
    reregister(ty, ty.last.users["a"], ALL_EIGHT)
    with pytest.raises(ApplicationError) as exc:
        bonus_record(actor=None, study_year=ty.study_year, student=ty.last.users["a"], kind="sport", value="20")
    assert exc.value.rule_id == "RSY-A7.1-sport-bonus" and list(exc.value.fields) == [
        f"kind-sport-sessions-{ty.last.users['a'].pk}"]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.JURY_MEMBER, Role.STUDENT])
def test_other_roles_cannot_record(world, role):
    ty, a, _b, _secretary = world
    with pytest.raises(PermissionDenied):
        bonus_record(actor=staff_of(ty.component, role), study_year=ty.study_year, student=a, kind="sport",
                     value="20")
    with pytest.raises(PermissionDenied):
        bonus_record(actor=a, study_year=ty.study_year, student=a, kind="sport", value="20")


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.PROGRAMME_HEAD, Role.JURY_PRESIDENT])
def test_allowed_roles_record(world, role):
    ty, a, _b, _secretary = world
    assert bonus_record(actor=staff_of(ty.component, role), study_year=ty.study_year, student=a, kind="sport",
                        value="20") is not None


@pytest.mark.parametrize("which", ["last", "this"])
def test_registration_change_recomputes_this_and_later_years(which, django_capture_on_commit_callbacks, monkeypatch):
    """A change to last year's registration touches this year's history too (repeats, capitalised UEs)."""
    from juries.results import services

    ty = two_years([StudentInput(id="a", marks=ALL_EIGHT)])
    reg = reregister(ty, ty.last.users["a"], ALL_EIGHT)
    queued: list[list[int]] = []
    monkeypatch.setattr("juries.tasks.results_recompute.delay", lambda ids: queued.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        services.results_registration_changed(registration_id=reg.pk)
    assert queued == []  # this year's results were never computed: nothing to update
    services.results_compute(semester_ids=ty.sem_ids())
    monkeypatch.setattr("juries.tasks.results_recompute.delay", lambda ids: queued.append(ids))
    if which == "last":
        changed = reg.student.registrations.get(academic_year=ty.last.version.academic_year)
        expected = sorted(ty.sem_ids(ty.last) + ty.sem_ids())
    else:
        changed, expected = reg, sorted(ty.sem_ids())
    services.results_registration_changed(registration_id=10**9)  # gone: nothing
    with django_capture_on_commit_callbacks(execute=True):
        services.results_registration_changed(registration_id=changed.pk)
    assert queued == [expected]
