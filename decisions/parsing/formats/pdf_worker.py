"""Runs PDF extraction in a worker process with a time limit, so no PDF can hang an import.

PDFium is C code: a malformed or hostile PDF can make it loop for a long time, and a thread
cannot be stopped. The worker is one long-lived process (started once, reused for every
file, so a folder of PDFs pays the start-up only once); when a file runs over its time, the
worker is killed, the file is reported, and the next file gets a fresh worker.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .ocr_engine import PAGE_TIME_LIMIT, OcrProblem, recognise_page
from .pdf_extract import PdfPage, PdfProblem, extract_pages
from .positional import PageWords

TIME_LIMIT = 10.0  # seconds for one file; notices take a few milliseconds
START_LIMIT = 60.0  # seconds for a new worker to start, on a busy machine

Extract = Callable[[bytes], list[PdfPage]]
Recognise = Callable[[bytes, int], PageWords]


def _serve(connection: Connection, extract: Extract, recognise: Recognise) -> None:
    """The worker's loop: ("extract", bytes) or ("ocr", bytes, page) in, ("ok", result) or
    ("problem", reason) out."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # Tesseract: one thread per worker
    connection.send(("ready", None))  # start-up (imports) is not counted in a file's time
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        try:
            if request[0] == "ocr":
                reply: tuple[str, Any] = ("ok", recognise(request[1], request[2]))
            else:
                reply = ("ok", extract(request[1]))
        except (PdfProblem, OcrProblem) as problem:
            reply = ("problem", str(problem))
        except Exception as error:  # PDFium's own errors and anything a bad file provokes
            reply = ("problem", f"the PDF could not be read ({type(error).__name__}: {error})")
        connection.send(reply)


class PdfWorker:
    """A worker process that extracts one PDF, or recognises one scanned page, at a time,
    within a time limit."""

    def __init__(
        self, extract: Extract = extract_pages, recognise: Recognise = recognise_page
    ) -> None:
        self._extract = extract
        self._recognise = recognise
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
            except EOFError:
                self.stop()
                raise PdfProblem(
                    "the PDF reader stopped on this file; it may be malformed"
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
                target=_serve, args=(child, self._extract, self._recognise), daemon=True
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
