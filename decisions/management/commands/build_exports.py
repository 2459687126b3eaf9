"""Build the prebuilt full CSV export that /decisions/export.csv serves.

Usage:
    python manage.py build_exports [--if-stale]

Writes every decision, in the list's order, to EXPORT_DIR/decisions.csv (through a
temporary file renamed into place). import_notices runs it after every import, and the
site starts it in the background after an admin import or when the file is older than the
archive; a scheduler may run it too (say, hourly). With --if-stale it does nothing when the
file is as new as the archive's latest import or correction, or another build is running.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from decisions.opendata.bulk import build_full_export, is_stale, prebuilt_full_export
from decisions.opendata.http import archive_version
from decisions.search.selectors import decision_search


class Command(BaseCommand):
    help = "Build the full CSV export that /decisions/export.csv serves."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="only if the file is older than the archive, and no other build is running",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_stale"]:
            path = prebuilt_full_export()
            if path is not None and not is_stale(path, archive_version().latest):
                self.stdout.write(f"{path} is up to date.")
                return
        built = build_full_export(
            decision_search(params={}).decisions, wait=not options["if_stale"]
        )
        if built is None:
            self.stdout.write("Another build of the exports is running.")
            return
        self.stdout.write(
            f"Wrote {built.rows:,} decisions to {built.path} in {built.seconds:.1f} s."
        )
