"""Import benchmark: first-import throughput, unchanged re-import rate, and memory.

Notices come from decisions.bench.synthetic in every known layout and are streamed, never held
all at once, so peak memory should not grow with the count. Only rows this benchmark made
(source_file starting with "bench:") are deleted between rounds.
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from decisions.bench.synthetic import SyntheticNotice, generate_notices
from decisions.importing.pipeline import SourceFile, import_sources
from decisions.models import Councillor, Decision

PREFIX = "bench:"


PADDING = "The cabinet weighed each option in turn and recorded why. "


def padded(notice: SyntheticNotice, size: int) -> bytes:
    """The notice grown to about `size` bytes by a long "Options considered" answer."""
    encoding = notice.expected["encoding"]
    text = notice.data.decode(encoding)
    at = text.index("\t", text.index("Options considered")) + 1
    room = max(0, size - len(notice.data))
    padding = (PADDING * (room // len(PADDING) + 1))[:room]
    return (text[:at] + padding + text[at:]).encode(encoding)


# Cumulative rates are printed when this many notices have been imported, so a run of 100,000
# shows the rate at 10,000 and at 100,000 side by side.
RATE_MARKS = (10_000, 100_000, 1_000_000)


def _write_files(count: int, folder: Path, notice_bytes: int = 0) -> list[tuple[str, Path]]:
    """Write the notices to `folder`, one file each, before anything is timed."""
    files = []
    for n, notice in enumerate(generate_notices(count, seed=7)):
        path = folder / f"{n:07d}.notice"
        path.write_bytes(padded(notice, notice_bytes) if notice_bytes else notice.data)
        files.append((PREFIX + notice.name, path))
    return files


def _files(
    files: list[tuple[str, Path]], rss_marks: list[float] | None = None
) -> Iterator[SourceFile]:
    """The notices read back from disk one at a time, as `manage.py import` reads them.

    With rss_marks, note resident memory at each quarter of the files read.
    """
    count = len(files)
    for n, (name, path) in enumerate(files, start=1):
        if rss_marks is not None and n % max(1, count // 4) == 0:
            rss_marks.append(_rss_mb())
        yield SourceFile(name, path.read_bytes())


def _rate_marker(count: int, rate_marks: list[tuple[int, float]]) -> Callable[[object], None]:
    """An on_result callback that notes the cumulative rate at 10,000, 100,000 and
    1,000,000 notices imported (results arrive as each chunk commits)."""
    started = time.perf_counter()
    done = 0

    def on_result(_result: object) -> None:
        nonlocal done
        done += 1
        if done in RATE_MARKS and done < count:
            rate_marks.append((done, time.perf_counter() - started))
            print(
                f"  {done:,} notices imported: {done / rate_marks[-1][1]:,.0f}/s so far", flush=True
            )

    return on_result


def _rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux), else the peak so far."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize() / 1_048_576
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _clear(councillors_before: set[int]) -> None:
    # In slices, so the deletion collector never holds every row at once.
    ids = list(Decision.objects.filter(source_file__startswith=PREFIX).values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        Decision.objects.filter(pk__in=ids[start : start + 500]).delete()
    # Only councillors this benchmark made, and only once they have no decisions left.
    Councillor.objects.filter(decisions__isnull=True).exclude(pk__in=councillors_before).delete()


@dataclass(frozen=True)
class CpuTimes:
    """CPU seconds used so far by this process, its reaped children (the parsing workers)
    and its database backend (PostgreSQL on this machine only; else None)."""

    own: float
    children: float
    backend: float | None

    @classmethod
    def now(cls) -> CpuTimes:
        times = os.times()
        return cls(
            times.user + times.system, times.children_user + times.children_system, _backend_cpu()
        )

    def since(self, start: CpuTimes, count: int) -> str:
        """Milliseconds per notice, by who spent them."""
        own = (self.own - start.own) / count * 1000
        workers = (self.children - start.children) / count * 1000
        parts = [f"this process {own:.2f}", f"parse workers {workers:.2f}"]
        if self.backend is not None and start.backend is not None:
            backend = (self.backend - start.backend) / count * 1000
            parts.append(f"database backend {backend:.2f}")
            parts.append(f"critical path (process + backend) {own + backend:.2f}")
        return "CPU ms per notice: " + ", ".join(parts)


def _backend_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend, read from /proc (same machine)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # the database is on another machine
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_import_bench(
    *, count: int, rounds: int, notice_bytes: int = 0, jobs: int | None = None
) -> None:
    """Import `count` synthetic notices `rounds` times and print medians.

    With notice_bytes, each notice is grown to about that size (the parser's limit is
    1 MB): peak memory should then depend on the chunk's bytes, not on the files' total.
    """
    first_rates, again_rates = [], []
    councillors_before = set(Councillor.objects.values_list("pk", flat=True))
    for round_number in range(1, rounds + 1):
        _clear(councillors_before)
        gc.collect()
        marks: list[float] = []
        rates: list[tuple[int, float]] = []
        # Both imports read the notices from files, as `manage.py import` does; generating
        # them in this process would be timed instead of the import.
        with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
            files = _write_files(count, Path(folder), notice_bytes)
            cpu = CpuTimes.now()
            started = time.perf_counter()
            summary = import_sources(
                _files(files, marks), on_result=_rate_marker(count, rates), jobs=jobs
            )
            first = time.perf_counter() - started
            first_cpu = CpuTimes.now().since(cpu, count)
            rates.append((count, first))
            if summary.counts["created"] != count:
                raise SystemExit(f"expected {count} created, got {summary.line()}")
            started = time.perf_counter()
            again = import_sources(_files(files), jobs=jobs)
            second = time.perf_counter() - started
        if again.counts["unchanged"] != count:
            raise SystemExit(f"expected {count} unchanged, got {again.line()}")
        first_rates.append(count / first)
        again_rates.append(count / second)
        print(
            f"round {round_number}: first import {count / first:,.1f} notices/s "
            f"({first:.2f} s), unchanged re-import {count / second:,.0f} notices/s "
            f"({second:.2f} s); RSS at 25/50/75/100% of the first import: "
            + " / ".join(f"{m:.0f}" for m in marks)
            + " MB; cumulative rate at "
            + ", ".join(f"{n:,}: {n / seconds:,.0f}/s" for n, seconds in rates)
            + f"; first import {first_cpu}; load average {os.getloadavg()[0]:.2f}"
        )
    if notice_bytes:
        print(
            f"{count} notices of {notice_bytes / 1_000_000:.2f} MB "
            f"({count * notice_bytes / 1_000_000:,.0f} MB in all); target: peak RSS < 500 MB"
        )
    print(
        f"median of {rounds}: first import {statistics.median(first_rates):,.1f} notices/s, "
        f"unchanged re-import {statistics.median(again_rates):,.0f} notices/s, "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    _clear(councillors_before)
