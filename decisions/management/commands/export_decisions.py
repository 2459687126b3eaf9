"""Export every decision in the stable schema described in decisions/export.py.

Usage:
    python manage.py export_decisions [--format json|csv] [--output FILE]

Without --output the export goes to standard output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.export import exported_decisions, write_csv, write_json


class Command(BaseCommand):
    help = "Export every decision as JSON or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        writer = write_json if options["format"] == "json" else write_csv
        output = options["output"]
        if not output:
            self.stdout.ending = ""  # the writers manage their own line endings
            count = writer(exported_decisions(), self.stdout)
        else:
            path = Path(output)
            if not path.parent.is_dir():
                raise CommandError(f"--output {output}: folder {path.parent} does not exist")
            with path.open("w", encoding="utf-8", newline="") as out:
                count = writer(exported_decisions(), out)
        self.stderr.write(f"Exported {count} decisions.")
