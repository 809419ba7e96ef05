"""Strict test harness (les-emplois style): warnings are errors (pyproject), unknown template
variables fail (settings.test), and on-commit callbacks run so queued tasks really execute."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")


@pytest.fixture(autouse=True)
def _clear_locmem_outbox(mailoutbox):
    return mailoutbox


@pytest.fixture(scope="module")
def demo_seeded_module(django_db_setup, django_db_blocker):
    """``manage.py seed_demo`` run ONCE for the requesting test module (its output is returned).

    The seed runs inside a module-scoped transaction (Django TestCase's atomics, so
    ``durable=True`` services still work) rolled back after the module's last test; each test
    still runs in its own savepoint (``db``), so its writes never leak into the next test. Every
    test of a module using it sees the demo data, so keep tests needing an empty database in
    another module. Request ``demo_seeded`` (function scope) from the tests.
    """
    import io

    from django.core.management import call_command
    from django.test import TestCase

    with django_db_blocker.unblock():
        atomics = TestCase._enter_atomics()
        try:
            out = io.StringIO()
            call_command("seed_demo", stdout=out)
            yield out.getvalue()
        finally:
            TestCase._rollback_atomics(atomics)


@pytest.fixture
def demo_seeded(demo_seeded_module, db):
    """The seeded demo database (module-wide seed), with this test in its own savepoint."""
    return demo_seeded_module
