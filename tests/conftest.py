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
