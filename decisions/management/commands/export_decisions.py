"""Export decisions in the stable schema described in decisions/export.py.

Usage:
    python manage.py export_decisions [--format json|csv] [--output FILE] [--search PARAMS]

Without --output the export goes to standard output. --search takes the query string the
/decisions/ page takes (for example "year=2022&key=1"), through the same search selector;
without it every decision is exported. Records are always oldest first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet
from django.http import QueryDict

from decisions.models import Decision
from decisions.opendata.export import exported_decisions, write_csv, write_json
from decisions.search.selectors import decision_search


class Command(BaseCommand):
    help = "Export decisions (every one, or those a search finds) as JSON or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=("json", "csv"), default="json")
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument(
            "--search",
            default="",
            help='search parameters as on /decisions/, e.g. "year=2022&key=1" (default: all)',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        writer = write_json if options["format"] == "json" else write_csv
        decisions = self.searched_decisions(options["search"])
        output = options["output"]
        if not output:
            self.stdout.ending = ""  # the writers manage their own line endings
            count = writer(exported_decisions(decisions), self.stdout)
        else:
            path = Path(output)
            if not path.parent.is_dir():
                raise CommandError(f"--output {output}: folder {path.parent} does not exist")
            with path.open("w", encoding="utf-8", newline="") as out:
                count = writer(exported_decisions(decisions), out)
        self.stderr.write(f"Exported {count} decisions.")

    def searched_decisions(self, query_string: str) -> QuerySet[Decision]:
        """The decisions the search parameters find, or a clear error naming what is wrong."""
        search = decision_search(params=QueryDict(query_string))
        if not search.is_valid:
            problems = "; ".join(
                f"{name}: {message}" if name != "__all__" else str(message)
                for name, messages in search.filterset.errors.items()
                for message in messages
            )
            raise CommandError(f"--search {query_string}: {problems}")
        return search.decisions
