"""Facet-count benchmark (SQLite): the two ways `count_facets` can read a search's matches.

For each common-word query of the search benchmark, times `count_facets` with the matches
read one by one (no `many`) and with the adaptive form (`many`: counted from the facet
index when the words match many decisions), alternating, and prints the medians. Both
forms must give the same counts; the benchmark checks it when the counts are exact.
"""

from __future__ import annotations

import statistics
import time
from urllib.parse import urlencode

from django.db import connection
from django.db.models import QuerySet
from django.http import QueryDict

from decisions.bench.search_bench import bench_queries
from decisions.models import Decision
from decisions.search.filters import Facets, ManyMatches, count_facets
from decisions.search.selectors import decision_search

ROUNDS = 7


def _timed(matches: QuerySet[Decision], many: ManyMatches | None) -> tuple[float, Facets]:
    started = time.perf_counter()
    facets = count_facets(matches, many=many)
    return (time.perf_counter() - started) * 1000, facets


def run_facet_bench() -> None:
    """Print, per common-word query, the median ms of each form, then their sums and maxima."""
    if connection.vendor != "sqlite":
        raise SystemExit("the adaptive facet query is SQLite's; PostgreSQL has one form")
    count = Decision.objects.count()
    print(f"sqlite, {count:,} decisions, {ROUNDS} timed runs of each form per query")
    medians: dict[str, list[float]] = {"one by one": [], "adaptive": []}
    for params in bench_queries(count)["common"]:
        filterset = decision_search(params=QueryDict(urlencode(params))).filterset
        forms = {"one by one": None, "adaptive": filterset.many_matches}
        timings: dict[str, list[float]] = {name: [] for name in forms}
        results: dict[str, Facets] = {}
        for _ in range(ROUNDS):
            for name, many in forms.items():
                elapsed, results[name] = _timed(filterset.matches, many)
                timings[name].append(elapsed)
        plain, adaptive = results["one by one"], results["adaptive"]
        if not plain.capped and plain != adaptive:
            raise SystemExit(f"the two forms counted differently for {params}")
        line = []
        for name, values in timings.items():
            medians[name].append(statistics.median(values))
            line.append(f"{name} {medians[name][-1]:6.1f} ms")
        print(f"  {' | '.join(line)}  {urlencode(params)}")
    for name, values in medians.items():
        print(
            f"{name:>10}: sum {sum(values):,.0f} ms, median {statistics.median(values):.1f} ms, "
            f"max {max(values):.1f} ms"
        )
