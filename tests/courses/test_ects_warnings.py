"""The M3C check warns (without blocking approval) when a semester's UEs do not total 30 ECTS,
per parcours when UEs differ by parcours (decision C-ECTS)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import Parcours
from courses.services.workflow import m3c_validate, m3c_warnings

from .factories import build_year, component_with_preset, make_head

pytestmark = pytest.mark.django_db


def test_a_valid_year_has_no_warning():
    built = build_year(component_with_preset("tours"))
    assert m3c_warnings(built.version) == []


def test_a_semester_short_of_credits_is_reported_but_does_not_block():
    built = build_year(component_with_preset("tours"))
    ue = built.ues["UE1.1"]
    ue.ects = Decimal(10)
    ue.save(update_fields=["ects"])
    warnings = m3c_warnings(built.version)
    assert [w.code for w in warnings] == ["courses.ects_total"]
    assert "25 ECTS au lieu de 30" in warnings[0].message
    assert m3c_validate(built.version) == []


def test_each_parcours_is_checked_with_the_common_ues():
    built = build_year(component_with_preset("tours"))
    a = Parcours.objects.create(programme_version=built.version, code="A", title="Parcours A")
    b = Parcours.objects.create(programme_version=built.version, code="B", title="Parcours B")
    built.ues["UE1.1"].parcours.set([a])  # 15 ECTS for A only: B has 15 in S1
    messages = [w.message for w in m3c_warnings(built.version)]
    assert len(messages) == 1 and "B" in messages[0] and "15 ECTS" in messages[0]
    assert b.pk


def test_the_check_page_lists_the_warnings(client):
    built = build_year(component_with_preset("tours"))
    ue = built.ues["UE2.2"]
    ue.ects = Decimal(20)
    ue.save(update_fields=["ects"])
    client.force_login(make_head(built))
    page = client.get(reverse("courses:m3c_check", args=[built.version.pk])).content.decode()
    assert "Points à vérifier" in page and "35 ECTS au lieu de 30" in page
