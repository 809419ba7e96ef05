"""The embedded mode for real: `celery worker -B` on kombu's filesystem broker and SQLite, sending to
a real SMTP server on loopback — including a worker killed (SIGKILL) in the middle of a send.

Runs in subprocesses against a scratch SQLite database and broker folders (a settings module
layered on ``config.settings.local`` only redirects paths). Slow (it migrates a fresh
database), so it runs with the integration suite (``make test`` sets CURSUS_TEST_REDIS_URL).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import needs_redis, wait_until

pytestmark = [pytest.mark.integration, needs_redis]

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = """
from config.settings.local import *  # noqa
DEBUG = False
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": r"{db}",
              "OPTIONS": {{"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}}}}}}
CELERY_BROKER_URL = "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = {{"data_folder_in": r"{queue}", "data_folder_out": r"{queue}",
                                    "processed_folder": r"{processed}", "store_processed": False}}
CELERY_BEAT_SCHEDULE_FILENAME = r"{beat}"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = {port}
EMAIL_TIMEOUT = 60
CURSUS_NOTICE_STALE_SENDING_SECONDS = 2
"""
CTX = "{'recipient_name': 'E', 'site_url': 'http://127.0.0.1:8000'}"


class Embedded:
    def __init__(self, tmp_path: Path, port: int) -> None:
        self.tmp = tmp_path
        for name in ("queue", "processed"):
            (tmp_path / name).mkdir()
        (tmp_path / "embedded_settings.py").write_text(SETTINGS.format(
            db=tmp_path / "db.sqlite3", queue=tmp_path / "queue", processed=tmp_path / "processed",
            beat=tmp_path / "beat", port=port))
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "embedded_settings",
                    "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
        self.env.pop("DATABASE_URL", None)
        self.logs: list[Path] = []

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,  # noqa: S603
                       check=True, capture_output=True, timeout=240)

    def enqueue(self, key: str) -> None:
        self.manage("shell", "-c", "from core.notices.services import notice_enqueue; "
                    f"notice_enqueue(key='{key}', kind='core.test_notice', email='{key}@example.fr', context={CTX})")

    def worker(self) -> subprocess.Popen:
        log = self.tmp / f"worker{len(self.logs)}.log"
        self.logs.append(log)
        # Own session: SIGKILL reaches the worker and its embedded beat process, nothing else.
        with log.open("w") as out:  # the child keeps its own copy of the descriptor
            return subprocess.Popen(  # noqa: S603  (fixed argv: our interpreter and celery)
                [sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "--pool", "solo", "-l", "info",
                 "-s", str(self.tmp / "beat")],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def status(self, key: str) -> tuple[str, int] | None:
        with sqlite3.connect(self.tmp / "db.sqlite3", timeout=20) as db:
            return db.execute("select status, attempts from core_notice where key=?", (key,)).fetchone()

    def output(self) -> str:
        return "\n".join(p.read_text()[-2000:] for p in self.logs)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_embedded_worker_delivers_and_survives_a_kill_mid_send(tmp_path, smtp_server, settings):
    emb = Embedded(tmp_path, settings.EMAIL_PORT)
    emb.manage("migrate", "--noinput", "-v0")

    # 1. Embedded worker with beat: an enqueued notice reaches the SMTP server.
    emb.enqueue("first")
    assert list((tmp_path / "queue").iterdir()), "the task message waits in the filesystem broker"
    worker = emb.worker()
    try:
        assert len(smtp_server.wait_for(1, timeout=90)) == 1, emb.output()
        assert wait_until(lambda: emb.status("first") == ("sent", 1)), emb.output()

        # 2. The server hangs on DATA; the worker is killed (SIGKILL) in the middle of the send.
        smtp_server.hang_next = True
        emb.enqueue("killed")
        assert smtp_server.hanging.wait(timeout=60), emb.output()
        assert emb.status("killed") == ("sending", 1)
    finally:
        stop(worker, signal.SIGKILL)
    assert "beat: Starting" in emb.output()

    # 3. Later (stale delay passed), the beat job re-queues it and a new worker sends it, once.
    time.sleep(2.5)
    emb.manage("shell", "-c", "from core.tasks import notices_redeliver; notices_redeliver.delay()")
    worker = emb.worker()
    try:
        assert wait_until(lambda: emb.status("killed") == ("sent", 2), timeout=90), emb.output()
    finally:
        stop(worker)
    recipients = [m["To"] for m in smtp_server.messages]
    assert sorted(recipients) == ["first@example.fr", "killed@example.fr"]
