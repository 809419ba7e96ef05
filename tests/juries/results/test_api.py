"""Results API: a student reads only their own published results; staff of the programme the table."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.models import Role
from juries.results.services import results_compute, results_publish

from .factories import staff, synthetic

pytestmark = pytest.mark.django_db

MINE = "/api/v1/juries/results/mine/"


def _client(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_student_api_own_published_only():
    _scenario, seeded = synthetic(2)
    s1 = seeded.semesters["S1"]
    results_compute(semester_ids=[s1.pk])
    st0, st1 = seeded.users["st0"], seeded.users["st1"]
    assert _client(st0).get(MINE).json() == []  # computed but not published
    results_publish(actor=None, semester=s1)
    data = _client(st0).get(MINE).json()
    assert len(data) == 1 and data[0]["semester"] == s1.pk and data[0]["provisional"] is True
    assert data[0]["payload"]["student"] == str(st0.pk)
    assert "student" not in data[0]
    assert _client(st0).get(f"/api/v1/juries/results/semesters/{s1.pk}/").status_code == 404
    assert _client(st1).get(MINE).json()[0]["payload"]["student"] == str(st1.pk)
    assert APIClient().get(MINE).status_code in (401, 403)


def test_staff_api_semester_table():
    _scenario, seeded = synthetic(2)
    s1 = seeded.semesters["S1"]
    results_compute(semester_ids=[s1.pk])
    rows = _client(staff(seeded, Role.JURY_MEMBER)).get(f"/api/v1/juries/results/semesters/{s1.pk}/").json()
    assert {r["student"] for r in rows} == {u.pk for u in seeded.users.values()}
    assert all(r["state"] == "draft" and r["payload"]["semester"]["code"] == "S1" for r in rows)
