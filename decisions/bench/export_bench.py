"""Exports at scale: the time of a full CSV, and /healthz while exports run at once.

    python -m decisions.bench exports --count 10000 [--clone-to 100000] [--exports 6]

Loads synthetic decisions (the search benchmark's; cloned in SQL to --clone-to on
PostgreSQL), builds the full CSV as `build_exports` does and times it, then serves the
archive with gunicorn (3 workers, as the Docker image runs) and starts --exports CSV
downloads at once, half the full file and half live searches, while a client asks for
/healthz every 0.2 s. It prints each download's status, size and time, and /healthz's
latencies.
"""

from __future__ import annotations

import http.client
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.test.utils import override_settings

from decisions.bench.http_load import HOST, archive_env, collectstatic, gunicorn_command, serving
from decisions.bench.search_bench import ensure_decisions
from decisions.models import Decision
from decisions.opendata.bulk import build_full_export
from decisions.search.selectors import decision_search

PORT = 8134
WORKERS = 3


@dataclass
class Download:
    path: str
    status: int = 0
    size: int = 0
    seconds: float = 0.0
    error: str = ""


def _download(download: Download) -> None:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(HOST, PORT, timeout=120)
        connection.request("GET", download.path, headers={"Host": HOST})
        response = connection.getresponse()
        download.status = response.status
        while chunk := response.read(1 << 16):
            download.size += len(chunk)
    except OSError as error:
        download.error = f"{type(error).__name__}: {error}"
    download.seconds = time.perf_counter() - started


def _probe_once(latencies: list[float], failures: list[str]) -> None:
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
        connection.request("GET", "/healthz", headers={"Host": HOST})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            failures.append(str(response.status))
    except OSError as error:
        failures.append(type(error).__name__)
    latencies.append((time.perf_counter() - started) * 1000)


def _probe(stop: threading.Event, latencies: list[float], failures: list[str]) -> None:
    while not stop.is_set():
        _probe_once(latencies, failures)
        stop.wait(0.2)


def run_export_bench(*, count: int, clone_to: int | None, exports: int) -> None:
    """Load, build the full CSV (timed), then /healthz under concurrent exports."""
    ensure_decisions(count)
    if clone_to:
        from decisions.bench.clone import run_clone

        run_clone(to=clone_to)
    total = Decision.objects.count()
    export_dir = tempfile.mkdtemp(prefix="decisions-exports-bench-")
    with override_settings(EXPORT_DIR=export_dir):
        built = build_full_export(decision_search(params={}).decisions)
    assert built is not None
    size = built.path.stat().st_size
    print(
        f"full CSV of {built.rows:,} decisions ({total:,} in the database): "
        f"{built.seconds:.1f} s, {size / 2**20:.0f} MB ({built.rows / built.seconds:,.0f} rows/s)"
    )
    years = [str(year) for year in range(2015, 2027)]
    paths = [
        "/decisions/export.csv" if n % 2 == 0 else f"/decisions/export.csv?year={years[n]}"
        for n in range(exports)
    ]
    env = archive_env() | {"EXPORT_DIR": export_dir}
    collectstatic(env)
    command = [*gunicorn_command(PORT, WORKERS), "--timeout", "30"]
    with serving(command, PORT, "/healthz", env):
        quiet: list[float] = []
        for _ in range(10):
            _probe_once(quiet, [])
        downloads = [Download(path) for path in paths]
        latencies: list[float] = []
        failures: list[str] = []
        stop = threading.Event()
        prober = threading.Thread(target=_probe, args=(stop, latencies, failures))
        threads = [threading.Thread(target=_download, args=(d,)) for d in downloads]
        started = time.perf_counter()
        prober.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        prober.join()
        elapsed = time.perf_counter() - started
    print(
        f"{exports} exports at once on gunicorn ({WORKERS} workers, limit "
        f"{settings.EXPORT_CONCURRENCY} live, {settings.EXPORT_MAX_ROWS:,} rows), all done "
        f"in {elapsed:.1f} s:"
    )
    for d in downloads:
        print(f"  {d.path}: {d.status or d.error} {d.size / 2**20:.1f} MB in {d.seconds:.2f} s")
    print(
        f"/healthz quiet: median {statistics.median(quiet):.1f} ms; during the exports: "
        f"{len(latencies)} probes, median {statistics.median(latencies):.1f} ms, "
        f"max {max(latencies):.1f} ms, failures {failures or 'none'}"
    )
