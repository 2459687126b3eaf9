"""The import pipeline: files -> bytes -> parsed notices -> importer, in chunks.

Unchanged files are recognised by their SHA-256 before they are parsed, so a re-import of
an archive that has not changed costs one query per chunk and no parsing. While one chunk
is written, the next is read, hashed and parsed in worker processes (parse_pool.py).
"""

from __future__ import annotations

import errno
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from dataclasses import replace as replace_result
from pathlib import Path

from django.db import connection, transaction
from django.db.models.expressions import RawSQL

from decisions.changes import batch_finished, changes_together
from decisions.councils import council_for
from decisions.importing.councillor_registry import CouncillorRegistry
from decisions.importing.locks import import_lock
from decisions.importing.parse_pool import ParseJob, ParsePool
from decisions.importing.writer import (
    ImportResult,
    NoticeToImport,
    import_batch,
    source_sha256,
)
from decisions.models import (
    Clause,
    Council,
    Councillor,
    CouncillorAlias,
    Decision,
    SourceDocument,
)
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
    """Expand files and folders (recursively, by format suffix) in a stable order; report
    missing paths, and symlinks inside a folder that loop or lead nowhere.

    A folder gives the files of every format the parser has a front end for, by the
    suffixes of its row in the formats table (`*.txt`, `*.pdf`). Symlinked folders are
    followed, each real folder once; one that leads back to a folder above it is a loop
    and is reported, not followed.
    """
    files: list[Path] = []
    problems: list[ImportResult] = []
    suffixes = notice_suffixes()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, skipped = _walk(path, suffixes)
            files.extend(sorted(found))
            problems.extend(skipped)
        elif path.is_file():
            files.append(path)
        elif path.is_symlink():
            problems.append(_link_problem(path))
        else:
            problems.append(ImportResult("failed", str(path), message="no such file or folder"))
    return files, problems


def _walk(root: Path, suffixes: Iterable[str]) -> tuple[list[Path], list[ImportResult]]:
    """The notice files under `root`, and a report for each symlink that loops or is broken."""
    suffixes = tuple(suffixes)
    found: list[Path] = []
    skipped: list[ImportResult] = []
    visited: set[tuple[int, int]] = set()
    for folder, dirs, names in os.walk(root, followlinks=True):
        here = Path(folder)
        stat = here.stat()
        visited.add((stat.st_dev, stat.st_ino))
        for name in sorted(dirs):
            child = here / name
            try:
                child_stat = child.stat()
            except OSError:
                continue
            if (child_stat.st_dev, child_stat.st_ino) in visited or _inside(child, here):
                dirs.remove(name)
                if child.is_symlink():
                    skipped.append(
                        ImportResult(
                            "failed",
                            str(child),
                            message=f"symlink loop: it leads back to {child.resolve()}; "
                            "not followed",
                        )
                    )
        for name in names:
            if not name.endswith(suffixes):
                continue
            file = here / name
            if file.is_file():
                found.append(file)
            elif file.is_symlink():
                skipped.append(_link_problem(file))
    return found, skipped


def _inside(link: Path, folder: Path) -> bool:
    """Whether a folder symlink leads to `folder` or to one above it (a loop)."""
    target, current = link.resolve(), folder.resolve()
    return current == target or target in current.parents


def _link_problem(path: Path) -> ImportResult:
    """The report for a symlink that cannot be read: one in a loop, or one to nothing."""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            return ImportResult("failed", str(path), message="symlink loop: skipped")
    return ImportResult(
        "failed", str(path), message=f"broken symlink: {os.readlink(path)} does not exist"
    )


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
    wait: bool = True,
    council: Council | None = None,
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
    everything in this process; None picks one fewer than the cores). With wait=False, an
    import that finds another running raises locks.ImportRunning at once.

    A dry run takes no import lock: it commits nothing, so it cannot interleave with an
    import's writes, and the admin's preview must not wait for an import of hours. Nor does
    it run the final derived steps (follow-up links across the archive), which it would
    roll back unseen.
    """
    summary = ImportSummary()
    seen: dict[str, str] = {}  # reference -> the file that first gave it in this run
    # One registry for the run, so chunks do not each read every name; it is the council's.
    registry = CouncillorRegistry(council=council or council_for(None))
    council_id = registry.the_council().pk
    statistics = PlannerStatistics()
    with (
        nullcontext() if dry_run else import_lock(on_wait=on_wait, wait=wait),
        ParsePool(jobs) as pool,
        transaction.atomic() if dry_run else nullcontext(),
    ):
        chunks = _chunks(sources, CHUNK, CHUNK_BYTES)
        for planned in _parse_ahead(chunks, pool, reparse=reparse, council_id=council_id):
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
        if dry_run:
            transaction.set_rollback(True)
        else:
            with transaction.atomic():
                batch_finished()  # the derived work that compares many decisions runs once
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
    chunk: Sequence[SourceFile | ImportResult], pool: ParsePool, *, reparse: bool, council_id: int
) -> PlannedChunk:
    hashes = {
        i: source_sha256(item.data) for i, item in enumerate(chunk) if isinstance(item, SourceFile)
    }
    known = _known(set(hashes.values()), council_id)
    to_parse = {
        i: (item.data, item.source_format)
        for i, item in enumerate(chunk)
        if isinstance(item, SourceFile) and (reparse or hashes[i] not in known)
    }
    return PlannedChunk(chunk, hashes, known, pool.start(to_parse))


def _parse_ahead(
    chunks: Iterable[Sequence[SourceFile | ImportResult]],
    pool: ParsePool,
    *,
    reparse: bool,
    council_id: int,
) -> Iterator[PlannedChunk]:
    """Each chunk, planned; the next one is planned (and its parsing begun) before it is given."""
    ahead: PlannedChunk | None = None
    for chunk in chunks:
        planned = _plan(chunk, pool, reparse=reparse, council_id=council_id)
        if ahead is not None:
            yield ahead
        ahead = planned
    if ahead is not None:
        yield ahead


def _known(hashes: set[str], council_id: int) -> dict[str, str]:
    """The council's stored decisions' references by source hash, for these hashes."""
    if not hashes:
        return {}
    stored = Decision.objects.filter(council_id=council_id, source_sha256__in=_any_of(hashes))
    return dict(stored.values_list("source_sha256", "reference"))


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
    """Import one chunk's files; `seen` holds, for the whole run, the file each reference
    was imported from, so a second file with that reference is refused.

    A reference is claimed only by a file that was written (or is unchanged): a file the
    importer refuses claims nothing, and a later file of the same chunk with its reference
    is imported after it instead. A byte-identical copy of a file earlier in the chunk gets
    the answer the earlier file got ("unchanged" if it was written), which is also what a
    copy in a later chunk gets, where the earlier file is then stored.
    """
    results: dict[int, ImportResult] = {}
    chunk, hashes, known = planned.items, planned.hashes, dict(planned.known)
    # The chunk was planned before the one before it was written: a file that repeats one
    # written there is known now, and is unchanged rather than parsed again.
    council_id = registry.the_council().pk if registry else council_for(None).pk
    known.update(_known({h for h in hashes.values() if h not in known}, council_id))
    to_import: list[tuple[int, NoticeToImport]] = []
    waiting: list[tuple[int, NoticeToImport]] = []  # their reference's claim may yet fail
    copies: dict[int, int] = {}  # a file -> the earlier file of this chunk with its bytes
    first_with_hash: dict[str, int] = {}
    claimed_here: set[str] = set()
    seen = {} if seen is None else seen
    for i, item in enumerate(chunk):
        if isinstance(item, ImportResult):
            results[i] = item
        elif hashes[i] in known and not reparse:
            results[i] = ImportResult("unchanged", item.name, known[hashes[i]])
            seen.setdefault(known[hashes[i]], item.name)
        elif hashes[i] in first_with_hash:
            copies[i] = first_with_hash[hashes[i]]
        else:
            first_with_hash[hashes[i]] = i
            parsed = planned.parsing.result(i)
            if isinstance(parsed, NoticeParseError):
                results[i] = ImportResult("failed", item.name, message=str(parsed))
                continue
            notice = NoticeToImport(parsed, item.name, item.data, hashes[i])
            first = seen.setdefault(parsed.reference, item.name)
            if first != item.name and not replace:
                if parsed.reference in claimed_here:
                    waiting.append((i, notice))
                else:
                    results[i] = _also_given(notice, first)
                continue
            claimed_here.add(parsed.reference)
            to_import.append((i, notice))
    while to_import:
        results.update(_write(to_import, seen, reparse=reparse, replace=replace, registry=registry))
        to_import, still_waiting = [], []
        for i, notice in waiting:
            reference = notice.parsed.reference
            first = seen.setdefault(reference, notice.source_path)
            if first == notice.source_path:
                to_import.append((i, notice))
            elif any(n.parsed.reference == reference for _, n in to_import):
                still_waiting.append((i, notice))
            else:
                results[i] = _also_given(notice, first)
        waiting = still_waiting
    for i, original in copies.items():
        results[i] = _copy_result(chunk[i].name, results[original])
    return [results[i] for i in range(len(chunk))]


def _write(
    batch: list[tuple[int, NoticeToImport]],
    seen: dict[str, str],
    *,
    reparse: bool,
    replace: bool,
    registry: CouncillorRegistry | None,
) -> dict[int, ImportResult]:
    """Import a batch; a file that failed gives up its claim on its reference. Each result
    carries the notes on how its file was read (an encoding guessed, say)."""
    imported = import_batch(
        [notice for _, notice in batch], reparse=reparse, replace=replace, registry=registry
    )
    results: dict[int, ImportResult] = {}
    for (i, notice), result in zip(batch, imported, strict=True):
        if result.status == "failed" and seen.get(notice.parsed.reference) == notice.source_path:
            del seen[notice.parsed.reference]
        notes = notice.parsed.notes
        results[i] = (
            replace_result(result, message="; ".join(filter(None, [result.message, *notes])))
            if notes
            else result
        )
    return results


def _also_given(notice: NoticeToImport, first: str) -> ImportResult:
    reference = notice.parsed.reference
    return ImportResult(
        "failed",
        notice.source_path,
        reference,
        f"reference {reference} is also given by {first} in this import; "
        "nothing was changed (import the one you mean, or use --replace)",
    )


def _copy_result(name: str, original: ImportResult) -> ImportResult:
    """The answer for a byte-identical copy of a file: unchanged once that file is stored,
    else the original's own failure."""
    if original.status == "failed":
        return replace_result(original, source_path=name)
    return ImportResult("unchanged", name, original.reference)
