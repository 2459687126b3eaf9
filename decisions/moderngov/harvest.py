"""Walking one ModernGov site: the published-decision lists in date slices, each decision's
page, and the documents it links. Everything goes through the polite fetcher; every fault
(a fetch that fails, a page that is not a decision page, a template that has changed) is
yielded as a HarvestFault naming its URL, and the walk goes on; but a HostUnavailable of
the council's own site (it asks to be left alone for long, or its robots.txt cannot be had)
is raised, since the rest of the walk would ask the same host: the walk stops there. Another
host unavailable (one a document is on) is that document's fault.

This module fetches and reads; it stores nothing. What a harvest keeps (every fetched page,
for provenance) and how a page joins the written statement of the same issue are the
caller's, once councils are in the archive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol
from urllib.parse import urljoin, urlsplit, urlunsplit

from decisions.moderngov.fetch import Fetched, FetchError, HostUnavailable, host_of
from decisions.parsing import NoticeParseError
from decisions.parsing.moderngov import (
    Document,
    ListedDecision,
    ModernGovDecision,
    read_decision_list,
    read_decision_page,
)

# Wide date ranges make some servers fail (11 years timed out after 2 minutes; 3 years
# took 11 s), so the lists are read a few months at a time.
SLICE_MONTHS = 3
# A decision page can still change while its call-in is open or its status is unsettled;
# after this long past publication, with its status settled, it is not fetched again.
SETTLED_AFTER = timedelta(days=90)
UNSETTLED_STATUSES = ("subject to call-in", "for determination", "called in", "call-in")


class Fetcher(Protocol):
    """What the walk fetches through: a PoliteFetcher, or the runner's wrapper of one that
    renews the council's lease before each request."""

    def get(self, url: str) -> Fetched: ...


@dataclass(frozen=True)
class HarvestedDecision:
    """One decision as the site published it: its row in a list, its page, and what its page
    says, with the documents fetched."""

    listed: ListedDecision
    page: Fetched
    decision: ModernGovDecision
    documents: tuple[tuple[Document, Fetched], ...]
    issue_page: Fetched | None = None  # the issue's history page, where linked and asked for
    # The issue page and documents asked for whose fetch failed (asked for again next time).
    unfetched: tuple[str, ...] = ()
    # The page was one the caller holds; only what it could not fetch before was asked for.
    refetched: bool = False


@dataclass(frozen=True)
class HarvestFault:
    """Something the harvest could not fetch or read, and why; the rest went on. `listed`
    is the decision's row when what failed is its page itself (so it is asked for again)."""

    url: str
    problem: str
    listed: ListedDecision | None = None

    def describe(self) -> str:
        return f"failed: {self.url} - {self.problem}"


def month_slices(since: date, until: date, months: int = SLICE_MONTHS) -> list[tuple[date, date]]:
    """[since, until] cut into ranges of at most `months` calendar months, oldest first."""
    if until < since:
        return []
    slices = []
    start = since
    while start <= until:
        month = start.month - 1 + months
        following = date(start.year + month // 12, month % 12 + 1, 1)
        end = min(until, following - timedelta(days=1))
        slices.append((start, end))
        start = end + timedelta(days=1)
    return slices


def published_list_url(base_url: str, start: date, end: date) -> str:
    """The list of decisions published from `start` to `end` (ModernGov wants dd/mm/yyyy)."""
    span = f"{start:%d}%2f{start:%m}%2f{start:%Y}-{end:%d}%2f{end:%m}%2f{end:%Y}"
    return urljoin(_site(base_url), f"mgDelegatedDecisions.aspx?DS=2&DR={span}")


def is_settled(decision: ModernGovDecision, today: date) -> bool:
    """True when the page will not change again: its status is final, no call-in is open,
    and it was published more than SETTLED_AFTER ago. Settled pages are not re-fetched."""
    status = decision.status.lower()
    if not status or any(word in status for word in UNSETTLED_STATUSES):
        return False
    deadline = decision.call_in_deadline or decision.in_force_if_not_called_in
    if deadline is not None and deadline >= today:
        return False
    published = decision.publication_date or decision.decision_date
    return published is not None and today - published > SETTLED_AFTER


def is_pdf(document: Document) -> bool:
    """The documents a harvest fetches by default: PDFs (a written statement is one)."""
    return document.url.lower().split("?")[0].endswith(".pdf") or "pdf" in document.size.lower()


def harvest_site(
    base_url: str,
    fetcher: Fetcher,
    *,
    since: date,
    until: date,
    skip: Callable[[int], bool] = lambda decision_id: False,
    fetch_document: Callable[[Document], bool] = is_pdf,
    fetch_issue: bool = False,
    page_known: Callable[[int, str], bool] = lambda decision_id, digest: False,
    still_missing: Callable[[int], frozenset[str]] = lambda decision_id: frozenset(),
    on_list: Callable[[Fetched], None] = lambda fetched: None,
    on_slice_done: Callable[[date, date], None] = lambda start, end: None,
    on_slice_failed: Callable[[date, date], None] = lambda start, end: None,
) -> Iterator[HarvestedDecision | HarvestFault]:
    """Every decision the site published from `since` to `until`, each fetched once even
    when two slices list it; `skip(decision_id)` leaves out what the caller holds settled.
    `page_known(decision_id, digest)` says the caller holds what this page says already
    (ModernGovDecision.digest): of its issue page and documents only those
    `still_missing(decision_id)` names (their fetch failed before) are then fetched again.
    `on_list` is given each list as fetched (to keep it), `on_slice_done` each slice once
    all its decisions have been yielded (to resume after it), `on_slice_failed` each slice
    whose list could not be fetched or read (to list it again next time; the walk goes on
    with the next slice)."""
    seen: set[int] = set()
    site_host = host_of(_site(base_url))
    for start, end in month_slices(since, until):
        url = published_list_url(base_url, start, end)
        try:
            fetched = fetcher.get(url)
            listed = read_decision_list(_body(fetched), url=url)
        except (FetchError, NoticeParseError) as error:
            on_slice_failed(start, end)
            yield _fault(url, error, site_host)
            continue
        on_list(fetched)
        for row in listed:
            if row.decision_id in seen or skip(row.decision_id):
                continue
            seen.add(row.decision_id)
            yield from harvest_decision(
                row,
                fetcher,
                fetch_document,
                fetch_issue=fetch_issue,
                page_known=page_known,
                still_missing=still_missing,
                site_host=site_host,
            )
        on_slice_done(start, end)


def harvest_decision(
    row: ListedDecision,
    fetcher: Fetcher,
    fetch_document: Callable[[Document], bool] = is_pdf,
    *,
    fetch_issue: bool = False,
    page_known: Callable[[int, str], bool] = lambda decision_id, digest: False,
    still_missing: Callable[[int], frozenset[str]] = lambda decision_id: frozenset(),
    site_host: str = "",
) -> Iterator[HarvestedDecision | HarvestFault]:
    """One decision's page, then its issue page (with fetch_issue) and its documents; of a
    page the caller holds already (`page_known`), only those it could not fetch before.
    `site_host` is the council's site (the page's host unless given): only its being
    unavailable stops the walk; another host's (a document's) is that URL's fault."""
    site_host = site_host or host_of(row.url)
    try:
        page = fetcher.get(row.url)
        decision = read_decision_page(_body(page), url=page.final_url)
    except (FetchError, NoticeParseError) as error:
        yield replace(_fault(row.url, error, site_host), listed=row)
        return
    wanted: frozenset[str] | None = None  # None: all it links
    if page_known(row.decision_id, decision.digest):
        wanted = still_missing(row.decision_id)
        if not wanted:
            yield HarvestedDecision(row, page, decision, ())
            return
    unfetched = []
    issue_page = None
    issue_url = urljoin(page.final_url, f"mgIssueHistoryHome.aspx?IId={decision.issue_id}")
    if fetch_issue and decision.issue_id is not None and (wanted is None or issue_url in wanted):
        try:
            issue_page = fetcher.get(issue_url)
            _body(issue_page)
        except FetchError as error:
            issue_page = None
            unfetched.append(issue_url)
            yield _fault(issue_url, error, site_host)  # the decision is kept without it
    documents = []
    for document in decision.documents:
        if not fetch_document(document) or (wanted is not None and document.url not in wanted):
            continue
        try:
            fetched_document = fetcher.get(document.url)
            _document_body(fetched_document)  # not an error page sent in its place
        except FetchError as error:
            unfetched.append(document.url)
            yield _fault(document.url, error, site_host)  # the decision is kept without it
            continue
        documents.append((document, fetched_document))
    yield HarvestedDecision(
        row,
        page,
        decision,
        tuple(documents),
        issue_page,
        unfetched=tuple(unfetched),
        refetched=wanted is not None,
    )


def _body(fetched: Fetched) -> bytes:
    if fetched.redirected_elsewhere:
        raise FetchError(fetched.url, f"the site sent another page instead ({fetched.final_url})")
    return fetched.body


def _document_body(fetched: Fetched) -> bytes:
    """A document's body, unless it was redirected elsewhere to a web page: documents are
    often redirected to where they are stored, but an HTML page in place of one is the
    site's error page."""
    if fetched.redirected_elsewhere and "html" in fetched.content_type.lower():
        raise FetchError(fetched.url, f"the site sent a web page instead ({fetched.final_url})")
    return fetched.body


def _fault(url: str, error: FetchError | NoticeParseError, site_host: str) -> HarvestFault:
    if isinstance(error, HostUnavailable) and error.host == site_host:
        raise error  # not this URL's fault to go on from: the walk stops (module docstring)
    problem = error.problem if isinstance(error, FetchError) else str(error)
    return HarvestFault(url, problem)


def _site(base_url: str) -> str:
    """The site's folder, where its .aspx pages sit, ending in a slash (a base URL may be
    given as the site, its folder, or one of its pages)."""
    parts = urlsplit(base_url)
    path = parts.path or "/"
    if not path.endswith("/"):
        path = path.rsplit("/", 1)[0] + "/" if path.lower().endswith(".aspx") else path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
