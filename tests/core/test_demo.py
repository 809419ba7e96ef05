"""seed_demo: one institution per preset, a user per role, idempotent, same logins printed.

The demo is seeded ONCE for this module (``demo_seeded``, tests/conftest.py); the rollback test
needs an empty database and lives in test_demo_rollback.py."""

from __future__ import annotations

import io
from datetime import date

from django.core.management import call_command

from core.calendar.service import calendar_for_component
from core.demo import DEMO_PASSWORD, INSTITUTIONS, ROLE_LOGINS, format_logins, seed
from core.models import (
    AuditEvent,
    ClosureDay,
    Component,
    ComponentProfile,
    Institution,
    RegulationProfile,
    Role,
    RoleAssignment,
    User,
)
from core.profiles.registry import PRESETS, all_params
from core.profiles.selectors import profile_for

MODELS = (Institution, Component, ClosureDay, RegulationProfile, ComponentProfile, User, RoleAssignment, AuditEvent)


def counts():
    return {m.__name__: m.objects.count() for m in MODELS}


def run():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent_and_prints_the_same_logins(demo_seeded):
    first = demo_seeded
    snapshot = counts()
    passwords = dict(User.objects.values_list("email", "password"))
    second = run()
    assert counts() == snapshot
    assert dict(User.objects.values_list("email", "password")) == passwords
    marker = "Identifiants de démonstration"
    assert first[first.index(marker):] == second[second.index(marker):]  # apps may log differently
    assert "scolarite@tours.demo" in first and DEMO_PASSWORD in first
    assert first.index("Université de Tours (démo)") < first.index("scolarite@tours.demo")
    apps = [line for line in first.splitlines() if line.startswith("Données de démonstration des applications")]
    assert apps and apps[0] in second  # both runs seeded the same apps (the cause of a past flake)
    assert "courses" in apps[0] and "enrollment" in apps[0]


def test_app_seeders_are_resolved_once_per_process():
    from core.management.commands import seed_demo

    assert seed_demo.app_seeders() is seed_demo.app_seeders()


def test_every_demo_user_shares_one_password_hash(demo_seeded):
    hashes = set(User.objects.filter(email__endswith=".demo").values_list("password", flat=True))
    assert len(hashes) == 1
    assert User.objects.get(email="etudiant20@utc.demo").check_password(DEMO_PASSWORD)


def test_every_preset_and_every_role(demo_seeded):
    ctx = seed(io.StringIO())
    assert set(ctx.institutions) == set(PRESETS)
    for spec in INSTITUTIONS:
        profile = profile_for(ctx.components[spec.preset][spec.departments[0][0]], 2026)
        assert profile.preset == spec.preset
        assert set(profile.params) == {p.key for p in all_params()}
        for role in Role:
            user = ctx.user(spec.preset, role.value)
            assert user.email == f"{ROLE_LOGINS[role]}@{spec.domain}"
            assert user.check_password(DEMO_PASSWORD)
            assert RoleAssignment.objects.filter(user=user, role=role, institution=ctx.institutions[spec.preset]).exists()
        assert len(ctx.students[spec.preset]) >= 5
    assert User.objects.get(email="scolarite@tours.demo")
    assert "scolarite@tours.demo" in format_logins(ctx)


def test_demo_calendars(demo_seeded):
    ctx = seed(io.StringIO())
    stras = calendar_for_component(ctx.components["strasbourg"]["info"])
    assert stras.subdivision == "6AE"
    assert stras.is_public_holiday(date(2026, 12, 26))
    tours = calendar_for_component(ctx.components["tours"]["maths"])
    assert tours.subdivision == ""
    assert tours.is_closed(date(2026, 12, 28))
