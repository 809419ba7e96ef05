"""Factories of enrollment (and the minimal courses objects it hangs on). Traits name legal
situations: ``tiers_temps``, ``dispense_assiduite``, ``overseas`` (STYLE 12)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from courses.models import Module, Parcours, Programme, ProgrammeVersion, Semester, StudyYear, TeachingGroup
from enrollment.models import (
    Accommodation,
    AccommodationKind,
    AdministrativeRegistration,
    RequiredDocumentType,
    Student,
)
from tests.factories import ComponentFactory, InstitutionFactory, UserFactory

YEAR = 2026


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    component = factory.SubFactory(ComponentFactory)
    diploma_type = "BUT"
    code = factory.Sequence(lambda n: f"but-{n}")
    title = factory.Sequence(lambda n: f"Informatique {n}")


class ProgrammeVersionFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeVersion

    programme = factory.SubFactory(ProgrammeFactory)
    academic_year = YEAR
    state = "published"


class StudyYearFactory(DjangoModelFactory):
    class Meta:
        model = StudyYear

    programme_version = factory.SubFactory(ProgrammeVersionFactory)
    level = 1
    label = factory.LazyAttribute(lambda o: f"BUT {o.level}")


class SemesterFactory(DjangoModelFactory):
    class Meta:
        model = Semester

    study_year = factory.SubFactory(StudyYearFactory)
    number = 1
    start_date = dt.date(YEAR, 9, 7)
    end_date = dt.date(YEAR + 1, 1, 22)


class ParcoursFactory(DjangoModelFactory):
    class Meta:
        model = Parcours

    programme_version = factory.SubFactory(ProgrammeVersionFactory)
    code = factory.Sequence(lambda n: f"parcours-{n}")
    title = factory.Sequence(lambda n: f"Parcours {n}")


class ModuleFactory(DjangoModelFactory):
    class Meta:
        model = Module

    semester = factory.SubFactory(SemesterFactory)
    code = factory.Sequence(lambda n: f"R1.{n:02d}")
    title = factory.Sequence(lambda n: f"Ressource {n}")
    is_optional = False


class TeachingGroupFactory(DjangoModelFactory):
    class Meta:
        model = TeachingGroup

    semester = factory.SubFactory(SemesterFactory)
    code = factory.Sequence(lambda n: f"TD{n}")
    kind = "td"
    capacity = 30


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = Student

    user = factory.SubFactory(UserFactory)
    institution = factory.SubFactory(InstitutionFactory)
    student_number = factory.Sequence(lambda n: f"2026{n:05d}")
    ine = ""
    birth_date = dt.date(2007, 5, 12)
    regime = "initial"

    class Params:
        dispense_assiduite = factory.Trait(
            attendance_exempt=True, attendance_exempt_from=dt.date(YEAR, 9, 1),
            attendance_exempt_until=dt.date(YEAR + 1, 8, 31),
        )
        overseas = factory.Trait(resides_outside_metropole=True)


class AccommodationFactory(DjangoModelFactory):
    class Meta:
        model = Accommodation

    student = factory.SubFactory(StudentFactory)
    kind = AccommodationKind.SEPARATE_ROOM
    valid_from = dt.date(YEAR, 9, 1)
    valid_until = dt.date(YEAR + 1, 8, 31)

    class Params:
        tiers_temps = factory.Trait(kind=AccommodationKind.EXTRA_TIME, extra_time_percent=33)


class RequiredDocumentTypeFactory(DjangoModelFactory):
    class Meta:
        model = RequiredDocumentType

    institution = factory.SubFactory(InstitutionFactory)
    programme = None
    code = factory.Sequence(lambda n: f"piece-{n}")
    label = factory.Sequence(lambda n: f"Pièce {n}")
    accepted_types = factory.LazyFunction(lambda: ["pdf", "jpg", "png"])
    max_size_kb = 100


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = AdministrativeRegistration

    student = factory.SubFactory(StudentFactory)
    study_year = factory.SubFactory(StudyYearFactory)
    academic_year = factory.LazyAttribute(lambda o: o.study_year.programme_version.academic_year)
    state = "draft"
