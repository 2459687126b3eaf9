"""The import pipeline: files -> bytes -> parsed notices -> importer, in chunks.

Unchanged files are recognised by their SHA-256 before they are parsed, so a re-import of
an archive that has not changed costs one query per chunk and no parsing. While one chunk
is written, the next is read, hashed and parsed in worker processes (parse_pool.py).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from decisions.changes import batch_finished, changes_together
from decisions.importing.councillor_registry import CouncillorRegistry
from decisions.importing.locks import import_lock
from decisions.importing.parse_pool import ParseJob, ParsePool
from decisions.importing.writer import (
    ImportResult,
    NoticeToImport,
    import_batch,
    source_sha256,
)
from decisions.models import Clause, Councillor, CouncillorAlias, Decision, SourceDocument
from decisions.parsing import NoticeParseError, SourceFormat
from decisions.parsing.formats import HEAD_BYTES, detect_format, notice_suffixes, size_problem
from decisions.seams import derived_step_tables

CHUNK = 500
# A chunk also ends once its files reach this many bytes, so memory is bounded by the
# chunk, not by how large the files are (each byte read is held several times over:
# bytes, decoded text, parsed fields, the rows being written; and two chunks are held at
# once, the one being written and the one parsed ahead). A single larger file, such as a
# PDF of up to 20 MB, is a chunk of its own.
CHUNK_BYTES = 8_000_000


@dataclass
class ImportSummary:
    """Counts by status, and every failure with its reason."""

    counts: Counter = field(default_factory=Counter)
    failures: list[ImportResult] = field(default_factory=list)

    def add(self, result: ImportResult) -> None:
        self.counts[result.status] += 1
        if result.status == "failed":
            self.failures.append(result)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def line(self) -> str:
        """created N, updated N, unchanged N, failed N."""
        return ", ".join(
            f"{status} {self.counts[status]}"
            for status in ("created", "updated", "unchanged", "failed")
        )


def find_notice_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[ImportResult]]:
    """Expand files and folders (recursively, by format suffix) in a stable order; report missing.

    A folder gives the files of every format the parser has a front end for, by the
    suffixes of its row in the formats table (`*.txt`, `*.pdf`).
    """
    files: list[Path] = []
    missing: list[ImportResult] = []
    suffixes = notice_suffixes()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = (p for suffix in suffixes for p in path.rglob(f"*{suffix}") if p.is_file())
            files.extend(sorted(found))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(ImportResult("failed", str(path), message="no such file or folder"))
    return files, missing


@dataclass(frozen=True)
class SourceFile:
    """A notice's bytes, already read, with the name to report it under."""

    name: str
    data: bytes

    @property
    def source_format(self) -> SourceFormat:
        """The format the notice is in, by its content first and then its name."""
        return detect_format(self.data, self.name)


def read_sources(files: Iterable[Path]) -> Iterator[SourceFile | ImportResult]:
    """Read each file, refusing ones too large for their format without reading them."""
    for path in files:
        try:
            yield _read_source(path)
        except OSError as error:
            yield ImportResult("failed", str(path), message=f"could not be read: {error.strerror}")


def _read_source(path: Path) -> SourceFile | ImportResult:
    """One file's bytes, or its failure when it is over its format's size limit."""
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
        size = os.fstat(file.fileno()).st_size
        problem = size_problem(size, detect_format(head, path.name))
        if problem is not None:
            return ImportResult("failed", str(path), message=problem)
        return SourceFile(str(path), head + file.read())


def import_sources(
    sources: Iterable[SourceFile | ImportResult],
    *,
    on_result: Callable[[ImportResult], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    dry_run: bool = False,
    reparse: bool = False,
    replace: bool = False,
    jobs: int | None = None,
) -> ImportSummary:
    """Parse and import notices chunk by chunk; with dry_run, roll everything back.

    Each chunk's decisions and what is derived from them (timeline membership and events)
    are committed together, so an interrupted import never leaves a decision off its timeline.
    The steps that compare many decisions (follow-up links) run at the end of every run, even
    one that changed nothing, so a re-run finishes what an interrupted run left undone. With
    reparse, unchanged files are parsed and written again (after a parser fix); with
    replace, a notice that is another decision than the one stored under its reference
    replaces it. Only one import runs at a time (decisions/locks.py). While a chunk is
    written, the next is parsed by `jobs` worker processes (decisions/parse_pool.py; 0 parses
    everything in this process; None picks one fewer than the cores).
    """
    summary = ImportSummary()
    seen: dict[str, str] = {}  # reference -> the file that first gave it in this run
    registry = CouncillorRegistry()  # one for the run: chunks do not each read every name
    statistics = PlannerStatistics()
    with (
        import_lock(on_wait=on_wait),
        ParsePool(jobs) as pool,
        transaction.atomic() if dry_run else nullcontext(),
    ):
        chunks = _chunks(sources, CHUNK, CHUNK_BYTES)
        for planned in _parse_ahead(chunks, pool, reparse=reparse):
            # The chunk's changes are applied together when it ends (one search rebuild,
            # one derived step per kind), in its transaction.
            with transaction.atomic(), changes_together(final=False):
                results = _import_chunk(
                    planned, reparse=reparse, replace=replace, seen=seen, registry=registry
                )
            del planned
            for result in results:
                summary.add(result)
                if on_result:
                    on_result(result)
            if not dry_run:
                statistics.note(summary.counts["created"])
        with transaction.atomic():
            batch_finished()  # the derived work that compares many decisions runs once
        if dry_run:
            transaction.set_rollback(True)
    return summary


# The tables an import's own lookups read: hashes and references, clauses by decision,
# councillors; the derived steps name theirs (the timelines: their rows by decision).
CORE_TABLES_READ = (Decision, Clause, Councillor, CouncillorAlias, SourceDocument)


def analysed_tables() -> tuple[str, ...]:
    return (*(model._meta.db_table for model in CORE_TABLES_READ), *derived_step_tables())


@dataclass
class PlannerStatistics:
    """Refreshes PostgreSQL's planner statistics as a large import grows the tables.

    Each chunk looks stored rows up by hash, reference and decision. A planner with no
    statistics for a table that grew from nothing (autovacuum off, or not yet run) reads
    the whole table for each lookup: at 100,000 decisions that made an unchanged re-import
    run at 850 notices a second instead of thousands. So the tables are analysed after the
    first chunk that creates rows, and again each time the rows this run created double:
    a handful of ANALYZEs for any size of import, each reading a bounded sample.
    """

    analysed_at: int = 0

    def note(self, created: int) -> None:
        """Called after each committed chunk with the rows created so far in this run."""
        if connection.vendor != "postgresql" or created < max(1, 2 * self.analysed_at):
            return
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(analysed_tables())}")
        self.analysed_at = created


@dataclass
class PlannedChunk:
    """A chunk, its files' hashes, the hashes already stored, and its parsing under way."""

    items: Sequence[SourceFile | ImportResult]
    hashes: dict[int, str]
    known: dict[str, str]  # hash -> reference, as stored when the chunk was planned
    parsing: ParseJob


def _plan(
    chunk: Sequence[SourceFile | ImportResult], pool: ParsePool, *, reparse: bool
) -> PlannedChunk:
    hashes = {
        i: source_sha256(item.data) for i, item in enumerate(chunk) if isinstance(item, SourceFile)
    }
    known = _known(set(hashes.values()))
    to_parse = {
        i: (item.data, item.source_format)
        for i, item in enumerate(chunk)
        if isinstance(item, SourceFile) and (reparse or hashes[i] not in known)
    }
    return PlannedChunk(chunk, hashes, known, pool.start(to_parse))


def _parse_ahead(
    chunks: Iterable[Sequence[SourceFile | ImportResult]], pool: ParsePool, *, reparse: bool
) -> Iterator[PlannedChunk]:
    """Each chunk, planned; the next one is planned (and its parsing begun) before it is given."""
    ahead: PlannedChunk | None = None
    for chunk in chunks:
        planned = _plan(chunk, pool, reparse=reparse)
        if ahead is not None:
            yield ahead
        ahead = planned
    if ahead is not None:
        yield ahead


def _known(hashes: set[str]) -> dict[str, str]:
    """The stored decisions' references by source hash, for these hashes."""
    if not hashes:
        return {}
    return dict(
        Decision.objects.filter(source_sha256__in=_any_of(hashes)).values_list(
            "source_sha256", "reference"
        )
    )


def _size(item: SourceFile | ImportResult) -> int:
    return len(item.data) if isinstance(item, SourceFile) else 0


def _chunks(items: Iterable, size: int, max_bytes: int | None = None) -> Iterator[list]:
    """Lists of at most `size` items and (but for a single large item) `max_bytes` bytes."""
    chunk: list = []
    held = 0
    for item in items:
        item_bytes = _size(item)
        if chunk and item_bytes and max_bytes is not None and held + item_bytes > max_bytes:
            yield chunk
            chunk, held = [], 0
        chunk.append(item)
        held += item_bytes
        if len(chunk) == size:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def _any_of(values: set[str]) -> set[str] | RawSQL:
    """The values for an `__in` lookup; on PostgreSQL one array parameter, not one each.

    A chunk's 500 hashes as 500 placeholders cost more to bind and plan than the lookup
    itself, which made up most of an unchanged re-import's time.
    """
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::varchar[])", (sorted(values),))
    return values


def _import_chunk(
    planned: PlannedChunk,
    *,
    reparse: bool,
    replace: bool = False,
    seen: dict[str, str] | None = None,
    registry: CouncillorRegistry | None = None,
) -> list[ImportResult]:
    results: dict[int, ImportResult] = {}
    chunk, hashes, known = planned.items, planned.hashes, dict(planned.known)
    # The chunk was planned before the one before it was written: a file that repeats one
    # written there is known now, and is unchanged rather than parsed again.
    known.update(_known({h for h in hashes.values() if h not in known}))
    to_import: list[tuple[int, NoticeToImport]] = []
    seen = {} if seen is None else seen
    for i, item in enumerate(chunk):
        if isinstance(item, ImportResult):
            results[i] = item
        elif hashes[i] in known and not reparse:
            results[i] = ImportResult("unchanged", item.name, known[hashes[i]])
            seen.setdefault(known[hashes[i]], item.name)
        else:
            parsed = planned.parsing.result(i)
            if isinstance(parsed, NoticeParseError):
                results[i] = ImportResult("failed", item.name, message=str(parsed))
                continue
            first = seen.setdefault(parsed.reference, item.name)
            if first != item.name and not replace:
                results[i] = ImportResult(
                    "failed",
                    item.name,
                    parsed.reference,
                    f"reference {parsed.reference} is also given by {first} in this import; "
                    "nothing was changed (import the one you mean, or use --replace)",
                )
                continue
            to_import.append((i, NoticeToImport(parsed, item.name, item.data, hashes[i])))
    imported = import_batch(
        [notice for _, notice in to_import], reparse=reparse, replace=replace, registry=registry
    )
    results.update((i, result) for (i, _), result in zip(to_import, imported, strict=True))
    return [results[i] for i in range(len(chunk))]
