"""Import written statements of decisions from PDF and text files.

Usage:
    python manage.py import_notices [--council SLUG] PATH [PATH ...] [--dry-run] [--reparse]
                                    [--replace] [--jobs N]

The notices are the council's named by --council; without it, the only council there is
(the first council, made from settings, in an archive with none). With several councils
and no --council the command stops, naming them.

PATH is a notice file or a folder (searched recursively for *.txt and *.pdf; a file that
starts with %PDF- is read as a PDF whatever its name). Every file is tried;
a bad one is reported with its reason and the rest go on. The exit code is 1 if any
file failed. With --dry-run nothing is saved, but the report says what would change.
Unchanged files (same SHA-256) are skipped unparsed; --reparse parses and writes them
again, e.g. after a parser fix. Admin corrections are kept either way.

A notice whose reference is already stored for plainly another decision (a different
title and a different decision date), or that shares its reference with another file in
the same import, is refused and changes nothing. --replace lets it replace the stored
decision on purpose. Whatever an import rewrites is kept in the decision's version history.
Only one import runs at a time; a second one waits for the first. A large import parses
the next chunk of files in N worker processes while it writes the last (default: one fewer
than the machine's cores; --jobs 0 parses everything in the command's own process).
"""

from __future__ import annotations

import sys
from itertools import chain
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.councils import CouncilNotChosen, council_for
from decisions.importing.pipeline import (
    ImportSummary,
    find_notice_files,
    import_sources,
    read_sources,
)
from decisions.importing.writer import ImportResult
from decisions.opendata.bulk import build_full_export
from decisions.search.selectors import decision_search


class Command(BaseCommand):
    help = "Import written statements of decisions from PDF or text files, or folders of them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", help="notice files, or folders of *.pdf and *.txt files"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, save nothing"
        )
        parser.add_argument(
            "--reparse",
            action="store_true",
            help="parse and write unchanged files again (after a parser fix)",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="let a notice replace another decision stored under the same reference",
        )
        parser.add_argument(
            "--council", default=None, help="the council's slug (needed once there are several)"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="worker processes that parse ahead (default: cores - 1; 0: none)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = self.run_import(
            options["paths"],
            dry_run=options["dry_run"],
            reparse=options["reparse"],
            replace=options["replace"],
            jobs=options["jobs"],
            council=options["council"],
        )
        if not options["dry_run"]:
            self.refresh_exports()
        if summary.failures:
            raise CommandError(
                f"{len(summary.failures)} of {summary.total} files failed", returncode=1
            )

    def refresh_exports(self) -> None:
        """Rebuild the full CSV that /decisions/export.csv serves, so it holds this import."""
        built = build_full_export(decision_search(params={}).decisions)
        if built is not None:
            self.stdout.write(
                f"Rebuilt the full CSV export ({built.rows:,} decisions) in {built.seconds:.1f} s."
            )

    def run_import(
        self,
        paths: list[str],
        *,
        dry_run: bool = False,
        reparse: bool = False,
        replace: bool = False,
        jobs: int | None = None,
        council: str | None = None,
    ) -> ImportSummary:
        """Import the paths, reporting as it goes; returns the summary."""
        try:
            chosen = council_for(council)
        except CouncilNotChosen as error:
            raise CommandError(f"{error} with --council SLUG") from None
        files, missing = find_notice_files(paths)
        progress = self._progress_bar(len(files) + len(missing))
        on_result = progress.update_with if progress else self._print_result
        summary = import_sources(
            chain(missing, read_sources(files)),
            on_result=on_result,
            on_wait=self.stderr.write,
            dry_run=dry_run,
            reparse=reparse,
            replace=replace,
            jobs=jobs,
            council=chosen,
        )
        if progress:
            progress.close()
        prefix = "Dry run, nothing saved. Would have: " if dry_run else "Imported: "
        self.stdout.write(prefix + summary.line())
        for failure in summary.failures:
            self.stderr.write(f"  {failure.source_path}: {failure.message}")
        return summary

    def _print_result(self, result: ImportResult) -> None:
        line = result.describe()
        if result.status == "failed":
            self.stderr.write(line)
        else:
            self.stdout.write(line)

    def _progress_bar(self, total: int) -> _Progress | None:
        if not (hasattr(self.stdout, "isatty") and self.stdout.isatty()):
            return None
        return _Progress(total)


class _Progress:
    """A tqdm bar on a terminal; kept apart so plain output stays the default."""

    def __init__(self, total: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="notice", file=sys.stderr)

    def update_with(self, result: ImportResult) -> None:
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()
