"""The export record: one typed dictionary per decision (`DecisionRecord`, plus the fields
apps add through decisions.seams), shared by every output (the JSON and CSV exports, the
API), and the writers for it.

Field names are a public contract; add fields, never rename.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, TextIO, TypedDict, cast

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from decisions.models import Correction, Decision, DecisionQuerySet
from decisions.seams import (
    app_fields_blank,
    app_fields_csv_cells,
    app_fields_of,
    exported_app_fields,
    with_app_prefetches,
)
from decisions.vocabulary import CorrectionKind


class SignatoryRecord(TypedDict):
    """Who signed: the name as printed (or the councillor's), and the councillor's slug."""

    name: str
    role: str
    councillor: str | None


class ClauseRecord(TypedDict):
    label: str
    text: str


class DecisionRecord(TypedDict):
    """One decision in export form. Dates are ISO strings (or None); `url` is its page."""

    reference: str
    title: str
    decision_date: str | None
    decision_maker: str
    is_key_decision: bool
    key_decision_reason: str
    exemption_class: str
    special_urgency: str
    purpose: str
    decision_text: str
    reason: str
    options_considered: str
    declarations: str
    call_in_expiry: str | None
    signatory: SignatoryRecord
    clauses: list[ClauseRecord]
    source_url: str
    source_file: str
    source_sha256: str
    url: str
    corrected: bool  # an admin corrected the record by hand
    last_corrected: str | None  # the day of the latest correction (ISO), or None
    council: str  # the slug of the council whose decision it is
    # Apps built on the core add fields after these (the timelines app: timelines, events).


# The core's top-level fields, in order.
CORE_FIELDS = tuple(DecisionRecord.__annotations__)


def export_fields() -> tuple[str, ...]:
    """Every top-level field of a record, in order: the core's, then each app's."""
    return (*CORE_FIELDS, *exported_app_fields())


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def clauses_as_text(clauses: Iterable[ClauseRecord]) -> str:
    """Clauses as lines of text, 'a) …' for a labelled clause."""
    return "\n".join(f"{c['label']}) {c['text']}" if c["label"] else c["text"] for c in clauses)


def export_decision(decision: Decision) -> DecisionRecord:
    """The exported form of one decision (load its relations with with_export_relations).

    `decision_text` is the clauses as they stand (corrections included), as the page shows
    them; only a decision with no clauses gives its wording as imported.
    """
    signatory = decision.signatory
    if hasattr(decision, "last_corrected_at"):
        last_corrected = decision.last_corrected_at
    else:  # a decision not read through with_export_relations
        last_corrected = latest_correction(Decision.objects.filter(pk=decision.pk)).first()
    clauses: list[ClauseRecord] = [
        {"label": c.label, "text": c.text} for c in decision.clauses.all()
    ]
    return {
        "reference": decision.reference,
        "title": decision.title,
        "decision_date": _iso(decision.decision_date),
        "decision_maker": decision.decision_maker,
        "is_key_decision": decision.is_key_decision,
        "key_decision_reason": decision.key_decision_reason,
        "exemption_class": decision.exemption_class,
        "special_urgency": decision.special_urgency,
        "purpose": decision.purpose,
        "decision_text": clauses_as_text(clauses) if clauses else decision.decision_text,
        "reason": decision.reason,
        "options_considered": decision.options_considered,
        "declarations": decision.declarations,
        "call_in_expiry": _iso(decision.call_in_expiry),
        "signatory": {
            "name": signatory.name if signatory else decision.signatory_name,
            "role": decision.signatory_role,
            "councillor": signatory.slug if signatory else None,
        },
        "clauses": clauses,
        "source_url": decision.source_url,
        "source_file": decision.source_file,
        "source_sha256": decision.source_sha256,
        "url": decision.get_absolute_url(),
        "corrected": last_corrected is not None,
        "last_corrected": _iso(timezone.localdate(last_corrected)) if last_corrected else None,
        "council": decision.council.slug,
        **app_fields_of(decision),
    }


# The export record never shows these, and the notice text is the largest column by far.
UNEXPORTED = ("source_text", "search_document")


def _latest_correction_at() -> Subquery:
    """When the decision was last corrected (its trail's newest entry that is no withdrawal
    or restore), as a subquery."""
    return Subquery(
        Correction.objects.filter(decision=OuterRef("pk"))
        .exclude(field__in=(CorrectionKind.WITHDRAWN, CorrectionKind.RESTORED))
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def latest_correction(decisions: DecisionQuerySet) -> Any:
    """When each of the decisions was last corrected (None when never), as values."""
    return decisions.annotate(at=_latest_correction_at()).values_list("at", flat=True)


def with_export_relations(decisions: DecisionQuerySet) -> DecisionQuerySet:
    """Load everything export_decision reads, and nothing it does not, in a fixed number of
    queries: the selector behind the API's records, the CSV and the export command."""
    shaped = (
        decisions.defer(*UNEXPORTED)
        .with_signatory()
        .select_related("council")
        .prefetch_related("clauses")
        .annotate(last_corrected_at=_latest_correction_at())
    )
    return with_app_prefetches(shaped)


def exported_decisions(decisions: DecisionQuerySet | None = None) -> Iterator[DecisionRecord]:
    """Every decision (or the given queryset) in export form, oldest first, streamed."""
    queryset = decisions if decisions is not None else Decision.objects.published()
    rows = with_export_relations(queryset).oldest_first()
    for decision in rows.iterator(chunk_size=500):
        yield export_decision(decision)


def write_json(records: Iterable[DecisionRecord], out: TextIO) -> int:
    """Write a JSON list, one record at a time; returns how many were written."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


# A cell starting with one of these is a formula to a spreadsheet; imported text is data.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Prefix text a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# A spreadsheet's own words for yes and no.
CSV_TRUE, CSV_FALSE = "true", "false"
# The first character of a UTF-8 file that Excel on Windows needs to read it as UTF-8
# (without it an en dash shows as "â€“").
UTF8_BOM = "\ufeff"


def csv_value(value: Any) -> Any:
    """A value as a CSV cell: true/false for a flag, "" for none, text that cannot run."""
    if isinstance(value, bool):
        return CSV_TRUE if value else CSV_FALSE
    if value is None:
        return ""
    return spreadsheet_safe(value)


def flatten_for_csv(
    record: DecisionRecord, *, absolute: Callable[[str], str] = str
) -> dict[str, Any]:
    """CSV has no nesting and no JSON: the signatory splits into columns, the clauses are
    the `decision_text` column, once ('a) text' lines), and each app's fields become the
    cells that app gives (an app keeps JSON out of them). `absolute` makes the page's path
    a full address."""
    flat: dict[str, Any] = {
        k: v for k, v in record.items() if k in CORE_FIELDS and k not in {"signatory", "clauses"}
    }
    flat["url"] = absolute(record["url"])
    flat["signatory_name"] = record["signatory"]["name"]
    flat["signatory_role"] = record["signatory"]["role"]
    flat["signatory_councillor"] = record["signatory"]["councillor"] or ""
    flat.update(app_fields_csv_cells(record))
    return {key: csv_value(value) for key, value in flat.items()}


class Echo:
    """A file-like object whose write() hands back what it was given, for streaming CSV."""

    def write(self, text: str) -> str:
        return text


def iter_csv(
    records: Iterable[DecisionRecord],
    *,
    absolute: Callable[[str], str] = str,
    bom: bool = False,
) -> Iterator[str]:
    """CSV text, the header row first, then one line per record: streams in constant memory.
    With `bom`, the text starts with the UTF-8 byte order mark, for Excel."""
    if bom:
        yield UTF8_BOM
    writer: csv.DictWriter | None = None
    for record in records:
        flat = flatten_for_csv(record, absolute=absolute)
        if writer is None:
            writer = csv.DictWriter(Echo(), fieldnames=list(flat), lineterminator="\n")
            yield writer.writeheader()
        yield writer.writerow(flat)
    if writer is None:
        blank = dict.fromkeys(CORE_FIELDS, "") | {
            "signatory": {"name": "", "role": "", "councillor": ""},
            "clauses": [],
        }
        empty = flatten_for_csv(cast(DecisionRecord, blank | app_fields_blank()))
        # Only its keys make the header.
        yield csv.DictWriter(Echo(), fieldnames=list(empty), lineterminator="\n").writeheader()


def write_csv(records: Iterable[DecisionRecord], out: TextIO) -> int:
    """Write CSV with a header row; returns how many records were written."""
    count = 0

    def counted() -> Iterator[DecisionRecord]:
        nonlocal count
        for record in records:
            count += 1
            yield record

    for line in iter_csv(counted()):
        out.write(line)
    return count
