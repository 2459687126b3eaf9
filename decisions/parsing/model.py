"""The parsed form of a whole notice: the frozen dataclasses the parser returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class SourceFormat(StrEnum):
    """The kind of document a notice was read from; one front end per format."""

    PLAIN_TEXT = "text"
    PDF = "pdf"
    OCR = "ocr"  # a scanned PDF, read by text recognition
    MODERNGOV = "moderngov"  # a ModernGov decision page (ieDecisionDetails.aspx), harvested

    @property
    def label(self) -> str:
        return {
            "text": "Text extract",
            "pdf": "PDF",
            "ocr": "Scanned PDF (OCR)",
            "moderngov": "ModernGov decision page",
        }[self.value]


@dataclass(frozen=True)
class ParsedClause:
    """One labelled clause of the decision; nested clauses point at their parent."""

    label: str  # "a", "b", "1", "i": no brackets or dots; "" when the decision is unlabelled
    text: str  # plain text, whitespace collapsed, trailing "; and" / ";" / "and" removed
    parent: int | None = None  # index into ParsedNotice.clauses of the enclosing clause


@dataclass(frozen=True)
class ParsedNotice:
    """Everything a written statement of a decision says, as plain values."""

    reference: str
    title: str
    decision_maker: str
    decision_date: date
    is_key_decision: bool
    key_decision_reason: str
    exemption_class: str
    special_urgency: str
    purpose: str
    decision_text: str
    clauses: tuple[ParsedClause, ...]
    reason: str
    options_considered: str
    declarations: str
    call_in_expiry: date | None
    signatory_name: str
    signatory_role: str
    signed_date: date | None
    source_url: str
    source_text: str
    layout: str
    source_format: SourceFormat = SourceFormat.PLAIN_TEXT
    # OCR only: (field, confidence 0-100) for each field read from the scan, by field name
    field_confidence: tuple[tuple[str, float], ...] = ()
    # How the file was read, where an importer should say so (e.g. "not valid UTF-8: read
    # as Windows-1252"); nothing here changes a field.
    notes: tuple[str, ...] = ()
