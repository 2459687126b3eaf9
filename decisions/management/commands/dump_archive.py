"""Write a backup of the whole archive, which load_archive restores.

Usage:
    python manage.py dump_archive [--output FILE] [--with-personal-data]

The backup (JSON lines; the format is described in decisions/backup.py) holds decisions
with their clauses and version history, councillors and their aliases, the correction
trail, timelines with their memberships, events and follow-up links (admin tombstones
included), the source documents as imported, and the admin accounts (with their password
hashes: keep backups as safe as the database). Without --output it goes to standard output.
People's personal data (the email alerts' subscribers, their alerts and outbox) is left
out unless --with-personal-data asks for it.

With --output the backup is written to a temporary file beside FILE and renamed to FILE
only once its trailer (row counts and checksum) is written, so a dump that fails or is
killed never leaves a FILE that looks complete. It reads one consistent snapshot, even
while an import runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.backup import dump_archive, dump_archive_to


class Command(BaseCommand):
    help = "Write a backup of the whole archive (JSON lines) that load_archive restores."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument(
            "--with-personal-data",
            action="store_true",
            help="also dump the models holding personal data (alert subscribers' addresses)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["output"]:
            output = Path(options["output"])
            try:
                counts = dump_archive_to(output, with_private=options["with_personal_data"])
            except OSError as error:
                raise CommandError(
                    f"{output}: could not be written: {error.strerror}. No backup was written."
                ) from error
            self.stderr.write(
                f"Wrote {sum(counts.values())} rows to {options['output']}: "
                + ", ".join(f"{label} {n}" for label, n in counts.items())
            )
        else:
            dump_archive(self.stdout, with_private=options["with_personal_data"])
