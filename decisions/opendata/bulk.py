"""Exports too large for one request: the full CSV as a prebuilt file, and a bound on how
many live CSV exports run at once.

A CSV of every decision (100,000 of them) takes longer to build than a web worker may hold
a request, so a streamed one was cut off while the log said 200, and a few at once held
every worker. So:

- the full CSV (/decisions/export.csv with no parameters) is a file, built by
  `manage.py build_exports` into EXPORT_DIR: after every import_notices, in the background
  after an admin import, and whenever it is asked for while older than the archive. It is
  written beside its final name and renamed into place, so a reader never sees half of it,
  and served as a file (sendfile under gunicorn) with its own Last-Modified and ETag;
- a live CSV (a search's, a timeline's) may hold at most EXPORT_MAX_ROWS decisions, and at
  most EXPORT_CONCURRENCY of them stream at once on a machine (slots are file locks in
  EXPORT_DIR, so every worker process shares them, and a killed worker's slot is freed);
  past that the answer is at once a 503 with Retry-After, not a wait.

No queue or broker is needed: the embedded default runs as it is.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from decisions.models import Decision
from decisions.opendata.export import export_decision, iter_csv, with_export_relations

FULL_CSV = "decisions.csv"
CHUNK = 500  # decisions read per query (with their clauses and timeline fields)


def export_dir() -> Path:
    """Where the prebuilt exports and the export slots live (created on first use)."""
    folder = Path(settings.EXPORT_DIR)
    folder.mkdir(mode=0o755, parents=True, exist_ok=True)
    return folder


def csv_chunks(
    decisions: QuerySet[Decision],
    *,
    write: Callable[..., Iterator[str]] = iter_csv,
    absolute: Callable[[str], str] = str,
    bom: bool = False,
) -> Iterator[str]:
    """The decisions, in the queryset's order, as CSV text: the header, then a line each
    (or as `write` lays the records out); `absolute` makes the addresses full."""
    rows = with_export_relations(decisions).iterator(chunk_size=CHUNK)
    return write((export_decision(d) for d in rows), absolute=absolute, bom=bom)


# The full CSV, prebuilt.


@dataclass(frozen=True)
class BuiltExport:
    path: Path
    rows: int
    seconds: float


def full_export_path() -> Path:
    return export_dir() / FULL_CSV


def prebuilt_full_export() -> Path | None:
    """The prebuilt full CSV, if one has been built."""
    path = full_export_path()
    return path if path.is_file() else None


def build_full_export(decisions: QuerySet[Decision], *, wait: bool = True) -> BuiltExport | None:
    """Write the full CSV of `decisions` (the list's default order) and rename it into
    place. One build at a time: with wait=False, return None if another is running."""
    folder = export_dir()
    with open(folder / "build.lock", "w") as lock:
        if not _lock(lock, wait=wait):
            return None
        started = time.perf_counter()
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".decisions.", suffix=".csv")
        rows = -1  # the header
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                for line in csv_chunks(decisions, absolute=_site_address):
                    out.write(line)
                    rows += 1
            os.chmod(temporary, 0o644)
            os.replace(temporary, folder / FULL_CSV)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return BuiltExport(folder / FULL_CSV, max(rows, 0), time.perf_counter() - started)


def _site_address(path: str) -> str:
    """A page's full address in the prebuilt file, as a live CSV gives it: built from
    SITE_URL (the file is made without a request to take the host from); a path if unset."""
    return urljoin(settings.SITE_URL, path) if settings.SITE_URL else path


def is_stale(path: Path, latest_change: datetime | None) -> bool:
    """Whether a prebuilt file is older than the archive's latest import or correction."""
    if latest_change is None:
        return False
    built = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return built < latest_change


def start_background_build() -> None:
    """Start `manage.py build_exports --if-stale` on its own, not waiting for it: a web
    request (an admin import, a stale file asked for) must not build 100,000 rows."""
    if not settings.EXPORT_BUILD_IN_BACKGROUND:
        return
    subprocess.Popen(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "build_exports", "--if-stale"],
        cwd=settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not killed with the worker that started it
    )


def file_response(request: HttpRequest, path: Path, *, filename: str) -> HttpResponse:
    """The file as a CSV attachment, with its own Last-Modified and ETag (304 when fresh)."""
    stat = path.stat()
    etag = f'"full-{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    last_modified = int(stat.st_mtime)
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = FileResponse(
            path.open("rb"), as_attachment=True, filename=filename, content_type="text/csv"
        )
        response["Content-Type"] = "text/csv; charset=utf-8"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return response


# Live exports: at most EXPORT_CONCURRENCY at once on a machine.


class ExportSlot:
    """One of the machine's export slots, held (a file lock) until released."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle: IO[str] | None = handle

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def take_export_slot() -> ExportSlot | None:
    """A free export slot, or None when EXPORT_CONCURRENCY exports are running."""
    folder = export_dir()
    for number in range(settings.EXPORT_CONCURRENCY):
        handle = open(folder / f"slot-{number}.lock", "w")  # noqa: SIM115 - held by the slot
        if _lock(handle, wait=False):
            return ExportSlot(handle)
        handle.close()
    return None


class ReleasedAfter:
    """The chunks, then the slot released: after the last is sent, or when the response is
    closed (the client went away), even before the first chunk."""

    def __init__(self, chunks: Iterable[str], slot: ExportSlot) -> None:
        self._chunks = iter(chunks)
        self._slot = slot

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        try:
            return next(self._chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self._slot.release()


def busy_response() -> HttpResponse:
    response = HttpResponse(
        f"{settings.EXPORT_CONCURRENCY} exports are being sent already; try again in a few "
        "seconds.\n",
        status=503,
        content_type="text/plain",
    )
    response["Retry-After"] = "10"
    return response


def too_many_rows_response(count: int, *, full_url: str) -> HttpResponse:
    return HttpResponse(
        f"This export would hold {count:,} decisions; a CSV of a search holds at most "
        f"{settings.EXPORT_MAX_ROWS:,}. Narrow the search (by year, say), or download every "
        f"decision at {full_url}\n",
        status=400,
        content_type="text/plain",
    )


def preparing_response() -> HttpResponse:
    response = HttpResponse(
        "The full export is being prepared; try again in a minute.\n",
        status=503,
        content_type="text/plain",
    )
    response["Retry-After"] = "60"
    return response


def _lock(handle: IO[str], *, wait: bool) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
