"""``manage.py seed_demo``: demo institutions (one per preset), users for every role, and each
app's demo data (``<app>.demo.seed(ctx)``), in one transaction. Idempotent: a second run changes
nothing and prints the same logins.

The app seeders are discovered ONCE per process (``app_seeders`` is cached): a ``<app>.demo``
module that appeared between two runs in the same process (an engineer saving ``juries/demo.py``
during a long test session) used to be skipped by the first run and seeded by the second, which
broke idempotence (34 extra audit rows in ``tests/core/test_demo.py``). Each run prints the apps
it seeded.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from core import demo

#: Demo modules whose ``seed(ctx)`` runs after the core seed, in this order (``app`` means ``app.demo``;
#: a dotted name is an app's extra demo module, run after what it builds on).
APP_ORDER = ("courses", "enrollment", "admissions", "exams", "exams.demo_orals", "enrollment.demo_accommodations",
             "juries", "juries.demo_holds", "juries.demo_inputs", "exams.demo_day", "exams.demo_reserves", "exams.demo_archive",
             "internships", "absences", "discipline")


@functools.cache
def app_seeders() -> tuple[tuple[str, Any], ...]:
    """``(name, seed)`` for each entry of ``APP_ORDER`` whose module exists (resolved once)."""
    seeders = []
    for app in APP_ORDER:
        module_name = app if "." in app else f"{app}.demo"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        if hasattr(module, "seed"):
            seeders.append((app, module.seed))
    return tuple(seeders)


class Command(BaseCommand):
    help = "Crée (ou complète) les données de démonstration et affiche les identifiants."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            ctx = demo.seed(self.stdout)
            seeders = app_seeders()
            ctx.log(f"Données de démonstration des applications : {', '.join(app for app, _ in seeders)}.")
            for app, seed in seeders:
                ctx.log(f"[{app}]")
                seed(ctx)
        self.stdout.write("")
        self.stdout.write(demo.format_logins(ctx))
