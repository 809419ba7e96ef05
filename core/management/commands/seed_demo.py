"""``manage.py seed_demo``: demo institutions (one per preset), users for every role, and each
app's demo data (``<app>.demo.seed(ctx)``), in one transaction. Idempotent: a second run changes
nothing and prints the same logins."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from core import demo

#: Apps whose ``demo.seed(ctx)`` runs after the core seed, in this order.
APP_ORDER = ("courses", "enrollment", "admissions", "exams", "juries", "internships", "absences", "discipline")


def app_seeders() -> list[tuple[str, Any]]:
    seeders = []
    for app in APP_ORDER:
        module_name = f"{app}.demo"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        if hasattr(module, "seed"):
            seeders.append((app, module.seed))
    return seeders


class Command(BaseCommand):
    help = "Crée (ou complète) les données de démonstration et affiche les identifiants."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            ctx = demo.seed(self.stdout)
            for app, seed in app_seeders():
                ctx.log(f"[{app}]")
                seed(ctx)
        self.stdout.write("")
        self.stdout.write(demo.format_logins(ctx))
