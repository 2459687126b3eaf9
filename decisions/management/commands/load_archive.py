"""Restore a backup written by dump_archive into an empty database.

Usage:
    python manage.py migrate && python manage.py load_archive FILE

The database must be freshly migrated and hold no decisions, councillors, corrections or
timeline rows yet. The file is first checked against its trailer (row counts per model and
a SHA-256 of the rest), so a backup cut short or changed is refused before anything is
loaded; the load is then one transaction, so a bad row also leaves the database empty. Admin
accounts come back with their ids, so create new admin users after loading, not before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.backup import ArchiveLoadError, load_archive


class Command(BaseCommand):
    help = "Restore a backup written by dump_archive into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a backup file written by dump_archive")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            counts = load_archive(path)
        except OSError as error:
            raise CommandError(f"{path}: could not be read: {error.strerror}") from error
        except (ArchiveLoadError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}. Nothing was loaded.") from error
        self.stdout.write(
            f"Loaded {sum(counts.values())} rows from {path}: "
            + ", ".join(f"{label} {n}" for label, n in counts.items())
        )
