"""Search benchmark: server time of the search page for rare and common words, with and
without date filters, over N synthetic decisions in one council or many.

Each request goes through the view function (filter, facets, page, snippets and template),
not the network. Rare words are the made-up token each synthetic notice carries (one
match each); common words are subjects and nouns most notices share. Three groups, each
timed through the page a reader would use, with its target on PostgreSQL (p95, at 3
million decisions over 300 councils):

- rare: a rare word within its council (/<council>/decisions/?q=), at most 20 ms;
- common: a common word within one council (the council of notice 0), at most 60 ms;
- common across: a common word across every council (/decisions/?q=), at most 300 ms.

With one council (an archive as imported, before `clone --councils`), "within a council"
is within the only one. Spread the rows over many with `python -m decisions.bench clone
--to N --councils 300`. The number of SQL queries of one search page is printed per group:
constant, however many councils or matches (a council's page reads the council, and its
name, so it runs two more than the page across councils).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from decisions.bench.synthetic import generate_notices
from decisions.importing.pipeline import SourceFile, import_sources
from decisions.models import Decision
from decisions.search.selectors import decision_search
from decisions.views import council_decisions, decision_list

SEED = 11
PREFIX = "search-bench:"
ROUNDS = 7  # timed runs of each query, after one untimed warm-up
TARGETS_MS = {"rare": 20.0, "common": 60.0, "common across": 300.0}
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


@dataclass(frozen=True)
class PageQuery:
    """One search as a reader asks it: its parameters, within one council's page or not."""

    params: dict[str, str]
    council: str | None = None  # the council's slug: /<council>/decisions/

    def response(self, factory: RequestFactory) -> HttpResponse:
        """The search page, through its view."""
        if self.council is None:
            return decision_list(factory.get("/decisions/", self.params))
        path = f"/{self.council}/decisions/"
        return council_decisions(factory.get(path, self.params), council=self.council)

    def matches(self) -> int:
        """How many decisions the search finds (the page counts them up to FACET_LIMIT)."""
        searched = {**self.params, **({"council": self.council} if self.council else {})}
        return decision_search(params=QueryDict(urlencode(searched))).filterset.matches.count()


def council_of(reference: str) -> str:
    """The slug of the council holding the benchmark decision with this reference."""
    found = Decision.objects.filter(reference=reference, source_file__startswith=PREFIX)
    slug = found.values_list("council__slug", flat=True).first()
    if slug is None:
        raise SystemExit(f"no benchmark decision {reference}: load the originals first")
    return slug


def page_queries(count: int) -> dict[str, list[PageQuery]]:
    """The three groups: rare words within their councils, common words within one
    council and the same common words across every council."""
    groups = bench_queries(count)
    notices = list(islice(generate_notices(count, seed=SEED), 6))
    by_token = {n.expected["rare_token"]: council_of(n.expected["reference"]) for n in notices}
    rare = [
        PageQuery(params, council=by_token[params["q"].split()[0]]) for params in groups["rare"]
    ]
    one = council_of(notices[0].expected["reference"])
    return {
        "rare": rare,
        "common": [PageQuery(params, council=one) for params in groups["common"]],
        "common across": [PageQuery(params) for params in groups["common"]],
    }


def time_query(factory: RequestFactory, query: PageQuery) -> tuple[list[float], int]:
    """Milliseconds for each timed run of one query, and how many decisions it matched."""
    response = query.response(factory)  # warm-up, and a check that the page works
    if response.status_code != 200:
        raise SystemExit(f"{query} gave {response.status_code}")
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        query.response(factory)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, query.matches()


def count_page_queries(factory: RequestFactory, query: PageQuery) -> int:
    """How many SQL queries one search page runs."""
    with CaptureQueriesContext(connection) as captured:
        query.response(factory)
    return len(captured)


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
    groups = page_queries(count)
    total = sum(len(queries) for queries in groups.values())
    councils = Decision.objects.values("council_id").distinct().count()
    print(
        f"{connection.vendor}, {Decision.objects.count():,} decisions in {councils} "
        f"council(s), {total} queries, {ROUNDS} timed runs each"
    )
    for group, queries in groups.items():
        counts = sorted({count_page_queries(factory, query) for query in queries})
        print(f"SQL queries for one search page, {group}: {', '.join(map(str, counts))}")
    results: dict[str, tuple[float, float]] = {}
    for group, queries in groups.items():
        samples: list[float] = []
        matches: list[int] = []
        for query in queries:
            timings, matched = time_query(factory, query)
            samples.extend(timings)
            matches.append(matched)
        p50, p95 = statistics.median(samples), percentile(samples, 0.95)
        results[group] = (p50, p95)
        target = TARGETS_MS[group]
        verdict = "ok" if p95 <= target else "OVER TARGET"
        if connection.vendor != "postgresql":
            verdict = "the target is for PostgreSQL"
        print(
            f"{group:>13}: {len(queries)} queries, median {statistics.median(matches):,.0f} "
            f"matches; p50 {p50:.1f} ms, p95 {p95:.1f} ms, p95/target "
            f"{p95 / target:.2f} (target p95 <= {target:.0f} ms: {verdict})"
        )
    return results
