"""GIN against RUM for the search page's queries, A B A B (PostgreSQL with the rum extension).

An evaluation, not part of the schema: the project's migrations make only the GIN index
(CI machines have no rum package). Run it on a benchmark database:

    apt-get install -y postgresql-15-rum
    python -m decisions.bench rum [--rounds 2] [--repeats 3]

It creates the extension and two RUM indexes if they are missing, printing each build's
time and size beside the GIN index's size:

- `decision_search_rum`: rum_tsvector_ops, which stores lexeme positions in the index, so
  `ORDER BY search_document <=> query LIMIT 20` returns the 20 best ranked from the index;
- `decision_search_rum_date`: rum_tsvector_addon_ops with the decision date attached, as a
  timestamp (`decision_date::timestamp`: RUM orders by an attached date only through a
  type with a distance operator, and `date` has none), so
  `ORDER BY decision_date::timestamp <=| '2100-01-01' LIMIT 20` returns the newest matches
  from the index.

Then, alternately (gin, rum, gin, rum), inside a transaction that drops the other kind of
index and is rolled back: each SQL query below for each word (median wall time of
`repeats` runs, fetching the rows), and the search benchmark's pages (p50 and p95). A plan
of every query under each configuration is written to EXPLAIN_FILE.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from pathlib import Path

from django.db import connection, transaction

from decisions.bench.explain import explain
from decisions.bench.search_bench import SEED, time_search_pages
from decisions.bench.synthetic import notice_token
from decisions.models import Decision
from decisions.search.filters import FACET_LIMIT

GIN = ("decision_council_search_gin",)  # migration 0021
RUM = ("decision_search_rum", "decision_search_rum_date")
RUM_INDEXES = {
    "decision_search_rum": "CREATE INDEX decision_search_rum ON decisions_decision "
    "USING rum (search_document rum_tsvector_ops)",
    "decision_search_rum_date": "CREATE INDEX decision_search_rum_date ON decisions_decision "
    "USING rum (search_document rum_tsvector_addon_ops, (decision_date::timestamp)) "
    "WITH (attach = 'decision_date', to = 'search_document')",
}
EXPLAIN_FILE = Path("rum-explain.txt")
WORDS = ("council", "plan", '"children\'s services"')
_MATCH = "search_document @@ websearch_to_tsquery('english', %(q)s)"
_QUERY = "websearch_to_tsquery('english', %(q)s)"
QUERIES = {
    "count": f"SELECT count(*) FROM decisions_decision WHERE {_MATCH}",
    "facets (page)": "SELECT decision_maker, exemption_class, is_key_decision, year, count(*) "
    "FROM (SELECT decision_maker, exemption_class, is_key_decision, "
    f"EXTRACT(YEAR FROM decision_date) AS year FROM decisions_decision WHERE {_MATCH} "
    f"LIMIT {FACET_LIMIT + 1}) AS m GROUP BY 1, 2, 3, 4",
    "newest 20 (page, ORDER BY date)": "SELECT id, reference, title, decision_date "
    f"FROM decisions_decision WHERE {_MATCH} "
    "ORDER BY decision_date DESC, reference DESC LIMIT 20",
    "newest 20 (RUM <=| on date)": "SELECT id, reference, title, decision_date "
    f"FROM decisions_decision WHERE {_MATCH} "
    "ORDER BY decision_date::timestamp <=| '2100-01-01'::timestamp LIMIT 20",
    "newest 20 in 2024 (page)": "SELECT id, reference, title, decision_date "
    f"FROM decisions_decision WHERE {_MATCH} "
    "AND decision_date BETWEEN '2024-01-01' AND '2024-12-31' "
    "ORDER BY decision_date DESC, reference DESC LIMIT 20",
    "ranked 20 (ts_rank)": "SELECT id, reference, title, decision_date, "
    f"ts_rank(search_document, {_QUERY}) AS rank FROM decisions_decision WHERE {_MATCH} "
    "ORDER BY rank DESC, decision_date DESC, reference DESC LIMIT 20",
    "ranked 20 (RUM <=>)": "SELECT id, reference, title, decision_date "
    f"FROM decisions_decision WHERE {_MATCH} "
    f"ORDER BY search_document <=> {_QUERY} LIMIT 20",
}


def _size(index: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s::regclass))", [index])
        return cursor.fetchone()[0]


def _exists(index: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [index])
        return cursor.fetchone() is not None


def build_indexes() -> None:
    """Create the extension and the RUM indexes that are missing, timing each build."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        for name, definition in RUM_INDEXES.items():
            if _exists(name):
                print(f"  {name}: exists, {_size(name)}")
                continue
            started = time.perf_counter()
            cursor.execute(definition)
            print(f"  {name}: built in {time.perf_counter() - started:.1f} s, {_size(name)}")
        cursor.execute("ANALYZE decisions_decision")
    print(f"  {GIN[0]}: {_size(GIN[0])}")


def _time(sql: str, params: dict[str, str], repeats: int) -> float:
    timings = []
    with connection.cursor() as cursor:
        for _ in range(repeats):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _one_config(
    kind: str, words: list[str], repeats: int, pages: bool, plans: list[str] | None
) -> tuple[dict[tuple[str, str], float], dict[str, tuple[float, float]]]:
    """Time every query with only `kind`'s indexes present; the drop is rolled back."""
    timings: dict[tuple[str, str], float] = {}
    page_figures: dict[str, tuple[float, float]] = {}
    with transaction.atomic():
        with connection.cursor() as cursor:
            for index in RUM if kind == "gin" else GIN:
                cursor.execute(f"DROP INDEX {index}")
        for word in words:
            for label, sql in QUERIES.items():
                params = {"q": word}
                _time(sql, params, 1)  # warm-up
                timings[(word, label)] = _time(sql, params, repeats)
                if plans is not None:
                    with connection.cursor() as cursor:
                        inlined = cursor.mogrify(sql, params)
                    lines, _ = explain(inlined)
                    plans.append(f"-- {kind}: {label}, q={word}\n" + "\n".join(lines) + "\n")
        if pages:
            page_figures = time_search_pages(Decision.objects.count())
        transaction.set_rollback(True)
    return timings, page_figures


def run_rum_eval(*, rounds: int, repeats: int, pages: bool) -> None:
    """Build what is missing, then time GIN and RUM in turn and print the medians."""
    if connection.vendor != "postgresql":
        raise SystemExit("RUM is a PostgreSQL extension")
    print(f"{Decision.objects.count():,} decisions")
    build_indexes()
    words = [*WORDS, notice_token(0, SEED)]
    results: dict[str, list[dict[tuple[str, str], float]]] = defaultdict(list)
    page_results: dict[str, list[dict[str, tuple[float, float]]]] = defaultdict(list)
    plans: list[str] = []
    for round_number in range(rounds):
        for kind in ("gin", "rum"):
            print(f"round {round_number + 1}, {kind} ...", flush=True)
            timings, figures = _one_config(
                kind, words, repeats, pages, plans if round_number == 0 else None
            )
            results[kind].append(timings)
            page_results[kind].append(figures)
    EXPLAIN_FILE.write_text("\n".join(plans))
    print(f"\nmedian ms over {rounds} rounds ({repeats} runs each); plans in {EXPLAIN_FILE}")
    print(f"| query | words | {' | '.join(f'{kind} (runs)' for kind in results)} |")
    print("|---|---|" + "---|" * len(results))
    for label in QUERIES:
        for word in words:
            cells = []
            for runs in results.values():
                values = [run[(word, label)] for run in runs]
                shown = ", ".join(f"{v:.1f}" for v in values)
                cells.append(f"{statistics.median(values):.1f} ({shown})")
            print(f"| {label} | {word} | {' | '.join(cells)} |")
    if pages:
        for kind, runs in page_results.items():
            for group in ("rare", "common"):
                p50s = [run[group][0] for run in runs]
                p95s = [run[group][1] for run in runs]
                print(
                    f"page bench, {kind}, {group}: p50 {statistics.median(p50s):.1f} ms, "
                    f"p95 {statistics.median(p95s):.1f} ms "
                    f"(p95 runs: {', '.join(f'{v:.1f}' for v in p95s)})"
                )
