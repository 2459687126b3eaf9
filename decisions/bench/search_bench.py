"""Search benchmark: server time of /decisions/ for rare and common words, with and without
date filters, over N synthetic decisions.

Each request goes through the view function (filter, facets, page, snippets and template),
not the network. Rare words are the made-up token each synthetic notice carries (one
match each); common words are subjects and nouns most notices share. Targets on
PostgreSQL: p95 at most 20 ms for rare words and 150 ms for common words.
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from itertools import islice
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from decisions.bench.synthetic import generate_notices
from decisions.importing.pipeline import SourceFile, import_sources
from decisions.models import Decision
from decisions.search.selectors import decision_search
from decisions.views import decision_list

SEED = 11
PREFIX = "search-bench:"
ROUNDS = 7  # timed runs of each query, after one untimed warm-up
TARGETS_MS = {"rare": 20.0, "common": 150.0}
PLAIN_STATIC_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATE_FILTERS = (
    {},
    {"date_from": "01/01/2019", "date_to": "31/12/2021"},
    {"year": "2024"},
)
COMMON_WORDS = (
    "plan",
    "council",
    "report",
    "budget",
    '"children\'s services"',
    "school transport",
    "hereford",
    "consultation -budget",
)


def ensure_decisions(count: int) -> None:
    """Import synthetic notices until the database holds at least `count` decisions."""
    have = Decision.objects.count()
    if have >= count:
        print(f"{have:,} decisions in the database; nothing to load")
        return
    print(f"{have:,} decisions in the database; loading {count:,} synthetic notices ...")
    started = time.perf_counter()
    summary = import_sources(
        SourceFile(PREFIX + notice.name, notice.data)
        for notice in generate_notices(count, seed=SEED)
    )
    print(f"  {summary.line()} in {time.perf_counter() - started:.1f} s")


def bench_queries(count: int) -> dict[str, list[dict[str, str]]]:
    """At least 20 queries, grouped as rare or common, each with and without date filters."""
    rare: list[dict[str, str]] = []
    tokens: list[str] = []
    for notice in islice(generate_notices(count, seed=SEED), 6):
        token, day = notice.expected["rare_token"], notice.expected["decision_date"]
        tokens.append(token)
        rare.append({"q": token})
        rare.append(
            {
                "q": token,
                "date_from": f"{day - timedelta(days=60):%d/%m/%Y}",
                "date_to": f"{day + timedelta(days=60):%Y-%m-%d}",
            }
        )
    rare += [{"q": f"{tokens[0]} or {tokens[1]}", "year": "2020"}, {"q": f"{tokens[2]} -plan"}]
    common = [{"q": words, **DATE_FILTERS[n % 3]} for n, words in enumerate(COMMON_WORDS)]
    common += [{"q": "plan", "sort": "newest"}, {"q": "council", "key": "1"}]
    common += [{"q": words, "date_from": "2016-01-01"} for words in COMMON_WORDS[:4]]
    return {"rare": rare, "common": common}


def time_query(factory: RequestFactory, params: dict[str, str]) -> tuple[list[float], int]:
    """Milliseconds for each timed run of one query, and how many decisions it matched."""
    request = factory.get("/decisions/", params)
    response = decision_list(request)  # warm-up, and a check that the page works
    if response.status_code != 200:
        raise SystemExit(f"/decisions/?{urlencode(params)} gave {response.status_code}")
    matched = decision_search(params=QueryDict(urlencode(params))).filterset
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        decision_list(factory.get("/decisions/", params))
        timings.append((time.perf_counter() - started) * 1000)
    return timings, matched.matches.count()


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def run_search_bench(count: int) -> None:
    """Load `count` synthetic decisions if needed, then print p50 and p95 search times."""
    ensure_decisions(count)
    time_search_pages(count)


def time_search_pages(count: int) -> dict[str, tuple[float, float]]:
    """Print, and return, p50 and p95 in ms per group of queries (rare, common)."""
    # With DEBUG off the site uses whitenoise's manifest storage, which needs collectstatic;
    # static URLs are not what is measured here, so plain storage stands in for it.
    with override_settings(STORAGES=PLAIN_STATIC_STORAGES):
        return _run(count)


def _run(count: int) -> dict[str, tuple[float, float]]:
    factory = RequestFactory()
    groups = bench_queries(count)
    total = sum(len(queries) for queries in groups.values())
    print(
        f"{connection.vendor}, {Decision.objects.count():,} decisions, {total} queries, "
        f"{ROUNDS} timed runs each"
    )
    with CaptureQueriesContext(connection) as captured:
        decision_list(factory.get("/decisions/", groups["common"][0]))
    print(f"SQL queries for one search page: {len(captured)}")
    results: dict[str, tuple[float, float]] = {}
    for group, queries in groups.items():
        samples: list[float] = []
        matches: list[int] = []
        for params in queries:
            timings, matched = time_query(factory, params)
            samples.extend(timings)
            matches.append(matched)
        p50, p95 = statistics.median(samples), percentile(samples, 0.95)
        results[group] = (p50, p95)
        verdict = "ok" if p95 <= TARGETS_MS[group] else "OVER TARGET"
        if connection.vendor != "postgresql":
            verdict = "the target is for PostgreSQL"
        print(
            f"{group:>6}: {len(queries)} queries, median {statistics.median(matches):,.0f} "
            f"matches; p50 {p50:.1f} ms, p95 {p95:.1f} ms "
            f"(target p95 <= {TARGETS_MS[group]:.0f} ms: {verdict})"
        )
    return results
