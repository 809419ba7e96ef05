"""Regulation profiles: create from a preset, edit with history, copy, assign, read."""

from __future__ import annotations

import pytest

from core.errors import ApplicationError
from core.models import AuditEvent, ComponentProfile, ProfileRevision, RegulationProfile
from core.models.institutions import ComponentKind
from core.profiles import selectors
from core.profiles.registry import PRESETS, all_params, preset_values
from core.profiles.selectors import param_value, profile_for, profile_value
from core.profiles.services import (
    profile_assign,
    profile_copy_to_year,
    profile_create_from_preset,
    profile_update,
)
from tests.factories import ComponentFactory, InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(email="admin@univ.test")


@pytest.fixture
def rsy(admin):
    inst = InstitutionFactory(code="rsy")
    return profile_create_from_preset(actor=admin, institution=inst, preset="iut-rsy", academic_year=2026)


@pytest.mark.parametrize("preset", PRESETS)
def test_create_fills_every_registered_parameter_from_the_preset(admin, preset):
    inst = InstitutionFactory()
    profile = profile_create_from_preset(actor=admin, institution=inst, preset=preset, academic_year=2026)
    assert set(profile.params) == {p.key for p in all_params()}
    assert profile.params["discipline.sanctions"] == preset_values(preset)["discipline.sanctions"]
    assert profile.revision == 1
    assert AuditEvent.objects.filter(action="profile.create", object_id=profile.pk).count() == 1


def test_create_refuses_unknown_preset_and_duplicates(admin):
    inst = InstitutionFactory()
    with pytest.raises(ApplicationError) as exc:
        profile_create_from_preset(actor=admin, institution=inst, preset="sorbonne", academic_year=2026)
    assert exc.value.code == "profiles.unknown_preset"
    assert "preset" in exc.value.fields
    profile_create_from_preset(actor=admin, institution=inst, preset="utc", academic_year=2026)
    with pytest.raises(ApplicationError) as exc:
        profile_create_from_preset(actor=admin, institution=inst, preset="utc", academic_year=2026)
    assert exc.value.code == "profiles.already_exists"
    with pytest.raises(ApplicationError) as exc:
        profile_create_from_preset(actor=admin, institution=inst, preset="utc", academic_year=26)
    assert exc.value.fields == {"academic_year": [exc.value.fields["academic_year"][0]]}
    assert RegulationProfile.objects.filter(institution=inst).count() == 1


def test_update_records_a_revision_and_an_audit_row(admin, rsy):
    new = {"count": 4, "max_exclusion_years": 5}
    profile_update(actor=admin, profile=rsy, changes={"discipline.sanctions": new}, reason="Vote du CA")
    rsy.refresh_from_db()
    assert rsy.revision == 2
    assert rsy.params["discipline.sanctions"] == new
    revision = ProfileRevision.objects.get(profile=rsy)
    assert revision.revision == 2
    assert revision.reason == "Vote du CA"
    assert revision.actor == admin
    assert revision.changes == {
        "discipline.sanctions": {"before": {"count": 4, "max_exclusion_years": None}, "after": new}
    }
    event = AuditEvent.objects.get(action="profile.update")
    assert event.after == {"discipline.sanctions": new}
    assert event.rule_id == "UTC-4.04-sanctions"


def test_update_with_no_actual_change_writes_nothing(admin, rsy):
    same = rsy.params["discipline.sanctions"]
    profile_update(actor=admin, profile=rsy, changes={"discipline.sanctions": same}, reason="rien")
    rsy.refresh_from_db()
    assert rsy.revision == 1
    assert not ProfileRevision.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"discipline.sanctions": {"count": 42}}, "discipline.sanctions", "UTC-4.04-sanctions"),
        ({"absences.justification_deadline": {"value": 48, "day_kind": "fortnights"}},
         "absences.justification_deadline", "UTC-3.01e-reserve-request"),
        ({"internships.defense_rules": {"min_jury": 2, "colour": "red"}}, "internships.defense_rules",
         "ARL-ES16.6-jury-internship"),
        ({"core.deadline_reminder_days": [7, 400]}, "core.deadline_reminder_days", ""),
        ({"nope.unknown": 1}, "nope.unknown", ""),
    ],
)
def test_invalid_value_names_field_and_rule_and_writes_nothing(admin, rsy, changes, field, rule):
    before = dict(rsy.params)
    valid_first = {"discipline.zero_grade_policy": {"jury_zero_for_fraud": True}}
    with pytest.raises(ApplicationError) as exc:
        profile_update(actor=admin, profile=rsy, changes={**valid_first, **changes}, reason="test")
    assert field in exc.value.fields
    assert exc.value.rule_id == rule
    rsy.refresh_from_db()
    assert rsy.params == before
    assert rsy.revision == 1
    assert not ProfileRevision.objects.exists()
    assert not AuditEvent.objects.filter(action="profile.update").exists()


def test_update_requires_a_reason(admin, rsy):
    with pytest.raises(ApplicationError) as exc:
        profile_update(actor=admin, profile=rsy, changes={"discipline.sanctions": {"count": 3}}, reason="  ")
    assert "reason" in exc.value.fields


def test_copy_to_next_year_keeps_local_edits(admin, rsy):
    profile_update(actor=admin, profile=rsy, changes={"discipline.sanctions": {"count": 3}}, reason="x")
    copy = profile_copy_to_year(actor=admin, profile=rsy, academic_year=2027)
    assert copy.academic_year == 2027
    assert copy.params["discipline.sanctions"] == {"count": 3}
    assert copy.revision == 1
    rsy.refresh_from_db()
    assert rsy.academic_year == 2026
    with pytest.raises(ApplicationError):
        profile_copy_to_year(actor=admin, profile=rsy, academic_year=2027)


def test_assign_and_inherit_through_ancestors(admin, rsy):
    iut = ComponentFactory(institution=rsy.institution, kind=ComponentKind.IUT)
    dept = ComponentFactory(institution=rsy.institution, parent=iut, kind=ComponentKind.DEPARTMENT)
    profile_assign(actor=admin, component=iut, academic_year=2026, profile=rsy)
    assert profile_for(dept, 2026) == rsy
    assert profile_value(dept, 2026, "absences.justification_deadline")["value"] == 48
    # re-assigning the same profile is a no-op; another year has none
    profile_assign(actor=admin, component=iut, academic_year=2026, profile=rsy)
    assert ComponentProfile.objects.count() == 1
    assert AuditEvent.objects.filter(action="profile.assign").count() == 1
    with pytest.raises(ApplicationError) as exc:
        profile_for(dept, 2027)
    assert exc.value.code == "profiles.no_profile"
    assert str(dept) in exc.value.message and "2027" in exc.value.message


def test_nearest_assignment_wins(admin, rsy):
    other = profile_create_from_preset(actor=admin, institution=rsy.institution, preset="tours", academic_year=2026)
    iut = ComponentFactory(institution=rsy.institution)
    dept = ComponentFactory(institution=rsy.institution, parent=iut)
    profile_assign(actor=admin, component=iut, academic_year=2026, profile=rsy)
    profile_assign(actor=admin, component=dept, academic_year=2026, profile=other)
    assert profile_for(dept, 2026) == other
    assert profile_for(iut, 2026) == rsy


def test_assign_refuses_other_institution_or_year(admin, rsy):
    foreign = ComponentFactory()
    with pytest.raises(ApplicationError) as exc:
        profile_assign(actor=admin, component=foreign, academic_year=2026, profile=rsy)
    assert exc.value.code == "profiles.other_institution" and "profile" in exc.value.fields
    own = ComponentFactory(institution=rsy.institution)
    with pytest.raises(ApplicationError) as exc:
        profile_assign(actor=admin, component=own, academic_year=2027, profile=rsy)
    assert exc.value.code == "profiles.wrong_year"
    assert not ComponentProfile.objects.exists()


def test_parameter_registered_later_falls_back_to_the_preset(admin, rsy):
    RegulationProfile.objects.filter(pk=rsy.pk).update(
        params={k: v for k, v in rsy.params.items() if k != "absences.justification_deadline"}
    )
    rsy.refresh_from_db()
    assert "absences.justification_deadline" not in rsy.params
    assert param_value(rsy, "absences.justification_deadline") == preset_values("iut-rsy")[
        "absences.justification_deadline"
    ]
    assert selectors.is_inherited_from_preset(rsy, "absences.justification_deadline")
    # setting it to the same value as the preset leaves it inherited (no spurious revision)
    profile_update(actor=admin, profile=rsy, changes={
        "absences.justification_deadline": preset_values("iut-rsy")["absences.justification_deadline"]
    }, reason="x")
    rsy.refresh_from_db()
    assert rsy.revision == 1
