"""Writing what a harvest fetched: every body kept (provenance), each decision page imported
as a notice through the archive's importer, a written statement found among its documents
imported through the PDF front end, the page's own fields and status history kept beside
the decision. Each decision is written in one transaction of its own, so a harvest killed
at any point leaves nothing half-written, and a rerun finds what it wrote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from decisions.changes import changes_together, decisions_changed
from decisions.importing.locks import import_lock
from decisions.importing.writer import import_notice
from decisions.models import Council, Decision
from decisions.moderngov.fetch import Fetched
from decisions.moderngov.harvest import HarvestedDecision, is_settled
from decisions.moderngov.models import (
    FetchedContent,
    FetchedResource,
    ModernGovDocument,
    ModernGovRecord,
    StatusChange,
)
from decisions.moderngov.sources import record_page_sources, record_statement_sources
from decisions.parsing import NoticeParseError, ParsedNotice, SourceFormat, parse_notice
from decisions.parsing.formats.moderngov_page import notice_from_decision
from decisions.parsing.moderngov import Document
from decisions.vocabulary import ChangeKind


@dataclass(frozen=True)
class Written:
    """What importing one harvested decision did: created, updated, unchanged, unjoined
    (kept as a record joined to no decision) or failed; `faults` are (URL, problem) of what
    went wrong beside it (a written statement among its documents that could not be
    imported), the decision itself kept."""

    status: str
    url: str
    reference: str = ""
    message: str = ""
    faults: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        parts = [f"{self.status}: {self.url}"]
        if self.reference:
            parts.append(f"({self.reference})")
        if self.message:
            parts.append(f"- {self.message}")
        return " ".join(parts)


def store_fetched(council: Council, fetched: Fetched, kind: str) -> FetchedResource:
    """Keep one fetch: its bytes once by their hash, and when, where and what came back."""
    sha = fetched.sha256
    if not FetchedContent.objects.filter(sha256=sha).exists():
        try:
            with transaction.atomic():
                FetchedContent.objects.create(sha256=sha, size=len(fetched.body), data=fetched.body)
        except IntegrityError:
            pass  # the same bytes, stored a moment ago by another harvest
    return FetchedResource.objects.create(
        council=council,
        kind=kind,
        url=fetched.url,
        final_url=fetched.final_url,
        fetched_at=fetched.fetched_at,
        http_status=fetched.status,
        content_type=fetched.content_type[:200],
        content_id=sha,
    )


def _statements(item: HarvestedDecision, reference: str) -> list[tuple[int, ParsedNotice, Fetched]]:
    """The documents that are this decision's written statement: PDFs the PDF front end
    reads as a notice of the same reference. Read before any transaction is opened."""
    found = []
    for position, (_, fetched) in enumerate(item.documents):
        if not fetched.body.startswith(b"%PDF-"):
            continue
        try:
            parsed = parse_notice(fetched.body, source_format=SourceFormat.PDF)
        except NoticeParseError:
            continue  # a report or minutes, not a statement
        if parsed.reference == reference:
            found.append((position, parsed, fetched))
    return found


def import_harvested(council: Council, item: HarvestedDecision, *, today: date) -> Written:
    """Import one harvested decision; a page whose bytes are unchanged is not written.

    Whatever goes wrong in writing it (a value the database refuses, a bug) is this
    decision's failure, naming its page and the problem: its writes are rolled back with
    its transaction, so nothing of it is half-written, and the harvest goes on."""
    try:
        return _import_harvested(council, item, today=today)
    except Exception as error:  # one decision's fault is not the harvest's end
        return Written(
            "failed",
            item.page.final_url,
            item.decision.reference,
            f"could not be saved: {type(error).__name__}: {error}".strip(),
        )


def _import_harvested(council: Council, item: HarvestedDecision, *, today: date) -> Written:
    page_url = item.page.final_url
    record = (
        ModernGovRecord.objects.filter(council=council, page_id=item.listed.decision_id)
        .select_related("decision")
        .first()
    )
    # A page fetched again that says the same (its bytes the same, or only the template
    # around it changed) is not written, unless what an earlier harvest could not fetch of
    # it (its issue page, documents) has now been fetched.
    fetched_what_was_missing = item.refetched and bool(item.documents or item.issue_page)
    digest = item.decision.digest
    says_the_same = record is not None and (
        record.page_digest == digest or record.page_fetch.content_id == item.page.sha256
    )
    if record is not None and says_the_same and not fetched_what_was_missing:
        # Nothing of it is written but when it was checked (the stragglers wait on that),
        # whether it is settled now, and (for a record kept before there was one) its digest.
        ModernGovRecord.objects.filter(pk=record.pk).update(
            settled=is_settled(item.decision, today), checked_at=timezone.now(), page_digest=digest
        )
        return Written("unchanged", page_url, item.decision.reference)
    text = item.page.body.decode("utf-8", "replace")
    if item.decision.issue_id is None:
        if record is not None and record.decision_id is not None:
            # It linked its issue before: its template has changed (or the link is gone for
            # now). The join is kept as it was, and the page asked for again.
            joined = record.decision.reference if record.decision else ""
            return Written(
                "failed",
                page_url,
                joined,
                f"the page no longer links its issue (mgIssueHistoryHome.aspx?IId=): its "
                f"template may have changed; it stays joined to {joined} as it was",
            )
        with import_lock(), transaction.atomic():
            return _keep_without_issue(council, item, record, today=today)
    try:
        notice = notice_from_decision(item.decision, url=page_url, source_text=text)
    except NoticeParseError as error:
        return Written("failed", page_url, message=str(error))
    statements = _statements(item, notice.reference)
    with import_lock(), transaction.atomic(), changes_together():
        return _write(council, item, notice, statements, record, today=today)


def _keep_without_issue(
    council: Council, item: HarvestedDecision, record: ModernGovRecord | None, *, today: date
) -> Written:
    """A page that links no issue has no reference to file a decision under, nor a written
    statement to join: it is kept as a record of its own (its fetch, status over time and
    documents), joined to no decision, and said once, when it is first kept."""
    page_resource = store_fetched(council, item.page, FetchedResource.Kind.PAGE)
    documents = _store_documents(council, item)
    kept = _save_record(council, None, item, page_resource, None, record, today=today)
    _keep_documents(kept, item, documents, statement_urls=set(), record=record)
    if record is not None:
        return Written("updated", item.page.final_url)
    return Written(
        "unjoined",
        item.page.final_url,
        message=f"page {item.listed.decision_id} links no issue (mgIssueHistoryHome.aspx?IId=), "
        "so it has no reference to file a decision under: kept as a record of its own",
    )


def _write(
    council: Council,
    item: HarvestedDecision,
    notice: ParsedNotice,
    statements: list[tuple[int, ParsedNotice, Fetched]],
    record: ModernGovRecord | None,
    *,
    today: date,
) -> Written:
    page_url = item.page.final_url
    page_resource = store_fetched(council, item.page, FetchedResource.Kind.PAGE)
    issue_resource = (
        store_fetched(council, item.issue_page, FetchedResource.Kind.ISSUE)
        if item.issue_page is not None
        else None
    )
    documents = _store_documents(council, item)
    decision = Decision.objects.filter(council=council, reference=notice.reference).first()
    joined = record is not None and record.decision_id is not None
    if joined and (decision is None or record.decision_id != decision.pk):
        # Joined to one issue's decision, the page now names another: a join is not moved
        # by a page; it stays as it was, and the page is asked for again.
        transaction.set_rollback(True)
        return Written(
            "failed",
            page_url,
            notice.reference,
            f"the page now links issue {notice.reference}, but it is joined to another "
            "decision: it stays joined as it was",
        )
    # A second page on one issue (a deferral, then the decision): the issue's decision and
    # its written statement stay joined to the page that came first, and this one is kept
    # as a record of its own, joined to nothing, said once when it is first kept.
    holder = getattr(decision, "moderngov", None) if decision is not None else None
    if holder is not None and (record is None or holder.pk != record.pk):
        kept = _save_record(council, None, item, page_resource, issue_resource, record, today=today)
        _keep_documents(kept, item, documents, statement_urls=set(), record=record)
        if record is not None:
            return Written("updated", page_url, notice.reference)
        return Written(
            "unjoined",
            page_url,
            notice.reference,
            f"a second decision page on issue {notice.reference}: ModernGov page "
            f"{holder.page_id} holds its join (and its written statement's), so "
            f"page {item.listed.decision_id} is kept as a record of its own, joined to no "
            "decision",
        )
    # Joined now: a new page, or one kept unjoined before (it linked no issue then, or its
    # issue's decision was joined to another page that has let it go).
    newly_joined = record is None or record.decision_id is None
    status = "updated" if record is not None else ("updated" if decision else "created")
    message = "" if record is None or record.decision_id is not None else "joined to its decision"
    # The page is the decision's source until a written statement is: it never
    # overwrites what a statement gave.
    if decision is None or decision.source_format == SourceFormat.MODERNGOV:
        result = import_notice(
            notice,
            source_path=page_url,
            source_bytes=item.page.body,
            council=council,
        )
        if result.status == "failed":
            transaction.set_rollback(True)
            return Written("failed", page_url, notice.reference, result.message)
        message = "; ".join(filter(None, [message, result.message]))
        decision = Decision.objects.get(council=council, reference=notice.reference)
    statement_urls = set()
    faults = []
    for position, parsed, fetched in statements:
        result = import_notice(
            parsed, source_path=fetched.final_url, source_bytes=fetched.body, council=council
        )
        if result.status != "failed":
            statement_urls.add(item.documents[position][0].url)
            message = "; ".join(filter(None, [message, "its written statement imported"]))
        else:  # said; the same bytes would fail again, so it is tried when the page changes
            url = item.documents[position][0].url
            faults.append((url, f"its written statement could not be imported: {result.message}"))
    if item.refetched:
        got = len(documents) + (issue_resource is not None)
        message = "; ".join(filter(None, [message, f"fetched {got} it could not before"]))
    status_changed = record is not None and record.status != item.decision.status[:200]
    kept = _save_record(council, decision, item, page_resource, issue_resource, record, today=today)
    _keep_documents(kept, item, documents, statement_urls=statement_urls, record=record)
    record_page_sources(
        decision,
        notice,
        effective_from=item.decision.effective_from,
        resource=page_resource,
        key_decision_given=item.decision.is_key_decision is not None,
    )
    record_statement_sources([decision.pk])
    if newly_joined or status_changed:
        # The decision has a new record or a new status (the importer has said already
        # whatever changed in its fields): documents fetched late change neither.
        decisions_changed([decision.pk], kind=ChangeKind.UPDATED)
    return Written(status, page_url, notice.reference, message, faults=tuple(faults))


def _store_documents(
    council: Council, item: HarvestedDecision
) -> list[tuple[Document, FetchedResource]]:
    """Keep each document fetched this time, beside the link it was fetched from."""
    return [
        (document, store_fetched(council, fetched, FetchedResource.Kind.DOCUMENT))
        for document, fetched in item.documents
    ]


def _keep_documents(
    kept: ModernGovRecord,
    item: HarvestedDecision,
    documents: list[tuple[Document, FetchedResource]],
    *,
    statement_urls: set[str],
    record: ModernGovRecord | None,
) -> None:
    """The page's documents, in its order, each with its fetch: this harvest's, or for one
    not fetched this time the fetch an earlier harvest made of it (`record` as it was)."""
    earlier = (
        {d.url: d for d in record.documents.all() if d.resource_id is not None}
        if record is not None
        else {}
    )
    fetched_now = {document.url: resource for document, resource in documents}
    rows = []
    for n, document in enumerate(item.decision.documents):
        before = earlier.get(document.url) if document.url not in fetched_now else None
        rows.append(
            ModernGovDocument(
                record=kept,
                position=n,
                title=document.title[:500],
                url=document.url,
                size_text=document.size[:50],
                resource=fetched_now.get(document.url) or (before.resource if before else None),
                is_statement=document.url in statement_urls
                or (before is not None and before.is_statement),
            )
        )
    kept.documents.all().delete()
    ModernGovDocument.objects.bulk_create(rows)


def _save_record(
    council: Council,
    decision: Decision | None,
    item: HarvestedDecision,
    page_resource: FetchedResource,
    issue_resource: FetchedResource | None,
    record: ModernGovRecord | None,
    *,
    today: date,
) -> ModernGovRecord:
    page = item.decision
    meeting = page.meeting
    values = {
        "decision": decision,
        "issue_id": page.issue_id,
        "url": item.page.final_url,
        "status": page.status[:200],
        "published_on": page.publication_date or item.listed.published,
        "effective_from": page.effective_from or item.listed.effective_from,
        "call_in_deadline": page.call_in_deadline,
        "is_key_decision": page.is_key_decision,
        "subject_to_call_in": page.subject_to_call_in,
        "meeting_title": meeting.title[:500] if meeting else "",
        "meeting_date": meeting.meeting_date if meeting else None,
        "meeting_url": meeting.url if meeting else "",
        "wards": list(page.wards),
        "lead_officer": page.lead_officer[:500],
        "page_fetch": page_resource,
        "page_digest": page.digest,
        "settled": is_settled(page, today),
        "unfetched": list(item.unfetched),
        "checked_at": timezone.now(),
    }
    if issue_resource is not None:
        values["issue_fetch"] = issue_resource
    previous_status = record.status if record is not None else None
    record, _ = ModernGovRecord.objects.update_or_create(
        council=council, page_id=item.listed.decision_id, defaults=values
    )
    if page.status != previous_status:
        StatusChange.objects.create(
            record=record,
            status=page.status[:200],
            seen_at=item.page.fetched_at,
            resource=page_resource,
        )
    return record
