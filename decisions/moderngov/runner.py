"""One harvest of one council: take its lease, list its published decisions slice by slice,
import each decision in its own transaction, record the run, and resume where a run that
was killed stopped.

What is fetched again: a decision whose page is settled (final status, call-in closed,
published more than SETTLED_AFTER ago: harvest.is_settled) is never fetched again. Each
daily run lists the last DAILY_WINDOW of publications (late publishers included: a list is
by publication date) and re-fetches the unsettled pages it lists; an unchanged page (the
same SHA-256, since ModernGov sends no ETag or Last-Modified) is not written.
"""

from __future__ import annotations

import os
import socket
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from decisions.models import Council
from decisions.moderngov.claims import DatabaseHostClock, release_lease, renew_lease, take_lease
from decisions.moderngov.fetch import Fetched, HostUnavailable, PoliteFetcher, Politeness
from decisions.moderngov.harvest import HarvestedDecision, HarvestFault, harvest_site
from decisions.moderngov.models import FetchedResource, HarvestRun, ModernGovRecord
from decisions.moderngov.services import import_harvested, store_fetched

# A daily run lists this far back: past SETTLED_AFTER, so each page is seen until settled.
DAILY_WINDOW = timedelta(days=120)


@dataclass
class HarvestReport:
    """What one council's harvest did."""

    council: str
    counts: Counter = field(default_factory=Counter)
    faults: list[HarvestFault] = field(default_factory=list)
    skipped: str = ""  # why nothing was fetched (another harvest holds the council)
    stopped: str = ""  # why the run stopped unfinished (its host is unavailable for now)

    def line(self) -> str:
        if self.skipped:
            return self.skipped
        counted = ", ".join(
            f"{status} {self.counts[status]}"
            for status in ("created", "updated", "unchanged", "failed")
        )
        line = f"{self.council}: {counted}; {len(self.faults)} fetch faults"
        return f"{line}; {self.stopped}" if self.stopped else line


def default_fetcher() -> PoliteFetcher:
    """The fetcher settings describe, on the clock every process shares."""
    return PoliteFetcher(
        Politeness(
            user_agent=settings.HARVEST_USER_AGENT,
            interval=settings.HARVEST_REQUEST_INTERVAL,
            timeout=settings.HARVEST_TIMEOUT,
            max_bytes=settings.HARVEST_MAX_BYTES,
        ),
        clock=DatabaseHostClock(),
    )


def owner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def harvest_council(
    council: Council,
    *,
    since: date | None = None,
    today: date | None = None,
    fetcher: PoliteFetcher | None = None,
    owner: str | None = None,
    on_line: Callable[[str], None] = lambda line: None,
) -> HarvestReport:
    """Harvest one council's ModernGov site, unless another harvest holds it (the report
    then says so and nothing is fetched)."""
    report = HarvestReport(council.slug)
    owner = owner or owner_name()
    held = take_lease(council, owner)
    if held is not None:
        report.skipped = held.describe(council)
        on_line(report.skipped)
        return report
    try:
        _harvest(
            council, report, since=since, today=today, fetcher=fetcher, owner=owner, on_line=on_line
        )
    finally:
        release_lease(council, owner)
    return report


def _start(council: Council, since: date | None, today: date) -> HarvestRun:
    """The run to go on with: one that was stopped before it finished, for the same range,
    resumes at its first unfinished slice; else a new one."""
    unfinished = HarvestRun.objects.filter(council=council, finished_at__isnull=True)
    if since is not None:
        unfinished = unfinished.filter(since=since)
    resumed = unfinished.order_by("-started_at").first()
    if resumed is not None:
        return resumed
    if since is None:
        harvested_before = ModernGovRecord.objects.filter(council=council).exists()
        since = today - DAILY_WINDOW if harvested_before else settings.HARVEST_FIRST_SINCE
    return HarvestRun.objects.create(
        council=council, started_at=timezone.now(), since=since, until=today, resume_from=since
    )


def _harvest(
    council: Council,
    report: HarvestReport,
    *,
    since: date | None,
    today: date | None,
    fetcher: PoliteFetcher | None,
    owner: str,
    on_line: Callable[[str], None],
) -> None:
    today = today or timezone.localdate()
    run = _start(council, since, today)
    held = dict(
        ModernGovRecord.objects.filter(council=council).values_list(
            "page_id", "page_fetch__content_id"
        )
    )
    settled = set(
        ModernGovRecord.objects.filter(council=council, settled=True).values_list(
            "page_id", flat=True
        )
    )

    def list_fetched(fetched: Fetched) -> None:
        store_fetched(council, fetched, FetchedResource.Kind.LIST)

    def slice_done(start: date, end: date) -> None:
        run.resume_from = end + timedelta(days=1)
        run.counts = dict(report.counts)
        run.save(update_fields=["resume_from", "counts", "faults"])

    walk = harvest_site(
        council.moderngov_url,
        fetcher or default_fetcher(),
        since=run.resume_from or run.since,
        until=run.until,
        skip=settled.__contains__,
        fetch_issue=True,
        page_known=lambda page_id, sha256: held.get(page_id) == sha256,
        on_list=list_fetched,
        on_slice_done=slice_done,
    )
    walk = _until_host_unavailable(walk, report)
    for found in walk:
        if isinstance(found, HarvestFault):
            report.faults.append(found)
            run.faults = [*run.faults, {"url": found.url, "problem": found.problem}]
            on_line(found.describe())
            continue
        written = import_harvested(council, found, today=today)
        report.counts[written.status] += 1
        if written.status == "failed":
            report.faults.append(HarvestFault(written.url, written.message))
            run.faults = [*run.faults, {"url": written.url, "problem": written.message}]
        if written.status != "unchanged":
            on_line(written.describe())
        renew_lease(council, owner)
    run.counts = dict(report.counts)
    if not report.stopped:  # else left unfinished, to resume at the slice it was in
        run.finished_at = timezone.now()
    run.save()


def _until_host_unavailable(
    walk: Iterator[HarvestedDecision | HarvestFault], report: HarvestReport
) -> Iterator[HarvestedDecision | HarvestFault]:
    """The walk, ended by a HostUnavailable: that is its last fault, and the report says
    the run stopped unfinished."""
    try:
        yield from walk
    except HostUnavailable as error:
        report.stopped = "stopped unfinished: the host is unavailable for now; resumes next run"
        yield HarvestFault(error.url, error.problem)


def harvestable_councils(slugs: list[str] | None = None) -> list[Council]:
    """The named councils (each must exist), or every council with a ModernGov URL."""
    if slugs:
        found = {c.slug: c for c in Council.objects.filter(slug__in=slugs)}
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise ValueError(f"no council is called {', '.join(missing)}")
        return [found[slug] for slug in slugs]
    return list(Council.objects.exclude(moderngov_url="").order_by("slug"))


__all__ = ["HarvestReport", "HarvestedDecision", "harvest_council", "harvestable_councils"]
