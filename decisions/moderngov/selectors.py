"""Reads of what a harvest kept, for the decision page, the export and the admin."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from decisions.models import Decision
from decisions.moderngov.models import (
    FieldSource,
    ModernGovDocument,
    ModernGovRecord,
    StatusChange,
)
from decisions.moderngov.sources import Difference, differences


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
