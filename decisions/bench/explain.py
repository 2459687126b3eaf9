"""EXPLAIN (ANALYZE, BUFFERS) of the SQL one search page runs, to see where its time goes.

    python -m decisions.bench explain --q council
    python -m decisions.bench explain --q plan --param year=2024 --param sort=newest

The page is rendered once through the view (as the search benchmark does) with its queries
captured; each captured query is then run again under EXPLAIN on the same connection.
"""

from __future__ import annotations

import time

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from decisions.bench.search_bench import PLAIN_STATIC_STORAGES
from decisions.views import decision_list


def page_queries(params: dict[str, str]) -> list[str]:
    """The SQL, with its parameters inlined, that /decisions/?params runs, in order."""
    request = RequestFactory().get("/decisions/", params)
    with override_settings(STORAGES=PLAIN_STATIC_STORAGES):
        decision_list(request)  # warm-up: caches, catalog, the first plan
        with CaptureQueriesContext(connection) as captured:
            response = decision_list(request)
    if response.status_code != 200:
        raise SystemExit(f"/decisions/ with {params} gave {response.status_code}")
    return [query["sql"] for query in captured.captured_queries]


def explain(sql: str) -> tuple[list[str], float]:
    """The plan lines of one query under EXPLAIN (ANALYZE, BUFFERS), and its wall time in ms."""
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        elapsed = (time.perf_counter() - started) * 1000
        return [row[0] for row in cursor.fetchall()], elapsed


def run_explain(params: dict[str, str]) -> None:
    """Print each query of the search page and its plan."""
    for number, sql in enumerate(page_queries(params), start=1):
        lines, elapsed = explain(sql)
        print(f"-- query {number} ({elapsed:.1f} ms with EXPLAIN ANALYZE)\n{sql}\n")
        print("\n".join(lines), end="\n\n")
