"""API benchmark: server time of /api/decisions/ list pages over N synthetic decisions.

Each request goes through the whole Django stack in-process (middleware, the conditional-GET
check, the selector, serialization to JSON), not the network. Target on PostgreSQL: every
list page's median under 50 ms at 10,000 decisions.
"""

from __future__ import annotations

import os
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from decisions.bench.search_bench import PLAIN_STATIC_STORAGES, ensure_decisions, percentile
from decisions.models import Councillor, Decision

ROUNDS = 15  # timed runs of each page, after one untimed warm-up
TARGET_MS = 50.0


def bench_pages() -> list[str]:
    """List pages a client asks for: plain, deep, filtered, searched, syncing, big pages."""
    councillor = Councillor.objects.order_by("pk").values_list("slug", flat=True).first()
    middle = Decision.objects.order_by("updated_at").values_list("updated_at", flat=True)
    since = middle[middle.count() // 2].isoformat().replace("+00:00", "Z")
    return [
        "/api/decisions/",
        "/api/decisions/?page=250",
        "/api/decisions/?year=2020",
        "/api/decisions/?key=1&sort=oldest",
        f"/api/decisions/?councillor={councillor}",
        "/api/decisions/?q=plan",
        "/api/decisions/?q=school+transport&date_from=2018-01-01",
        f"/api/decisions/?modified_since={since}",
        "/api/decisions/?page_size=100",
        "/api/councillors/",
        "/api/corrections/",
    ]


def time_page(client: Client, url: str) -> tuple[list[float], list[float]]:
    """Milliseconds of wall-clock and of this process's CPU time for each timed run.

    Wall-clock time includes waiting for the database, and on a busy machine waiting for a
    core; CPU time is the Django process's own work alone."""
    response = client.get(url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{url} gave {response.status_code}: {response.content[:200]!r}")
    wall, cpu = [], []
    for _ in range(ROUNDS):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url, secure=True)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def run_api_bench(count: int) -> None:
    """Load `count` synthetic decisions if needed, then print each page's median and p95."""
    ensure_decisions(count)
    with override_settings(STORAGES=PLAIN_STATIC_STORAGES):
        client = Client()
        pages = bench_pages()
        print(
            f"{connection.vendor}, {Decision.objects.count():,} decisions, {len(pages)} pages, "
            f"{ROUNDS} timed runs each (target: median under {TARGET_MS:.0f} ms)"
        )
        print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
        with CaptureQueriesContext(connection) as captured:
            client.get(pages[0], secure=True)
        print(f"SQL queries for one list page: {len(captured)}")
        medians = []
        for url in pages:
            timings, cpu = time_page(client, url)
            median = statistics.median(timings)
            medians.append(median)
            verdict = "ok" if median < TARGET_MS else "OVER TARGET"
            if connection.vendor != "postgresql":
                verdict = "the target is for PostgreSQL"
            print(
                f"  {url[:58]:<58} median {median:6.1f} ms, p95 {percentile(timings, 0.95):6.1f}"
                f" ms, CPU median {statistics.median(cpu):5.1f} ms  {verdict}"
            )
        overall = statistics.median(medians)
        print(f"slowest median {max(medians):.1f} ms; median of medians {overall:.1f} ms")
