"""Reads of what a harvest kept, for the decision page, the export and the admin."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from decisions.models import Decision
from decisions.moderngov.models import (
    FetchedResource,
    FieldSource,
    ModernGovDocument,
    ModernGovRecord,
    StatusChange,
)
from decisions.moderngov.sources import Difference, differences

LARGEST_ID = 2**63 - 1  # a bigint's largest; an id in a URL may be any number of digits


def record_of(decision: Decision) -> ModernGovRecord | None:
    """The decision's ModernGov record with its status history, documents and the fetches
    behind them, in a fixed number of queries; None when it was never harvested."""
    return (
        ModernGovRecord.objects.filter(decision_id=decision.pk)
        .select_related("page_fetch__content", "issue_fetch")
        .defer("page_fetch__content__data")
        .prefetch_related(
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("resource")),
            Prefetch("documents", queryset=_documents()),
        )
        .first()
    )


def _documents() -> QuerySet:
    """A record's documents with their fetches' sizes, not their bytes."""
    return ModernGovDocument.objects.select_related("resource__content").defer(
        "resource__content__data"
    )


def differences_of(decision: Decision) -> list[Difference]:
    """Where the decision's page and statement disagree."""
    return differences(
        list(FieldSource.objects.filter(decision_id=decision.pk).select_related("resource"))
    )


def with_moderngov_relations(decisions: QuerySet) -> QuerySet:
    """The export's prefetch: each decision's record, its history and documents."""
    return decisions.prefetch_related(
        Prefetch(
            "moderngov",
            queryset=ModernGovRecord.objects.select_related("page_fetch__content")
            .defer("page_fetch__content__data")
            .prefetch_related("status_changes", Prefetch("documents", queryset=_documents())),
        )
    )


def fetched_copy(council: str, reference: str, resource_id: int) -> FetchedResource | None:
    """One fetch the decision's ModernGov block shows (its page as each status was seen,
    its issue page, a document, the page a differing field came from), with its bytes;
    None when it is none of those, or the decision is withdrawn (then nothing of it is
    served)."""
    if not 0 < resource_id <= LARGEST_ID:
        return None  # no row has it, and the database could not even be asked
    record = (
        ModernGovRecord.objects.filter(
            council__slug=council,
            decision__reference=reference,
            decision__withdrawn_at__isnull=True,
        )
        .values_list("pk", "page_fetch_id", "issue_fetch_id")
        .first()
    )
    if record is None:
        return None
    pk, page, issue = record
    shown = (
        StatusChange.objects.filter(record_id=pk, resource_id=resource_id).exists()
        or ModernGovDocument.objects.filter(record_id=pk, resource_id=resource_id).exists()
        or FieldSource.objects.filter(
            decision__moderngov=pk, resource_id=resource_id
        ).exists()  # a field's source, where page and statement differ
    )
    if resource_id not in (page, issue) and not shown:
        return None
    return FetchedResource.objects.select_related("content").filter(pk=resource_id).first()
