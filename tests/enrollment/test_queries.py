"""Lists and detail pages run a bounded number of queries whatever the number of students."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enrollment.models import GroupMembership, ModuleRegistration, PedagogicalRegistration

from .conftest import pdf_upload
from .factories import RegistrationFactory, StudentFactory

pytestmark = pytest.mark.django_db


def _populate(world, n):
    for _ in range(n):
        student = StudentFactory(institution=world.institution)
        reg = RegistrationFactory(student=student, study_year=world.study_year, state="validated")
        ped = PedagogicalRegistration.objects.create(administrative_registration=reg, semester=world.semester,
                                                     parcours=world.parcours)
        ModuleRegistration.objects.create(pedagogical_registration=ped, module=world.module_common)
        GroupMembership.objects.create(pedagogical_registration=ped, group=world.group_b)


def _count(client, url):
    client.get(url)  # warm caches (content types, session) so only the page's own queries differ
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert "INVALID_TEMPLATE_VARIABLE" not in response.content.decode()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["enrollment:backoffice", "enrollment-api-registrations"])
def test_staff_lists_bounded(world, client, django_assert_max_num_queries, url_name):
    client.force_login(world.secretariat)
    url = reverse(url_name)
    _populate(world, 5)
    few = _count(client, url)
    _populate(world, 45)
    many = _count(client, url)
    assert few == many
    with django_assert_max_num_queries(20):
        client.get(url + "?state=validated&q=a")


def test_detail_pages_bounded(world, client, django_assert_max_num_queries):
    from enrollment import services

    reg = RegistrationFactory(student=world.student, study_year=world.study_year, state="validated")
    services.pedagogical_register(actor=world.student.user, registration=reg, semester=world.semester,
                                  parcours=world.parcours, optional_module_ids=[world.module_option.pk],
                                  group_ids=[world.group_b.pk])
    services.document_upload(actor=world.secretariat, registration=reg, document_type=world.doc_id, file=pdf_upload())
    urls = {
        "student": (world.student.user, reverse("enrollment:registration", args=[reg.pk])),
        "me": (world.student.user, reverse("enrollment-api-me")),
        "portal": (world.student.user, reverse("enrollment:portal")),
        "record": (world.secretariat, reverse("enrollment:student_edit", args=[world.student.pk])),
        "manage": (world.secretariat, reverse("enrollment:manage", args=[reg.pk])),
        "api": (world.secretariat, reverse("enrollment-api-registration", args=[reg.pk])),
    }
    _populate(world, 5)
    few = {}
    for key, (user, url) in urls.items():
        client.force_login(user)
        few[key] = _count(client, url)
    _populate(world, 45)
    for key, (user, url) in urls.items():
        client.force_login(user)
        assert _count(client, url) == few[key], key
        with django_assert_max_num_queries(30):
            client.get(url)
