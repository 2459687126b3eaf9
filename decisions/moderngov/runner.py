"""One harvest of one council: take its lease, list its published decisions slice by slice,
import each decision in its own transaction, record the run, and resume where a run that
was killed stopped.

What is fetched again: a decision whose page is settled (final status, call-in closed,
published more than SETTLED_AFTER ago: harvest.is_settled) is never fetched again. Each
daily run lists the last DAILY_WINDOW of publications (late publishers included: a list is
by publication date) and re-fetches the unsettled pages it lists; a page that says the same
(ModernGovDecision.digest: ModernGov sends no ETag or Last-Modified, and its template may
change alone) is not written, and of its issue page and documents only those whose fetch
failed before are asked for again. A page still unsettled when it has dropped out of that
window (a call-in still being heard, a status never made final) is in no list a daily run
reads, nor is one that could not be fetched, read or saved (a PendingPage): after the
lists, each run asks for up to STRAGGLERS_A_RUN of those by their own address, the failed
ones first (again the next day, weekly from their seventh try), then the unsettled ones
each once a STRAGGLER_EVERY at most, the longest unchecked first.
"""

from __future__ import annotations

import math
import os
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import chain

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from decisions.models import Council
from decisions.moderngov.claims import (
    DatabaseHostClock,
    LeaseLost,
    keep_lease,
    release_lease,
    take_lease,
)
from decisions.moderngov.fetch import (
    Clock,
    Fetched,
    HostHeldOff,
    HostUnavailable,
    PoliteFetcher,
    Politeness,
)
from decisions.moderngov.harvest import (
    HarvestedDecision,
    HarvestFault,
    harvest_decision,
    harvest_site,
)
from decisions.moderngov.models import (
    FetchedResource,
    HarvestRun,
    ModernGovRecord,
    PendingPage,
)
from decisions.moderngov.services import import_harvested, store_fetched
from decisions.parsing.moderngov import ListedDecision

# A daily run lists this far back: past SETTLED_AFTER, so each page is seen until settled.
DAILY_WINDOW = timedelta(days=120)
# An unsettled page published before the window is fetched again by its address, this
# often at most, and no more than this many in one run (the rest wait for the next).
STRAGGLER_EVERY = timedelta(days=7)
STRAGGLERS_A_RUN = 200
# A page that could not be fetched, read or saved is asked for again by the next daily run
# (which may start a little earlier than this one did), and from its seventh try weekly.
RETRY_FAILED_SOON = timedelta(hours=20)
RETRY_FAILED_TRIES = 7
# A wait for a turn longer than this is cut into waits this long, the lease renewed between.
RENEW_EVERY = timedelta(minutes=1)


@dataclass
class HarvestReport:
    """What one council's harvest did."""

    council: str
    counts: Counter = field(default_factory=Counter)
    faults: list[HarvestFault] = field(default_factory=list)
    skipped: str = ""  # why nothing was fetched (another harvest holds the council)
    # why the harvest stopped midway (its lease was lost, or its host is unavailable for now)
    stopped: str = ""
    resume_from: date | None = None  # the run is unfinished: the next one lists from here

    @property
    def failed(self) -> bool:
        """Something of this council is missing until a later run gets it: a decision page
        that could not be fetched, read or saved, a list that failed, a harvest stopped."""
        return bool(
            self.counts["failed"]
            or self.stopped
            or self.resume_from is not None
            or any(fault.listed is not None for fault in self.faults)
        )

    def line(self) -> str:
        if self.skipped:
            return self.skipped
        counted = ", ".join(
            f"{status} {self.counts[status]}"
            for status in ("created", "updated", "unchanged", "failed")
        )
        if self.counts["unjoined"]:
            counted += f", kept unjoined {self.counts['unjoined']}"
        line = f"{self.council}: {counted}; {len(self.faults)} fetch faults"
        if self.stopped:
            line += f"; {self.stopped}"
        elif self.resume_from is not None:
            line += f"; unfinished, the next harvest lists again from {self.resume_from}"
        return line


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


class LeasedFetcher:
    """The fetcher a harvest walks with: each request first renews the council's lease, and
    so does every minute of a long wait for a turn (Retry-After waits, three of them on one
    request, can outlast the lease), so no slow decision lets a second harvest start
    alongside; once another harvest holds it, LeaseLost stops the walk before anything
    more is asked."""

    def __init__(
        self,
        fetcher: PoliteFetcher,
        council: Council,
        owner: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._council, self._owner = council, owner
        # A copy on the lease-keeping clock, sharing the fetcher's session and robots.txt.
        clock = _LeaseKeepingClock(fetcher.clock, lambda: keep_lease(council, owner), sleep=sleep)
        self._fetcher = replace(fetcher, clock=clock)

    def get(self, url: str) -> Fetched:
        keep_lease(self._council, self._owner)
        return self._fetcher.get(url)


class _LeaseKeepingClock:
    """A Clock that waits at most RENEW_EVERY at a time, renewing the lease between."""

    def __init__(self, clock: Clock, renew: Callable[[], None], *, sleep: Callable[[float], None]):
        self._clock, self._renew, self._sleep = clock, renew, sleep

    def wait_turn(self, host: str, interval: float, *, longest: float = math.inf) -> None:
        step = RENEW_EVERY.total_seconds()
        while True:
            try:
                return self._clock.wait_turn(host, interval, longest=min(longest, step))
            except HostHeldOff as held:
                if held.seconds > longest:
                    raise
                self._sleep(min(step, held.seconds - step / 2))
                self._renew()

    def hold_off(self, host: str, seconds: float) -> None:
        self._clock.hold_off(host, seconds)


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
    if resumed is not None and _lists_done(resumed):
        # Its lists were all read (it stopped after them, asking for pages by address): it
        # is done, and today's run lists its whole window again.
        resumed.finished_at = timezone.now()
        resumed.save(update_fields=["finished_at"])
        resumed = None
    if resumed is not None:
        # A run left unfinished by a list that failed lists up to today when resumed, so a
        # slice that keeps failing never keeps the newest decisions out.
        if resumed.until < today:
            resumed.until = today
            resumed.save(update_fields=["until"])
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
    held: dict[int, str] = {}  # what each page said when last kept (ModernGovDecision.digest)
    missing: dict[int, frozenset[str]] = {}
    for page_id, digest, unfetched in ModernGovRecord.objects.filter(council=council).values_list(
        "page_id", "page_digest", "unfetched"
    ):
        held[page_id] = digest
        if unfetched:
            missing[page_id] = frozenset(unfetched)
    settled = set(
        ModernGovRecord.objects.filter(council=council, settled=True).values_list(
            "page_id", flat=True
        )
    )
    pending = set(PendingPage.objects.filter(council=council).values_list("page_id", flat=True))

    def list_fetched(fetched: Fetched) -> None:
        store_fetched(council, fetched, FetchedResource.Kind.LIST)

    # The first slice whose list failed: the run is left unfinished, to resume there.
    failed_from: list[date] = []

    def slice_failed(start: date, end: date) -> None:
        if not failed_from:
            failed_from.append(start)
            run.resume_from = start
            run.save(update_fields=["resume_from"])

    def slice_done(start: date, end: date) -> None:
        if not failed_from:
            run.resume_from = end + timedelta(days=1)
        run.counts = dict(report.counts)
        run.save(update_fields=["resume_from", "counts", "faults"])

    leased = LeasedFetcher(fetcher or default_fetcher(), council, owner)

    def page_known(page_id: int, digest: str) -> bool:
        return held.get(page_id) == digest

    def still_missing(page_id: int) -> frozenset[str]:
        return missing.get(page_id, frozenset())

    walk = chain(
        harvest_site(
            council.moderngov_url,
            leased,
            since=run.resume_from or run.since,
            until=run.until,
            skip=settled.__contains__,
            fetch_issue=True,
            page_known=page_known,
            still_missing=still_missing,
            on_list=list_fetched,
            on_slice_done=slice_done,
            on_slice_failed=slice_failed,
        ),
        _stragglers(council, run, leased, page_known=page_known, still_missing=still_missing),
    )
    walk = _until_host_unavailable(walk, report)
    try:
        for found in walk:
            if isinstance(found, HarvestFault):
                report.faults.append(found)
                run.faults = [*run.faults, {"url": found.url, "problem": found.problem}]
                on_line(found.describe())
                if found.listed is not None:  # the page itself: asked for again
                    pending.add(found.listed.decision_id)
                    _page_failed(council, found.listed, found.problem)
                continue
            keep_lease(council, owner)  # a harvest that lost its council writes nothing more
            written = import_harvested(council, found, today=today)
            report.counts[written.status] += 1
            for url, problem in written.faults:
                fault = HarvestFault(url, problem)
                report.faults.append(fault)
                run.faults = [*run.faults, {"url": url, "problem": problem}]
                on_line(fault.describe())
            if written.status == "failed":
                report.faults.append(HarvestFault(written.url, written.message))
                run.faults = [*run.faults, {"url": written.url, "problem": written.message}]
                pending.add(found.listed.decision_id)
                _page_failed(council, found.listed, written.message)
            elif found.listed.decision_id in pending:
                pending.discard(found.listed.decision_id)
                PendingPage.objects.filter(
                    council=council, page_id=found.listed.decision_id
                ).delete()
            if written.status != "unchanged":
                on_line(written.describe())
    except LeaseLost as lost:
        # Another harvest holds the council now: stop, and leave the run to be resumed.
        report.stopped = str(lost)
        on_line(report.stopped)
        run.counts = dict(report.counts)
        run.save(update_fields=["counts", "faults"])
        return
    run.counts = dict(report.counts)
    if failed_from:
        run.resume_from = report.resume_from = failed_from[0]
    elif not report.stopped or _lists_done(run):
        # Finished: else (stopped in the lists) left unfinished, to resume at its slice.
        run.finished_at = timezone.now()
    run.save()


def _lists_done(run: HarvestRun) -> bool:
    """Every slice of the run's lists was read (what is left is asked for by address)."""
    return run.resume_from is not None and run.resume_from > run.until


def _stragglers(
    council: Council,
    run: HarvestRun,
    fetcher: LeasedFetcher,
    *,
    page_known: Callable[[int, str], bool],
    still_missing: Callable[[int], frozenset[str]],
) -> Iterator[HarvestedDecision | HarvestFault]:
    """The pages that failed before and are due again, then the unsettled pages published
    before the run's lists began (module docstring), by their own address, up to
    STRAGGLERS_A_RUN in all. Read once the lists are done, so a page they listed this run
    (its checked_at fresh, or its failure pushed on) is not asked for twice."""
    now = timezone.now()
    failed = (
        PendingPage.objects.filter(council=council, next_try_at__lte=now)
        .order_by("next_try_at", "page_id")
        .values_list("page_id", "url", "published_on")[:STRAGGLERS_A_RUN]
    )
    rows = {
        page_id: ListedDecision(page_id, "", url, published_on, None, call_ins="")
        for page_id, url, published_on in failed
    }
    waiting = PendingPage.objects.filter(council=council, next_try_at__gt=now)
    unsettled = (
        ModernGovRecord.objects.filter(
            council=council, settled=False, checked_at__lt=now - STRAGGLER_EVERY
        )
        .filter(Q(published_on__lt=run.since) | Q(published_on__isnull=True))
        .exclude(page_id__in=waiting.values("page_id"))  # failed: it waits its retry
        .order_by("checked_at", "page_id")
        .values_list("page_id", "url", "published_on", "effective_from")
    )
    for page_id, url, published_on, effective_from in unsettled[:STRAGGLERS_A_RUN]:
        if len(rows) >= STRAGGLERS_A_RUN:
            break
        rows.setdefault(
            page_id, ListedDecision(page_id, "", url, published_on, effective_from, call_ins="")
        )
    for row in rows.values():
        yield from harvest_decision(
            row, fetcher, fetch_issue=True, page_known=page_known, still_missing=still_missing
        )


def _page_failed(council: Council, listed: ListedDecision, problem: str) -> None:
    """Keep a page that could not be fetched, read or saved, to be asked for again."""
    now = timezone.now()
    pending = PendingPage.objects.filter(council=council, page_id=listed.decision_id).first()
    if pending is None:
        PendingPage.objects.create(
            council=council,
            page_id=listed.decision_id,
            url=listed.url,
            published_on=listed.published,
            problem=problem,
            first_failed_at=now,
            next_try_at=now + RETRY_FAILED_SOON,
        )
        return
    pending.tries += 1
    pending.problem = problem
    pending.published_on = listed.published or pending.published_on
    soon = pending.tries < RETRY_FAILED_TRIES
    pending.next_try_at = now + (RETRY_FAILED_SOON if soon else STRAGGLER_EVERY)
    pending.save(update_fields=["tries", "problem", "published_on", "next_try_at"])


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
