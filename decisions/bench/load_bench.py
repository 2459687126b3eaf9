"""Load test: gunicorn over the configured database, 32 connections for 60 s on loopback.

The mix is what people open: the list, searches, decision pages, councillor pages and
the timeline. It prints requests/s, p50/p95, errors and 5xx responses, and each worker's
resident memory before and after, to show whether it grows.
"""

from __future__ import annotations

import threading
from urllib.parse import urlencode

from decisions.bench.http_load import (
    archive_env,
    collectstatic,
    gunicorn_command,
    run_load,
    serving,
    worker_rss_mb,
)
from decisions.bench.search_bench import bench_queries
from decisions.models import Councillor, Decision

PORT = 8133


def load_paths() -> list[str]:
    """A mix of list, search, detail, councillor and timeline pages, interleaved."""
    count = Decision.objects.count()
    searches = [
        f"/decisions/?{urlencode(q)}" for group in bench_queries(count).values() for q in group
    ]
    references = list(Decision.objects.order_by("?").values_list("reference", flat=True)[:40])
    slugs = list(Councillor.objects.values_list("slug", flat=True)[:10])
    kinds = [
        ["/decisions/", "/decisions/?page=3", "/decisions/?year=2021&key=1", "/"],
        searches,
        [f"/decisions/{reference}/" for reference in references],
        [f"/councillors/{slug}/" for slug in slugs] + ["/councillors/"],
        ["/herefordshire/timelines/childrens-services-improvement/", "/timelines/"],
    ]
    longest = max(len(kind) for kind in kinds)
    return [kind[n % len(kind)] for n in range(longest) for kind in kinds if kind]


def run_load_bench(*, seconds: float, clients: int, workers: int) -> None:
    """Serve the archive with gunicorn and load it; print throughput, errors and memory.

    Each worker's memory is sampled at every quarter of the run, so growth that levels off
    (first use: templates compiled, querysets warmed) can be told from growth that goes on.
    """
    paths = load_paths()
    env = archive_env()
    collectstatic(env)
    with serving(gunicorn_command(PORT, workers), PORT, "/decisions/", env) as master:
        run_load(PORT, paths, clients=4, seconds=5)  # every worker imports and warms up
        samples = [worker_rss_mb(master)]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(seconds / 4):
                samples.append(worker_rss_mb(master))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        result = run_load(PORT, paths, clients=clients, seconds=seconds)
        done.set()
        sampler.join()
        if len(samples) < 5:
            samples.append(worker_rss_mb(master))
    print(f"{Decision.objects.count():,} decisions, {len(paths)} paths, {clients} clients")
    print(f"{seconds:.0f} s: {result.line()}")
    for pid in sorted(samples[0]):
        trail = " -> ".join(f"{sample.get(pid, 0):.0f}" for sample in samples)
        print(f"  worker {pid}: RSS {trail} MB (after warm-up, then each quarter)")
