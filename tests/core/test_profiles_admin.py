"""Django admin: every core model registered; profiles and the audit trail read-only there."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from core.models import AuditEvent, ProfileRevision, RegulationProfile
from core.profiles.services import profile_create_from_preset, profile_update
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_core_model_is_registered():
    missing = [m.__name__ for m in apps.get_app_config("core").get_models() if not admin.site.is_registered(m)]
    assert missing == []


@pytest.fixture
def superuser_client(client):
    user = UserFactory(email="root@example.fr", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", list(apps.get_app_config("core").get_models()), ids=lambda m: m.__name__)
def test_changelists_load(superuser_client, model):
    url = reverse(f"admin:core_{model._meta.model_name}_changelist")
    assert superuser_client.get(url).status_code == 200


def test_profile_is_read_only_and_links_to_the_back_office(superuser_client):
    profile = profile_create_from_preset(actor=None, institution=InstitutionFactory(), preset="utc",
                                         academic_year=2026)
    profile_update(actor=None, profile=profile, changes={"discipline.sanctions": {"count": 4}}, reason="x")
    model_admin = admin.site._registry[RegulationProfile]
    assert not model_admin.has_change_permission(None, profile)
    assert not model_admin.has_delete_permission(None, profile)
    assert not model_admin.has_add_permission(None)
    page = superuser_client.get(reverse("admin:core_regulationprofile_change", args=[profile.pk]))
    assert page.status_code == 200
    assert reverse("profile_detail", args=[profile.pk]) in page.content.decode()
    posted = superuser_client.post(reverse("admin:core_regulationprofile_change", args=[profile.pk]),
                                   {"name": "piraté", "params": "{}"})
    assert posted.status_code == 403
    profile.refresh_from_db()
    assert profile.name != "piraté" and profile.params
    for model in (AuditEvent, ProfileRevision):
        ma = admin.site._registry[model]
        assert not ma.has_add_permission(None)
        assert not ma.has_change_permission(None)
        assert not ma.has_delete_permission(None)
