"""Closure days managed in the web page: directors/administrators add and delete them (audited),
staff read them, others get 404; a closure is then a non-working day for the deadlines; the page
lists each site's public holidays (Alsace-Moselle's Good Friday and St Stephen's day included)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from core.calendar.closures import closure_create, closure_delete, year_overview
from core.calendar.service import deadline_date
from core.errors import ApplicationError, NotFound
from core.models import AuditEvent, ClosureDay, Role
from tests.factories import (
    ComponentFactory,
    InstitutionFactory,
    RoleAssignmentFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    inst = InstitutionFactory(code="stras")
    site = SiteFactory(institution=inst, code="esplanade", holiday_subdivision="6AE", is_main=True)
    component = ComponentFactory(institution=inst, site=site)
    director = UserFactory()
    RoleAssignmentFactory(user=director, role=Role.DIRECTOR, institution=inst, component=None)
    secretary = UserFactory()
    RoleAssignmentFactory(user=secretary, role=Role.SECRETARIAT, institution=inst, component=component)
    return inst, site, component, director, secretary


def test_a_closure_is_a_non_working_day_for_deadlines(world):
    inst, _site, component, director, _sec = world
    # Friday 18/12/2026 + 1 jour ouvré = Monday 21/12; with a closure 21/12–1/1 it is Monday 4/1/2027.
    assert deadline_date(component, date(2026, 12, 18), 1, "ouvres") == date(2026, 12, 21)
    closure_create(actor=director, institution=inst, start=date(2026, 12, 21), end=date(2027, 1, 1),
                   label="Fermeture de Noël")
    assert deadline_date(component, date(2026, 12, 18), 1, "ouvres") == date(2027, 1, 4)
    assert AuditEvent.objects.filter(action="core.closure.create").count() == 1


@pytest.mark.parametrize(("start", "end", "label", "field"), [
    (date(2026, 12, 22), date(2026, 12, 21), "Noël", "end"),
    (date(2026, 1, 1), date(2026, 12, 31), "Toute l'année", "end"),
    (date(2026, 12, 21), date(2026, 12, 22), "  ", "label"),
    (None, date(2026, 12, 22), "Noël", "start"),
])
def test_bad_input_names_the_field_and_writes_nothing(world, start, end, label, field):
    inst, _site, _component, director, _sec = world
    with pytest.raises(ApplicationError) as exc:
        closure_create(actor=director, institution=inst, start=start, end=end, label=label)
    assert field in exc.value.fields
    assert not ClosureDay.objects.exists()


def test_only_directors_and_administrators_of_the_institution_manage_closures(world):
    inst, _site, _component, director, secretary = world
    with pytest.raises(NotFound):
        closure_create(actor=secretary, institution=inst, start=date(2026, 12, 21), end=date(2026, 12, 22),
                       label="Noël")
    other = InstitutionFactory(code="other")
    with pytest.raises(NotFound):
        closure_create(actor=director, institution=other, start=date(2026, 12, 21), end=date(2026, 12, 22),
                       label="Noël")
    closure = closure_create(actor=director, institution=inst, start=date(2026, 12, 21), end=date(2026, 12, 22),
                             label="Noël")
    with pytest.raises(NotFound):
        closure_delete(actor=secretary, closure=closure)
    closure_delete(actor=director, closure=closure)
    assert not ClosureDay.objects.exists()


def test_overview_lists_alsace_holidays_and_counts_closed_working_days(world):
    inst, site, _component, director, _sec = world
    closure = closure_create(actor=director, institution=inst, start=date(2026, 12, 21), end=date(2027, 1, 1),
                             label="Noël")
    [row] = year_overview(inst, 2026, [closure])
    names = dict(row.holidays)
    assert date(2026, 12, 26) in names  # Saint-Étienne (Alsace-Moselle)
    assert date(2027, 3, 26) in names  # Vendredi saint (Alsace-Moselle)
    # 21/12–1/1: 10 weekdays, minus Christmas (Fri 25/12) and New Year (Fri 1/1) = 8.
    assert row.closed_working_days == 8
    assert row.site == site


def test_page_add_list_delete_and_404_for_outsiders(client, world):
    inst, site, _component, director, secretary = world
    client.force_login(director)
    url = reverse("closure_list")
    response = client.post(url + "?annee=2026", {"institution": inst.pk, "start": "2026-12-21", "end": "2026-12-20",
                                                  "label": "Noël", "site": site.pk, "component": ""})
    assert response.status_code == 200 and "La fin précède le début" in response.content.decode()
    response = client.post(url, {"institution": inst.pk, "start": "2026-12-21", "end": "2027-01-01",
                                 "label": "Fermeture de Noël", "site": "", "component": ""})
    assert response.status_code == 302
    closure = ClosureDay.objects.get()
    page = client.get(url + "?annee=2026").content.decode()
    assert "Fermeture de Noël" in page and "INVALID_TEMPLATE_VARIABLE" not in page

    client.force_login(secretary)  # reads, cannot delete
    page = client.get(url + "?annee=2026").content.decode()
    assert "Fermeture de Noël" in page and reverse("closure_delete", args=[closure.pk]) not in page
    assert client.post(reverse("closure_delete", args=[closure.pk])).status_code == 404

    client.force_login(UserFactory())  # no staff role anywhere
    assert client.get(url).status_code == 404

    client.force_login(director)
    assert client.post(reverse("closure_delete", args=[closure.pk])).status_code == 302
    assert not ClosureDay.objects.exists()
