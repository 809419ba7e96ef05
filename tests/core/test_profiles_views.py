"""Back-office pages and API of regulation profiles; rule pages."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from core.models import ComponentProfile, ProfileRevision, RegulationProfile, Role
from core.profiles.forms import field_name
from core.profiles.services import profile_create_from_preset, profile_update
from tests.factories import ComponentFactory, InstitutionFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db
INVALID = "INVALID_TEMPLATE_VARIABLE"


@pytest.fixture
def tours():
    inst = InstitutionFactory(code="tours", name="Université de Tours")
    return profile_create_from_preset(actor=None, institution=inst, preset="tours", academic_year=2026)


def staff(institution, role=Role.SECRETARIAT, **kw):
    ra = RoleAssignmentFactory(role=role, institution=institution, **kw)
    return ra.user


def form_data(client, profile):
    """The edit form as a browser would post it back, unchanged."""
    response = client.get(reverse("profile_edit", args=[profile.pk]))
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


def test_list_shows_profiles_of_my_institutions_only(client, tours, django_assert_max_num_queries):
    other = profile_create_from_preset(actor=None, institution=InstitutionFactory(name="Autre"), preset="utc",
                                       academic_year=2026)
    client.force_login(staff(tours.institution))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("profile_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert tours.name in body and other.name not in body
    assert INVALID not in body


@pytest.mark.parametrize("page", ["profile_detail", "profile_history", "profile_edit"])
def test_non_staff_and_other_institutions_get_404(client, tours, page):
    student = staff(tours.institution, role=Role.STUDENT)
    client.force_login(student)
    assert client.get(reverse("profile_list")).status_code == 404
    assert client.get(reverse(page, args=[tours.pk])).status_code == 404
    client.force_login(staff(InstitutionFactory(), role=Role.ADMINISTRATOR))
    assert client.get(reverse(page, args=[tours.pk])).status_code == 404
    assert client.get(reverse(page, args=[999999])).status_code == 404


def test_anonymous_is_sent_to_login(client, tours):
    response = client.get(reverse("profile_detail", args=[tours.pk]))
    assert response.status_code == 302


def test_detail_groups_parameters_and_links_rules(client, tours):
    client.force_login(staff(tours.institution))
    response = client.get(reverse("profile_detail", args=[tours.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "discipline.sanctions" in body
    assert reverse("rule_detail", args=["TOURS-VI-3.2-sanctions"]) in body
    assert reverse("profile_edit", args=[tours.pk]) not in body  # secretariat cannot edit
    assert INVALID not in body


def test_secretariat_cannot_edit(client, tours):
    client.force_login(staff(tours.institution))
    assert client.get(reverse("profile_edit", args=[tours.pk])).status_code == 404
    assert client.post(reverse("profile_edit", args=[tours.pk]), {"reason": "x"}).status_code == 404


def test_director_edits_with_reason_and_sees_history(client, tours):
    director = staff(tours.institution, role=Role.DIRECTOR)
    client.force_login(director)
    assert reverse("profile_edit", args=[tours.pk]) in client.get(
        reverse("profile_detail", args=[tours.pk])).content.decode()
    data = form_data(client, tours)
    data[field_name("discipline.sanctions")] = json.dumps({"count": 6, "max_exclusion_years": 4})
    data["reason"] = "Délibération du CA du 3 juillet"
    response = client.post(reverse("profile_edit", args=[tours.pk]), data)
    assert response.status_code == 302
    tours.refresh_from_db()
    assert tours.revision == 2
    assert tours.params["discipline.sanctions"] == {"count": 6, "max_exclusion_years": 4}
    rev = ProfileRevision.objects.get()
    assert list(rev.changes) == ["discipline.sanctions"]  # untouched fields are not re-recorded
    history = client.get(reverse("profile_history", args=[tours.pk])).content.decode()
    assert "Délibération du CA du 3 juillet" in history and "max_exclusion_years" in history
    assert INVALID not in history


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("discipline.sanctions", '{"count": 99}', "TOURS-VI-3.2-sanctions"),
        ("absences.justification_deadline", "{not json", "JSON invalide"),
        ("core.deadline_reminder_days", "[7, 1000]", "core.deadline_reminder_days"),
    ],
)
def test_invalid_value_is_shown_next_to_the_field_and_nothing_is_written(client, tours, key, raw, expected):
    client.force_login(staff(tours.institution, role=Role.ADMINISTRATOR))
    data = form_data(client, tours)
    data[field_name(key)] = raw
    data["reason"] = "essai"
    response = client.post(reverse("profile_edit", args=[tours.pk]), data)
    assert response.status_code == 400
    errors = response.context["form"].errors[field_name(key)]
    assert any(expected in e for e in errors)
    body = response.content.decode()
    assert expected in body
    assert INVALID not in body
    tours.refresh_from_db()
    assert tours.revision == 1
    assert not ProfileRevision.objects.exists()


def test_reason_is_mandatory(client, tours):
    client.force_login(staff(tours.institution, role=Role.ADMINISTRATOR))
    data = form_data(client, tours)
    data[field_name("discipline.sanctions")] = json.dumps({"count": 5})
    data["reason"] = ""
    response = client.post(reverse("profile_edit", args=[tours.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    tours.refresh_from_db()
    assert tours.revision == 1


def test_rule_page_renders_the_catalogue_entry(client, tours):
    client.force_login(UserFactory())
    response = client.get(reverse("rule_detail", args=["TOURS-VI-3.2-sanctions"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "TOURS-VI-3.2-sanctions" in body and "Université de Tours" in body
    assert 'lang="fr"' in body and "discipline.sanctions" in body
    assert INVALID not in body
    assert client.get(reverse("rule_detail", args=["NOPE-42"])).status_code == 404


def test_api_profiles_staff_only(client, tours):
    profile_update(actor=None, profile=tours, changes={"discipline.sanctions": {"count": 3}}, reason="x")
    client.force_login(staff(tours.institution))
    listing = client.get("/api/v1/profiles/").json()
    assert [p["id"] for p in listing["results"]] == [tours.pk]
    detail = client.get(f"/api/v1/profiles/{tours.pk}/").json()
    params = {p["key"]: p for p in detail["params"]}
    assert params["discipline.sanctions"]["value"] == {"count": 3}
    assert "TOURS-VI-3.2-sanctions" in params["discipline.sanctions"]["rule_ids"]
    assert detail["revision"] == 2

    client.force_login(staff(tours.institution, role=Role.STUDENT))
    assert client.get("/api/v1/profiles/").status_code == 404
    response = client.get(f"/api/v1/profiles/{tours.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.post("/api/v1/profiles/", {}).status_code in (404, 405)


def test_api_rule(client):
    client.force_login(UserFactory())
    data = client.get("/api/v1/rules/RSY-A3-malus/").json()
    assert data["id"] == "RSY-A3-malus" and data["institution"] == "iut-rsy" and data["quote"]
    missing = client.get("/api/v1/rules/NOPE-1/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    client.logout()
    assert client.get("/api/v1/rules/RSY-A3-malus/").status_code in (401, 403)


def test_component_scoped_staff_sees_the_institution_profile(client, tours):
    dept = ComponentFactory(institution=tours.institution)
    client.force_login(staff(tours.institution, role=Role.SECRETARIAT, component=dept))
    assert client.get(reverse("profile_detail", args=[tours.pk])).status_code == 200


def test_director_creates_copies_and_assigns(client, tours):
    director = staff(tours.institution, role=Role.DIRECTOR)
    client.force_login(director)
    assert reverse("profile_create") in client.get(reverse("profile_list")).content.decode()
    page = client.get(reverse("profile_create"))
    assert page.status_code == 200 and INVALID not in page.content.decode()
    response = client.post(reverse("profile_create"), {
        "institution": tours.institution.pk, "preset": "strasbourg", "academic_year": 2026, "name": "Essai"})
    assert response.status_code == 302
    created = RegulationProfile.objects.get(name="Essai")
    assert created.preset == "strasbourg"
    duplicate = client.post(reverse("profile_create"), {
        "institution": tours.institution.pk, "preset": "strasbourg", "academic_year": 2026})
    assert duplicate.status_code == 400
    assert duplicate.context["form"].errors["academic_year"]

    detail = client.get(reverse("profile_detail", args=[tours.pk])).content.decode()
    assert reverse("profile_copy", args=[tours.pk]) in detail and INVALID not in detail
    response = client.post(reverse("profile_copy", args=[tours.pk]), {"academic_year": 2027})
    copy = RegulationProfile.objects.get(institution=tours.institution, academic_year=2027)
    assert response.status_code == 302 and response["Location"] == reverse("profile_detail", args=[copy.pk])

    component = ComponentFactory(institution=tours.institution)
    response = client.post(reverse("profile_assign", args=[tours.pk]), {"component": component.pk})
    assert response.status_code == 302
    assert ComponentProfile.objects.get(component=component, academic_year=2026).profile == tours


def test_create_copy_assign_are_refused_to_non_editors(client, tours):
    client.force_login(staff(tours.institution))  # secretariat
    assert client.get(reverse("profile_create")).status_code == 404
    assert client.post(reverse("profile_copy", args=[tours.pk]), {"academic_year": 2027}).status_code == 404
    component = ComponentFactory(institution=tours.institution)
    assert client.post(reverse("profile_assign", args=[tours.pk]), {"component": component.pk}).status_code == 404
    other_director = staff(InstitutionFactory(), role=Role.DIRECTOR)
    client.force_login(other_director)
    response = client.post(reverse("profile_create"), {
        "institution": tours.institution.pk, "preset": "utc", "academic_year": 2026})
    assert response.status_code == 400  # not one of the choices offered
    assert not ComponentProfile.objects.exists()
    assert RegulationProfile.objects.count() == 1
