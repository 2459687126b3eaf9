"""What the HTTP benchmarks share: servers on loopback, and a bounded load client.

The client only ever connects to 127.0.0.1; each of its threads keeps one connection
open and stops at the deadline or after `max_requests`, whichever comes first.
"""

from __future__ import annotations

import http.client
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class LoadResult:
    """Counts and latencies (ms) of one bounded run."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    server_errors: int = 0

    @property
    def requests_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]

    def line(self) -> str:
        """requests/s, p50 and p95, and any errors."""
        p50 = statistics.median(self.latencies) if self.latencies else 0.0
        return (
            f"{self.requests_per_second:6.1f} requests/s, p50 {p50:7.1f} ms, "
            f"p95 {self.percentile(0.95):7.1f} ms, {len(self.latencies)} requests, "
            f"{self.errors} errors, {self.server_errors} 5xx"
        )


def run_load(
    port: int,
    paths: Sequence[str],
    *,
    clients: int,
    seconds: float,
    max_requests: int = 1_000_000,
) -> LoadResult:
    """Send GETs for `paths` (round robin) from `clients` threads until the time is up."""
    result = LoadResult()
    lock = threading.Lock()
    counter = itertools.count()
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        for n in itertools.count(offset):
            if time.perf_counter() >= deadline or next(counter) >= max_requests:
                break
            path = paths[n % len(paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": HOST})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
                with lock:
                    result.errors += 1
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                result.latencies.append(elapsed)
                if status >= 500:
                    result.server_errors += 1
                elif status >= 400:
                    result.errors += 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i * 7,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def _wait_for(port: int, path: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server on port {port} exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", path, headers={"Host": HOST})
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server on port {port} did not answer {path} in {timeout:.0f} s")


@contextmanager
def serving(command: Sequence[str], port: int, probe: str, env: dict[str, str]) -> Iterator[int]:
    """Start a server process, wait until it answers, yield its pid, then stop it.

    Its stderr goes to a temporary file (a pipe nobody reads would fill and block it).
    """
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            list(command), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
        try:
            try:
                _wait_for(port, probe, process)
            except SystemExit:
                log.seek(0)
                sys.stderr.write(log.read().decode(errors="replace")[-3000:])
                raise
            yield process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def archive_env() -> dict[str, str]:
    """The environment gunicorn runs the archive with: production settings on loopback."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY", "benchmark-only-secret-key-not-for-production-0123456789"),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        DJANGO_SETTINGS_MODULE="archive_site.settings",
    )
    return env


def collectstatic(env: dict[str, str]) -> None:
    """Collect static files, as a deployment does before gunicorn starts."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def gunicorn_command(port: int, workers: int = 4) -> list[str]:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return [gunicorn, "archive_site.wsgi", "-w", str(workers), "-b", f"{HOST}:{port}"]


def worker_rss_mb(master_pid: int) -> dict[int, float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    rss: dict[int, float] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master_pid):
            rss[int(status.parent.name)] = int(fields["VmRSS"].split()[0]) / 1024
    return rss
