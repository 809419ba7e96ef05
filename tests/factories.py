"""Factories shared by every app's tests. Traits name legal situations (STYLE 12)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from core.models import Component, Institution, Role, RoleAssignment, Site, User
from core.models.institutions import ComponentKind


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"personne{n}@example.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("motdepasse-test")


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"univ{n}")
    name = factory.LazyAttribute(lambda o: f"Université {o.code}")


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    institution = factory.SubFactory(InstitutionFactory)
    code = factory.Sequence(lambda n: f"site{n}")
    name = factory.LazyAttribute(lambda o: f"Campus {o.code}")
    holiday_subdivision = ""

    class Params:
        alsace = factory.Trait(holiday_subdivision="6AE")


class ComponentFactory(DjangoModelFactory):
    class Meta:
        model = Component

    institution = factory.SubFactory(InstitutionFactory)
    site = factory.SubFactory(SiteFactory, institution=factory.SelfAttribute("..institution"))
    kind = ComponentKind.UFR
    code = factory.Sequence(lambda n: f"ufr{n}")
    name = factory.LazyAttribute(lambda o: f"UFR {o.code}")


class RoleAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.SECRETARIAT
    institution = factory.SubFactory(InstitutionFactory)
    component = None
