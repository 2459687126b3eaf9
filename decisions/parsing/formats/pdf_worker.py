"""Runs PDF extraction, and OCR of a scan's pages, in a worker process with a time and a
memory limit, so no PDF can hang an import or exhaust the machine.

PDFium is C code: a malformed or hostile PDF can make it loop for a long time, and a thread
cannot be stopped. The worker is one long-lived process (started once, reused for every
file, so a folder of PDFs pays the start-up only once); when a file runs over its time, the
worker is killed, the file is reported, and the next file gets a fresh worker.

A decompression bomb (a 5 MB PDF whose page content inflates to 5 GB) needs no time limit
to do harm: PDFium inflates it into memory, gigabytes in seconds. So the worker caps its own
address space (RLIMIT_AS) at MEMORY_LIMIT before it reads a file: an allocation past it
fails, the worker fails or dies, the file is reported, and the next file gets a fresh one.
A worker also exits when the process that started it has gone (exit_with_parent).

A scanned page is one request of its own ("ocr", with the page's number), with a time limit
per page; Tesseract runs with OMP_THREAD_LIMIT=1, so a worker uses one core.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .ocr_engine import PAGE_TIME_LIMIT, OcrProblem, recognise_page
from .pdf_extract import PdfPage, PdfProblem, extract_pages
from .positional import PageWords

TIME_LIMIT = 10.0  # seconds for one file; notices take a few milliseconds
START_LIMIT = 60.0  # seconds for a new worker to start, on a busy machine
# Bytes of address space for the worker: Python and PDFium take about 35 MB, a notice a
# few more; a 20 MB PDF of 50 pages well under this.
MEMORY_LIMIT = 512 * 1024 * 1024

Extract = Callable[[bytes], list[PdfPage]]
Recognise = Callable[[bytes, int], PageWords]


def exit_with_parent(*, interval: float = 1.0) -> None:
    """In a worker process: exit as soon as the process that started it has gone.

    A `kill -9` of an import gives its workers no word: a worker blocked on a queue that it
    holds both ends of waits for ever, and keeps multiprocessing's resource tracker alive
    with it. A daemon thread notices the parent's death (this process is given another
    parent) within `interval` seconds and ends the process.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def limit_memory(limit: int) -> None:
    """Cap this process's address space at `limit` bytes (never raising a lower cap)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def too_large_problem(memory_limit: int) -> str:
    """The report for a PDF that needed more memory than the worker may have."""
    return (
        f"reading the PDF needed more than {memory_limit // (1024 * 1024)} MB of memory; "
        "it may be a decompression bomb or malformed"
    )


def _serve(
    connection: Connection, extract: Extract, recognise: Recognise, memory_limit: int
) -> None:
    """The worker's loop: ("extract", bytes) or ("ocr", bytes, page) in, ("ok", result) or
    ("problem", reason) out."""
    exit_with_parent()
    limit_memory(memory_limit)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # Tesseract: one thread per worker
    connection.send(("ready", None))  # start-up (imports) is not counted in a file's time
    while True:
        try:
            request = connection.recv()
        except EOFError:  # the parent closed the pipe, or died
            return
        try:
            if request[0] == "ocr":
                reply: tuple[str, Any] = ("ok", recognise(request[1], request[2]))
            else:
                reply = ("ok", extract(request[1]))
        except (PdfProblem, OcrProblem) as problem:
            reply = ("problem", str(problem))
        except MemoryError:
            reply = ("problem", too_large_problem(memory_limit))
        except Exception as error:  # PDFium's own errors and anything a bad file provokes
            reply = ("problem", f"the PDF could not be read ({type(error).__name__}: {error})")
        connection.send(reply)


class PdfWorker:
    """A worker process that extracts one PDF at a time, within a time limit."""

    def __init__(
        self,
        extract: Extract = extract_pages,
        recognise: Recognise = recognise_page,
        *,
        memory_limit: int = MEMORY_LIMIT,
    ) -> None:
        self._extract = extract
        self._recognise = recognise
        self._memory_limit = memory_limit
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None
        self._owner = os.getpid()

    def extract(self, data: bytes, *, time_limit: float = TIME_LIMIT) -> list[PdfPage]:
        """The PDF's pages; raise PdfProblem when it is unreadable or runs over time_limit."""
        return self._ask(
            ("extract", data),
            time_limit,
            f"reading the PDF took longer than {time_limit:g} seconds; the file may be malformed",
        )

    def recognise(
        self, data: bytes, page: int, *, time_limit: float = PAGE_TIME_LIMIT
    ) -> PageWords:
        """One scanned page's words by OCR; raise PdfProblem when it runs over time_limit."""
        return self._ask(
            ("ocr", data, page),
            time_limit + 5,  # Tesseract is stopped at time_limit; this is for the rest
            f"reading scanned page {page + 1} took longer than {time_limit:g} seconds",
        )

    def _ask(self, request: tuple[Any, ...], time_limit: float, too_long: str) -> Any:
        with self._lock:
            connection = self._started()
            connection.send(request)
            if not connection.poll(time_limit):
                self.stop()
                raise PdfProblem(too_long)
            try:
                status, value = connection.recv()
            except (EOFError, MemoryError):  # it died (out of memory, say) on this file
                self.stop()
                raise PdfProblem(
                    "the PDF reader stopped on this file; it may be malformed, or a "
                    f"decompression bomb (it may use at most {self._memory_limit // 2**20} MB)"
                ) from None
        if status == "problem":
            raise PdfProblem(value)
        return value

    def _started(self) -> Connection:
        if self._owner != os.getpid():  # a forked copy (e.g. a server worker): not our child
            self._process, self._connection, self._owner = None, None, os.getpid()
        if self._process is None or not self._process.is_alive():
            self.stop()
            context = multiprocessing.get_context("spawn")  # no copy of the caller's threads
            parent, child = context.Pipe()
            process = context.Process(
                target=_serve,
                args=(child, self._extract, self._recognise, self._memory_limit),
                daemon=True,
            )
            process.start()
            child.close()
            self._process, self._connection = process, parent
            try:
                ready = parent.poll(START_LIMIT) and parent.recv()[0] == "ready"
            except EOFError:  # it died while starting
                ready = False
            if not ready:
                self.stop()
                raise PdfProblem("the PDF reader could not be started")
        assert self._connection is not None
        return self._connection

    def stop(self) -> None:
        """Kill the worker; the next file starts a new one."""
        if self._process is not None:
            self._process.kill()
            self._process.join(timeout=5)
        if self._connection is not None:
            self._connection.close()
        self._process, self._connection = None, None


WORKER = PdfWorker()
