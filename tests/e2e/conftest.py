"""The demo data (``manage.py seed_demo``), loaded ONCE for the whole ``tests/e2e`` package.

The seed takes tens of seconds, so it runs inside a package-scoped transaction (Django
TestCase's own atomics, so ``durable=True`` services still work) that is rolled back when the
last e2e test has run: the other test modules never see the demo data, and each e2e test still
runs in its own savepoint (pytest-django's ``db`` fixture), so a test's writes never leak into the
next one. Under xdist each worker that receives e2e tests seeds its own database once.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import TestCase


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomics = TestCase._enter_atomics()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                out = io.StringIO()
                call_command("seed_demo", stdout=out)
            yield out.getvalue()
        finally:
            TestCase._rollback_atomics(atomics)


@pytest.fixture
def demo(demo_data, db):
    """Function-level access to the seeded database (each test in its own savepoint)."""
    return demo_data
