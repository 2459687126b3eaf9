"""The export schema: one stable dictionary per decision, shared by every output.

Field names are a public contract (the JSON API will reuse them); add fields, never rename.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, TextIO

from decisions.extensions import export_part_fields, with_export_parts
from decisions.models import Decision, DecisionQuerySet

EXPORT_FIELDS = (
    "reference",
    "title",
    "decision_date",
    "decision_maker",
    "is_key_decision",
    "key_decision_reason",
    "exemption_class",
    "special_urgency",
    "purpose",
    "decision_text",
    "reason",
    "options_considered",
    "declarations",
    "call_in_expiry",
    "signatory",
    "clauses",
    "source_url",
    "source_file",
    "source_sha256",
    "url",
    "timelines",
    "events",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def export_decision(decision: Decision) -> dict[str, Any]:
    """The exported form of one decision (load its relations with with_export_relations)."""
    signatory = decision.signatory
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
        "decision_text": decision.decision_text,
        "reason": decision.reason,
        "options_considered": decision.options_considered,
        "declarations": decision.declarations,
        "call_in_expiry": _iso(decision.call_in_expiry),
        "signatory": {
            "name": signatory.name if signatory else decision.signatory_name,
            "role": decision.signatory_role,
            "councillor": signatory.slug if signatory else None,
        },
        "clauses": [{"label": c.label, "text": c.text} for c in decision.clauses.all()],
        "source_url": decision.source_url,
        "source_file": decision.source_file,
        "source_sha256": decision.source_sha256,
        "url": decision.get_absolute_url(),
        # Apps built on the core add their fields (the timelines app: timelines, events).
        **export_part_fields(decision),
    }


def with_export_relations(decisions: DecisionQuerySet) -> DecisionQuerySet:
    """Load everything export_decision reads, in a fixed number of queries."""
    return with_export_parts(decisions.with_signatory().prefetch_related("clauses"))


def exported_decisions(decisions: DecisionQuerySet | None = None) -> Iterator[dict[str, Any]]:
    """Every decision (or the given queryset) in export form, oldest first, streamed."""
    queryset = decisions if decisions is not None else Decision.objects.all()
    rows = with_export_relations(queryset).oldest_first()
    for decision in rows.iterator(chunk_size=500):
        yield export_decision(decision)


def write_json(records: Iterable[dict[str, Any]], out: TextIO) -> int:
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


def flatten_for_csv(record: dict[str, Any]) -> dict[str, Any]:
    """CSV has no nesting: the signatory splits into columns, clauses become 'a) text' lines,
    timelines a space-separated list of slugs, and events a JSON list in one cell."""
    flat = {k: v for k, v in record.items() if k not in {"signatory", "clauses", "events"}}
    flat["signatory_name"] = record["signatory"]["name"]
    flat["signatory_role"] = record["signatory"]["role"]
    flat["signatory_councillor"] = record["signatory"]["councillor"] or ""
    flat["clauses"] = "\n".join(
        f"{c['label']}) {c['text']}" if c["label"] else c["text"] for c in record["clauses"]
    )
    flat["timelines"] = " ".join(record["timelines"])
    flat["events"] = json.dumps(record["events"], ensure_ascii=False)  # JSON inside the cell
    return {key: spreadsheet_safe(value) for key, value in flat.items()}


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write CSV with a header row; returns how many records were written."""
    writer: csv.DictWriter | None = None
    count = 0
    for record in records:
        flat = flatten_for_csv(record)
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(flat), lineterminator="\n")
            writer.writeheader()
        writer.writerow(flat)
        count += 1
    if writer is None:
        empty = flatten_for_csv(
            dict.fromkeys(EXPORT_FIELDS, "")
            | {"signatory": {"name": "", "role": "", "councillor": ""}, "clauses": []}
        )
        csv.DictWriter(out, fieldnames=list(empty), lineterminator="\n").writeheader()
    return count


def csv_text(records: Iterable[dict[str, Any]]) -> str:
    """CSV as a string, for small exports and tests."""
    buffer = io.StringIO()
    write_csv(records, buffer)
    return buffer.getvalue()
