"""Integration fixtures: a real SMTP server (aiosmtpd) on loopback and a Celery worker on real Redis.

The Redis URL comes from ``CURSUS_TEST_REDIS_URL`` (``make test`` starts Redis and sets it); the
modules needing it are skipped when it is unset. Each test session uses its own queue name so
parallel runs sharing one Redis do not consume each other's tasks.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import pytest

REDIS_URL = os.environ.get("CURSUS_TEST_REDIS_URL", "")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="CURSUS_TEST_REDIS_URL is not set (make test sets it)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Collector:
    """aiosmtpd handler keeping every accepted message; ``replies`` scripts SMTP answers to DATA."""

    messages: list[Message] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: When set, the next DATA hangs (a slow server) so a test can kill the sender mid-send.
    hang_next: bool = False
    hanging: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.hang_next:
            self.hang_next = False
            self.hanging.set()
            await asyncio.sleep(15)
            return "451 4.4.2 Timeout, message not accepted"
        with self.lock:
            if self.replies:
                return self.replies.pop(0)
            self.messages.append(message_from_bytes(envelope.content))
        return "250 2.0.0 OK"

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        with self.lock:
            return list(self.messages)


@pytest.fixture
def smtp_server(settings) -> Iterator[Collector]:
    """A real SMTP server on 127.0.0.1 (random free port); Django's SMTP backend points at it."""
    from aiosmtpd.controller import Controller

    collector = Collector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield collector
    finally:
        controller.stop()


def _reset_pools(app) -> None:
    """Drop cached broker connections so the new broker_url is used (and the old one released)."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu's global producer pools are keyed by connection URL


@pytest.fixture
def redis_worker(settings) -> Iterator[object]:
    """A Celery worker thread consuming a private queue on real Redis; tasks are no longer eager."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    queue = f"cursus-test-{uuid.uuid4().hex[:8]}"
    keys = ("broker_url", "task_always_eager", "task_default_queue", "broker_transport_options")
    saved = {k: app.conf[k] for k in keys}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=queue,
                    broker_transport_options={"visibility_timeout": 60})
    _reset_pools(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10) as worker:
            yield worker
    finally:
        app.conf.update(saved)
        _reset_pools(app)


def wait_until(predicate: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()
