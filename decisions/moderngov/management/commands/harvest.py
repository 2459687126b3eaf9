"""Harvest councils' ModernGov sites.

Usage:
    python manage.py harvest [SLUG ...] [--since YYYY-MM-DD]

Each named council, or every council with a ModernGov URL. --since reads the decisions
published from that date on; without it a council's first harvest starts at
HARVEST_FIRST_SINCE and later ones re-list the last DAILY_WINDOW (decisions/moderngov/
runner.py), and unsettled pages older than that by their own address. Every fault is
reported with its URL and the rest goes on; a host that asks to be left alone for long, or
whose robots.txt cannot be had, stops its council's harvest unfinished (to resume next
run); a council whose harvest stops on an error is reported and the next council
harvested. The exit code is 1 if any decision page or council failed (a page that could
not be fetched, read or saved is asked for again on later runs), a list failed, or a
harvest stopped unfinished (its host unavailable, or another harvest took its council). A
harvest of a council another harvest is running is skipped, and says so. A harvest that was
killed, or a list that failed, resumes at that date slice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.moderngov.runner import harvest_council, harvestable_councils


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f'--since "{value}" is not a date (YYYY-MM-DD)') from None


class Command(BaseCommand):
    help = "Harvest councils' ModernGov sites (all with a ModernGov URL, or those named)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slugs", nargs="*", metavar="SLUG")
        parser.add_argument("--since", type=str, default=None, metavar="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        since = _date(options["since"]) if options["since"] else None
        try:
            councils = harvestable_councils(options["slugs"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        if not councils:
            self.stdout.write("No council has a ModernGov URL: nothing to harvest.")
            return
        failed = False
        for council in councils:
            if not council.moderngov_url:
                self.stderr.write(f"{council.slug} has no ModernGov URL: skipped")
                continue
            try:
                report = harvest_council(council, since=since, on_line=self.stdout.write)
            except Exception as error:  # one council's fault is not the others'
                self.stderr.write(f"{council.slug}: the harvest stopped: {error!r}")
                failed = True
                continue
            self.stdout.write(report.line())
            failed = failed or report.failed
        if failed:
            raise SystemExit(1)
