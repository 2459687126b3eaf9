"""Parse notices in worker processes while the importer writes the chunk before.

A first import spends about as long parsing as writing, and the two need not wait for
each other: while this process writes chunk k, workers parse chunk k + 1. Workers are
started with `spawn`, so they import only the pure parser (`decisions.parsing`), never
Django or this process's database connection. PDFs are parsed in this process, because
their front end already runs in a worker process of its own (`parsing/formats/pdf_worker`).

A small import (fewer than POOL_MIN notices to parse in a chunk) starts no workers at all:
starting them costs more than it saves. If a worker fails, its notices are parsed here.
Workers exit when this process has gone, even by `kill -9`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType

from decisions.parsing import NoticeParseError, ParsedNotice, SourceFormat
from decisions.parsing.batch import parse_each
from decisions.parsing.formats import facts_of
from decisions.parsing.formats.pdf_worker import exit_with_parent

# A chunk with fewer notices to parse than this is parsed in this process.
POOL_MIN = 100
# Notices sent to a worker at a time: large enough that pickling is not the cost, small
# enough that every worker gets a share of a chunk.
BATCH = 50

Parsed = ParsedNotice | NoticeParseError


def default_jobs() -> int:
    """Worker processes for parsing: one fewer than the cores, for the writer and database."""
    return max(0, min((os.cpu_count() or 1) - 1, 4))


class ParseJob:
    """One chunk's notices, parsed ahead; `result(i)` gives notice i, parsing it if need be."""

    def __init__(
        self,
        items: Mapping[int, tuple[bytes, SourceFormat]],
        batches: list[tuple[list[int], Future[list[Parsed]]]],
    ) -> None:
        self._items = items
        self._pending = {i: (indexes, future) for indexes, future in batches for i in indexes}
        self._done: dict[int, Parsed] = {}

    def result(self, index: int) -> Parsed:
        """The parsed notice at this index of the chunk, or its parse error."""
        if index not in self._done and index in self._pending:
            indexes, future = self._pending[index]
            try:
                parsed = future.result()
            except Exception:  # a worker died or could not unpickle: parse here instead
                parsed = parse_each([self._items[i] for i in indexes])
            for i, one in zip(indexes, parsed, strict=True):
                self._done[i] = one
                del self._pending[i]
        if index in self._done:
            return self._done.pop(index)
        return parse_each([self._items[index]])[0]


class ParsePool:
    """Worker processes that parse text notices ahead of the writer; started on first need."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = default_jobs() if jobs is None else max(0, jobs)
        self._executor: ProcessPoolExecutor | None = None

    def start(self, items: Mapping[int, tuple[bytes, SourceFormat]]) -> ParseJob:
        """Begin parsing a chunk's notices (index in the chunk -> bytes and format)."""
        text = [i for i, (_, fmt) in items.items() if facts_of(fmt).in_parse_pool]
        if self.jobs == 0 or len(text) < POOL_MIN:
            return ParseJob(items, [])
        executor = self._ensure_started()
        batches = []
        for start in range(0, len(text), BATCH):
            indexes = text[start : start + BATCH]
            future = executor.submit(parse_each, [items[i] for i in indexes])
            batches.append((indexes, future))
        return ParseJob(items, batches)

    def _ensure_started(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # A worker exits once this process has gone (a kill -9), and with the last
            # one, multiprocessing's resource tracker.
            self._executor = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=exit_with_parent,
            )
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
