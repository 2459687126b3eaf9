"""The `moderngov` field of the export record: what the council's ModernGov page says (its
status and history, dates, meeting and documents), each with the fetch it came from.
Registered with the core as export fields (seams.py); names are a public contract: add,
never rename. A decision never harvested has `moderngov: null`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypedDict

from django.core.exceptions import ObjectDoesNotExist

from decisions.models import Decision
from decisions.moderngov.models import FetchedResource, ModernGovRecord


class FetchRecord(TypedDict):
    """Where a value was read: the address fetched, when, and the SHA-256 of what came."""

    url: str
    fetched_at: str
    http_status: int
    sha256: str
    bytes: int


class StatusRecord(TypedDict):
    status: str
    seen_at: str


class DocumentRecord(TypedDict):
    title: str
    url: str
    size: str
    is_statement: bool
    fetch: FetchRecord | None


class MeetingRecord(TypedDict):
    title: str
    date: str | None
    url: str


class ModernGovFields(TypedDict):
    page_id: int
    issue_id: int | None
    url: str
    status: str
    history: list[StatusRecord]
    published_on: str | None
    effective_from: str | None
    call_in_deadline: str | None
    subject_to_call_in: bool | None
    meeting: MeetingRecord | None
    wards: list[str]
    lead_officer: str
    documents: list[DocumentRecord]
    fetch: FetchRecord


NAMES = ("moderngov",)
BLANK: dict[str, Any] = {"moderngov": None}


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def fetch_record(resource: FetchedResource) -> FetchRecord:
    return {
        "url": resource.url,
        "fetched_at": resource.fetched_at.isoformat(),
        "http_status": resource.http_status,
        "sha256": resource.content_id,
        "bytes": resource.content.size,
    }


def record_fields(record: ModernGovRecord) -> ModernGovFields:
    return {
        "page_id": record.page_id,
        "issue_id": record.issue_id,
        "url": record.url,
        "status": record.status,
        "history": [
            {"status": change.status, "seen_at": change.seen_at.isoformat()}
            for change in record.status_changes.all()
        ],
        "published_on": _iso(record.published_on),
        "effective_from": _iso(record.effective_from),
        "call_in_deadline": _iso(record.call_in_deadline),
        "subject_to_call_in": record.subject_to_call_in,
        "meeting": (
            {
                "title": record.meeting_title,
                "date": _iso(record.meeting_date),
                "url": record.meeting_url,
            }
            if record.meeting_title or record.meeting_url
            else None
        ),
        "wards": list(record.wards),
        "lead_officer": record.lead_officer,
        "documents": [
            {
                "title": document.title,
                "url": document.url,
                "size": document.size_text,
                "is_statement": document.is_statement,
                "fetch": fetch_record(document.resource) if document.resource else None,
            }
            for document in record.documents.all()
        ],
        "fetch": fetch_record(record.page_fetch),
    }


def moderngov_fields(decision: Decision) -> dict[str, Any]:
    """The record's `moderngov` for one decision (loaded with with_moderngov_relations)."""
    try:
        record = decision.moderngov
    except ObjectDoesNotExist:
        return {"moderngov": None}
    return {"moderngov": record_fields(record)}


def moderngov_csv_cells(record: Mapping[str, Any]) -> dict[str, Any]:
    """Its status and dates as cells (no JSON in a CSV cell); the rest is in the JSON."""
    block = record.get("moderngov") or {}
    return {
        "moderngov_status": block.get("status", ""),
        "moderngov_published_on": block.get("published_on") or "",
        "moderngov_effective_from": block.get("effective_from") or "",
        "moderngov_url": block.get("url", ""),
    }
