"""seed_demo runs in one transaction: nothing is written when an app's seed fails (needs an empty
database, so it is kept apart from test_demo.py's module-wide seeded demo)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from core.models import Institution, User

pytestmark = pytest.mark.django_db


def test_the_seed_writes_nothing_if_an_app_seed_fails(monkeypatch):
    from core.management.commands import seed_demo

    def boom(ctx):
        raise RuntimeError("app seed failed")

    monkeypatch.setattr(seed_demo, "app_seeders", lambda: [("courses", boom)])
    with pytest.raises(RuntimeError):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Institution.objects.exists()
    assert not User.objects.exists()
