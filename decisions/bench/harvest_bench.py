"""ModernGov harvest benchmark: a fake site of N decisions (the real Kirklees markup) in a
process of its own on 127.0.0.1, harvested with the interval set to 0 into the configured
database; then harvested again (a daily run: every page unchanged). Prints pages a second
and the harvest's CPU per page (this process only: the server's CPU is its own).

Then, from the real list sizes (shared/moderngov/README.md: 130 to 740 published decisions
a council a year) and the measured CPU, what a first and a daily harvest take at the default
interval of one request a second per host, for one council and for all 271 with hosts in
parallel. Only rows this benchmark made (its council, "bench-moderngov") are deleted.
"""

from __future__ import annotations

import multiprocessing
import time
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from decisions.models import Council, Decision
from decisions.moderngov.claims import DatabaseHostClock
from decisions.moderngov.fetch import PoliteFetcher, Politeness
from decisions.moderngov.harvest import SETTLED_AFTER, SLICE_MONTHS
from decisions.moderngov.models import FetchedContent, FetchedResource, HarvestRun
from decisions.moderngov.runner import DAILY_WINDOW, harvest_council

SLUG = "bench-moderngov"
SINCE = date(2023, 1, 1)
# Published decisions a year, from shared/moderngov/README.md.
VOLUMES = {
    "Brighton": 130,
    "Cotswold": 250,
    "Blackpool": 470,
    "Durham": 603,
    "Kirklees": 657,
    "Dorset": 740,
}
COUNCILS = 271
DOCUMENTS_PER_DECISION = 1.0  # PDFs a page links (an assumption: the Kirklees page has 1)
SECONDS_A_DAY = 86_400


def _serve(count: int, since: date, until: date, ready: multiprocessing.Queue) -> None:
    """The fake site's process: build the pages, serve them until terminated."""
    from tests.fakes.kirklees_site import FakeDecision, serve_council, serve_lists
    from tests.fakes.moderngov_site import fake_site

    span = (until - since).days
    decisions = [
        FakeDecision(
            page_id=100_000 + n,
            issue_id=50_000_000 + n,
            title=f"Decision number {n} on the council's services",
            published=since + timedelta(days=n * span // count),
            decided=since + timedelta(days=max(0, n * span // count - 1)),
        )
        for n in range(count)
    ]
    with fake_site() as site:
        serve_council(site, decisions, since=since, until=until)
        day_after = until + timedelta(days=1)  # the daily run's lists
        serve_lists(site, decisions, since=day_after - DAILY_WINDOW, until=day_after)
        ready.put(site.base_url)
        while True:
            time.sleep(3600)


def _clear() -> None:
    council = Council.objects.filter(slug=SLUG).first()
    if council is None:
        return
    with transaction.atomic():
        Decision.objects.filter(council=council).delete()
        HarvestRun.objects.filter(council=council).delete()
        FetchedResource.objects.filter(council=council).delete()
        FetchedContent.objects.filter(fetches__isnull=True).delete()
        council.delete()


class CountingFetcher(PoliteFetcher):
    requests = 0

    def _request(self, url: str, host: str):  # type: ignore[no-untyped-def]
        CountingFetcher.requests += 1
        return super()._request(url, host)


def _timed(
    council: Council, fetcher: CountingFetcher, until: date, since: date | None
) -> tuple[float, float, int]:
    requests_before = fetcher.requests
    wall, cpu = time.perf_counter(), time.process_time()
    harvest_council(council, since=since, today=until, fetcher=fetcher)
    return time.perf_counter() - wall, time.process_time() - cpu, fetcher.requests - requests_before


def run_harvest_bench(*, count: int) -> None:
    """Harvest a fake site of `count` decisions at interval 0, twice; then the estimates."""
    until = SINCE + timedelta(days=365 * 2 - 1)
    ready: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.get_context("fork").Process(
        target=_serve, args=(count, SINCE, until, ready), daemon=True
    )
    server.start()
    try:
        base_url = ready.get(timeout=120)
        _clear()
        council = Council.objects.create(name="Bench ModernGov", slug=SLUG, moderngov_url=base_url)
        fetcher = CountingFetcher(
            Politeness(user_agent="bench", interval=0.0, timeout=30.0), clock=DatabaseHostClock()
        )
        # The daily run is timed as it would be long after: every page settled but those
        # published in the last SETTLED_AFTER, which it fetches and finds unchanged.
        first = _timed(council, fetcher, until, SINCE)
        daily = _timed(council, fetcher, until + timedelta(days=1), None)
        stored = Decision.objects.filter(council=council).count()
    finally:
        server.terminate()
        _clear()
    print(
        f"ModernGov harvest of a fake site of {count:,} decisions, interval 0 ({stored:,} stored)"
    )
    for name, (wall, cpu, requests) in (("first", first), ("daily", daily)):
        print(
            f"  {name:5} harvest: {requests:,} requests in {wall:.1f} s = "
            f"{requests / wall:.0f} pages/s; CPU {1000 * cpu / max(requests, 1):.1f} ms a page"
        )
    _estimates(cpu_per_page=first[1] / max(first[2], 1))


def requests_first(per_year: int, years: float) -> float:
    """Requests for a first harvest of `years` of a council's decisions: a list per slice,
    then each decision's page, its issue page and its documents."""
    slices = years * 12 / SLICE_MONTHS
    return slices + per_year * years * (2 + DOCUMENTS_PER_DECISION)


def requests_daily(per_year: int) -> float:
    """Requests for a daily harvest: the lists of the last DAILY_WINDOW, each unsettled page
    it lists (those published in the last SETTLED_AFTER), and for the day's new decisions
    their issue page and documents too."""
    slices = DAILY_WINDOW.days / (30.4 * SLICE_MONTHS) + 1
    unsettled = per_year * SETTLED_AFTER.days / 365
    new = per_year / 365
    return slices + unsettled + new * (1 + DOCUMENTS_PER_DECISION)


def _hms(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min {rest % 60:02d} s"


def _estimates(*, cpu_per_page: float) -> None:
    interval = settings.HARVEST_REQUEST_INTERVAL
    print(
        f"\nAt {interval:g} s a request per host ({DOCUMENTS_PER_DECISION:g} PDF a decision "
        f"assumed; the server's own time not counted):"
    )
    for name, per_year in VOLUMES.items():
        first_year = requests_first(per_year, 1) * interval
        print(
            f"  {name:9} ({per_year} a year): first harvest {_hms(first_year)} a year of "
            f"history ({_hms(first_year * 10)} for 10 years); daily "
            f"{_hms(requests_daily(per_year) * interval)}"
        )
    mean = sum(VOLUMES.values()) / len(VOLUMES)
    largest = max(VOLUMES.values())
    first_all = requests_first(largest, 10) * interval
    daily_all = requests_daily(largest) * interval
    total_daily = requests_daily(round(mean)) * COUNCILS
    print(
        f"  All {COUNCILS} councils, each host harvested in parallel (one worker a host): a "
        f"first harvest of 10 years takes as long as the largest ({largest} a year), "
        f"{_hms(first_all)}; a daily one {_hms(daily_all)}."
    )
    print(
        f"  Daily, all {COUNCILS} at a mean {mean:.0f} a year: {total_daily:,.0f} requests, "
        f"{total_daily * cpu_per_page:.0f} s of CPU at the measured "
        f"{1000 * cpu_per_page:.1f} ms a page; {COUNCILS} hosts at 1 request/s each need "
        f"{COUNCILS * cpu_per_page:.2f} cores while all run."
    )
