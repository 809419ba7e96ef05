"""``python manage.py simulate_results FILE``: compute a scenario's results and proposals as JSON.

Pure: no database access at all (works before migrations). Errors name the YAML path and exit
non-zero (docs/scenario-format.md).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from juries.scenario import ScenarioError, load_scenario, simulate


class Command(BaseCommand):
    help = "Calcule les résultats et propositions de jury d'un fichier de scénario YAML (sans base de données)."
    requires_system_checks: list[str] = []  # type: ignore[assignment]
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="fichier de scénario YAML (docs/scenario-format.md)")
        parser.add_argument("--indent", type=int, default=2, help="indentation du JSON (0 : compact)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            scenario = load_scenario(options["file"])
        except ScenarioError as exc:
            lines = "\n".join(f"  {path}: {msg}" for path, msg in exc.errors)
            raise CommandError(f"Scénario invalide ({options['file']}) :\n{lines}") from None
        result = simulate(scenario)
        indent = options["indent"] or None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=indent, sort_keys=False))
