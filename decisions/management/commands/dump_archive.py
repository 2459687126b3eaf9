"""Write a backup of the whole archive, which load_archive restores.

Usage:
    python manage.py dump_archive [--output FILE]

The backup (JSON lines; the format is described in decisions/backup.py) holds decisions
with their clauses and version history, councillors and their aliases, the correction
trail, timelines with their memberships, events and follow-up links (admin tombstones
included), the source documents as imported, and the admin accounts (with their password
hashes: keep backups as safe as the database). Without --output it goes to standard output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from decisions.backup import dump_archive


class Command(BaseCommand):
    help = "Write a backup of the whole archive (JSON lines) that load_archive restores."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["output"]:
            with Path(options["output"]).open("w", encoding="utf-8") as out:
                counts = dump_archive(out)
            self.stderr.write(
                f"Wrote {sum(counts.values())} rows to {options['output']}: "
                + ", ".join(f"{label} {n}" for label, n in counts.items())
            )
        else:
            dump_archive(self.stdout)
