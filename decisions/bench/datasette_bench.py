"""The archive side by side with Datasette, in one run, on the same decisions.

1. Export the configured database's decisions to SQLite with FTS5 (sqlite-utils).
2. Serve that file with `datasette serve -i` (4 SQL threads) on loopback.
3. Serve the archive with gunicorn (DEBUG=0, after collectstatic, persistent connections).
4. Load each in turn, A, B, A, B, with the same 20+ searches, 8 clients and a bounded
   time, asking both for HTML result pages of 20 rows.
5. Print requests/s, p50 and p95 for each, and the ratio.

datasette and sqlite-utils are bench extras (`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

from decisions.bench.http_load import (
    HOST,
    LoadResult,
    archive_env,
    collectstatic,
    gunicorn_command,
    run_load,
    serving,
)
from decisions.bench.search_bench import bench_queries
from decisions.models import Decision

ARCHIVE_PORT, DATASETTE_PORT = 8131, 8132


def _rows() -> Iterator[dict]:
    decisions = Decision.objects.select_related("signatory").prefetch_related("clauses")
    for decision in decisions.order_by("pk").iterator(chunk_size=2000):
        yield {
            "id": decision.pk,
            "reference": decision.reference,
            "title": decision.title,
            "decision_date": decision.decision_date.isoformat(),
            "decision_maker": decision.decision_maker,
            "is_key_decision": int(decision.is_key_decision),
            "exemption_class": decision.exemption_class,
            "purpose": decision.purpose,
            "clauses": "\n".join(c.text for c in decision.clauses.all()),
            "reason": decision.reason,
            "options_considered": decision.options_considered,
            "signatory": decision.signatory.name if decision.signatory else "",
        }


def export_to_sqlite(path: Path) -> int:
    """Write every decision to `path` with an FTS5 index over its text; return the count."""
    import sqlite_utils

    db = sqlite_utils.Database(path, recreate=True)
    db["decisions"].insert_all(_rows(), pk="id", batch_size=2000)
    db["decisions"].enable_fts(
        ["title", "clauses", "purpose", "reason", "options_considered", "signatory"],
        fts_version="FTS5",
        tokenize="porter",
    )
    db["decisions"].create_index(["decision_date"])
    return db["decisions"].count


def search_words(count: int) -> list[str]:
    """The text of the search benchmark's queries (filters left out: Datasette has none)."""
    groups = bench_queries(count)
    return [q["q"] for group in groups.values() for q in group]


def run_datasette_bench(*, seconds: float, clients: int) -> None:
    """Export, serve both, load each twice in turn, and print the figures and the ratio."""
    count = Decision.objects.count()
    words = search_words(count)
    archive_paths = [f"/decisions/?{urlencode({'q': w})}" for w in words]
    datasette_paths = [
        f"/decisions/decisions?{urlencode({'_search': w, '_size': 20})}" for w in words
    ]
    datasette = shutil.which("datasette") or str(Path(sys.executable).with_name("datasette"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "decisions.db"
        exported = export_to_sqlite(path)
        print(f"exported {exported:,} decisions to SQLite FTS5; {len(words)} queries")
        env = archive_env()
        collectstatic(env)
        results: dict[str, list[LoadResult]] = {"archive": [], "datasette": []}
        archive_cmd = gunicorn_command(ARCHIVE_PORT)
        datasette_cmd = [
            datasette,
            "serve",
            "-i",
            str(path),
            "-h",
            HOST,
            "-p",
            str(DATASETTE_PORT),
            "--setting",
            "num_sql_threads",
            "4",
        ]
        with (
            serving(archive_cmd, ARCHIVE_PORT, "/decisions/", env),
            serving(datasette_cmd, DATASETTE_PORT, "/decisions/decisions", env),
        ):
            for _ in range(2):  # A, B, A, B
                for name, port, paths in (
                    ("archive", ARCHIVE_PORT, archive_paths),
                    ("datasette", DATASETTE_PORT, datasette_paths),
                ):
                    run_load(port, paths[:4], clients=2, seconds=2)  # warm up
                    result = run_load(port, paths, clients=clients, seconds=seconds)
                    results[name].append(result)
                    print(f"{name:>9}: {result.line()}")
    archive_rps = statistics.median(r.requests_per_second for r in results["archive"])
    datasette_rps = statistics.median(r.requests_per_second for r in results["datasette"])
    archive_p95 = statistics.median(r.percentile(0.95) for r in results["archive"])
    datasette_p95 = statistics.median(r.percentile(0.95) for r in results["datasette"])
    print(
        f"medians: archive {archive_rps:.1f} requests/s (p95 {archive_p95:.0f} ms), "
        f"datasette {datasette_rps:.1f} requests/s (p95 {datasette_p95:.0f} ms); "
        f"throughput ratio {archive_rps / datasette_rps:.2f}x"
    )
