"""Pedagogical registration: options per parcours, groups with capacity, and the exam hook."""

from __future__ import annotations

import pytest

from core.errors import ApplicationError
from enrollment import selectors, services

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def _validated(world, student):
    return RegistrationFactory(student=student, study_year=world.study_year, state="validated")


def test_requires_validated_administrative_registration(world):
    reg = RegistrationFactory(student=world.student, study_year=world.study_year, state="complete")
    with pytest.raises(ApplicationError) as exc:
        services.pedagogical_register(actor=world.student.user, registration=reg, semester=world.semester,
                                      parcours=world.parcours)
    assert exc.value.rule_id == "TOURS-VI-enrollment-prerequisite"


def test_mandatory_modules_plus_options_of_the_parcours(world):
    reg = _validated(world, world.student)
    with pytest.raises(ApplicationError) as exc:  # the programme has parcours: one must be chosen
        services.pedagogical_register(actor=world.student.user, registration=reg, semester=world.semester)
    assert exc.value.code == "enrollment.parcours_required"
    with pytest.raises(ApplicationError) as exc:  # option of parcours B refused in parcours A
        services.pedagogical_register(actor=world.student.user, registration=reg, semester=world.semester,
                                      parcours=world.parcours,
                                      optional_module_ids=[world.module_other_parcours_option.pk])
    assert exc.value.code == "enrollment.unknown_option"
    ped = services.pedagogical_register(actor=world.student.user, registration=reg, semester=world.semester,
                                        parcours=world.parcours, optional_module_ids=[world.module_option.pk],
                                        group_ids=[world.group_b.pk])
    assert set(ped.module_registrations.values_list("module__code", flat=True)) == {"R1.01", "O1.01"}
    assert selectors.is_registered_to_module(world.student.user, world.module_option)
    assert not selectors.is_registered_to_module(world.other_student.user, world.module_option)
    assert list(selectors.students_registered_to_modules([world.module_common.pk])) == [world.student.user]
    assert selectors.exam_eligibility_for(world.student.user, world.module_common).allowed
    assert not selectors.exam_eligibility_for(world.other_student.user, world.module_common).allowed
    # choosing again replaces: option dropped, group changed
    ped = services.pedagogical_register(actor=world.student.user, registration=reg, semester=world.semester,
                                        parcours=world.parcours, group_ids=[world.group_a.pk])
    assert list(ped.module_registrations.values_list("module__code", flat=True)) == ["R1.01"]
    assert list(ped.group_memberships.values_list("group__code", flat=True)) == ["TD1"]


def test_group_capacity_enforced(world):
    first = _validated(world, world.student)
    second = _validated(world, world.other_student)
    services.pedagogical_register(actor=world.student.user, registration=first, semester=world.semester,
                                  parcours=world.parcours, group_ids=[world.group_a.pk])
    with pytest.raises(ApplicationError) as exc:
        services.pedagogical_register(actor=world.other_student.user, registration=second, semester=world.semester,
                                      parcours=world.parcours, group_ids=[world.group_a.pk])
    assert exc.value.code == "enrollment.group_full"
    assert "1/1" in exc.value.fields["groups"][0]
    # the member keeps their seat when re-saving their choices
    services.pedagogical_register(actor=world.student.user, registration=first, semester=world.semester,
                                  parcours=world.parcours, group_ids=[world.group_a.pk])


def test_one_group_per_kind(world):
    reg = _validated(world, world.student)
    with pytest.raises(ApplicationError) as exc:
        services.pedagogical_register(actor=world.student.user, registration=reg, semester=world.semester,
                                      parcours=world.parcours, group_ids=[world.group_a.pk, world.group_b.pk])
    assert exc.value.code == "enrollment.one_group_per_kind"


def test_cancelled_registration_no_longer_counts_for_exams(world):
    reg = _validated(world, world.student)
    services.pedagogical_register(actor=world.student.user, registration=reg, semester=world.semester,
                                  parcours=world.parcours)
    services.registration_cancel(actor=world.secretariat, registration=reg, reason="Abandon")
    assert not selectors.is_registered_to_module(world.student.user, world.module_common)
    assert not selectors.students_registered_to_modules([world.module_common.pk]).exists()


def test_accommodation_and_exemption_selectors(world):
    import datetime as dt

    from .factories import AccommodationFactory, StudentFactory

    AccommodationFactory(student=world.student, tiers_temps=True)
    AccommodationFactory(student=world.other_student, valid_until=dt.date(2026, 12, 31))
    exempt = StudentFactory(institution=world.institution, dispense_assiduite=True)
    users = [world.student.user_id, world.other_student.user_id, exempt.user_id]
    on = dt.date(2027, 1, 15)
    result = selectors.accommodations_by_user(users, on=on)
    assert list(result) == [world.student.user_id]
    assert result[world.student.user_id][0].extra_time_percent == 33
    assert selectors.attendance_exempt_user_ids(users, on=on) == {exempt.user_id}
    assert selectors.attendance_exempt_user_ids(users, on=dt.date(2027, 9, 1)) == set()
