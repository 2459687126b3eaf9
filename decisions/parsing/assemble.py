"""NoticeRows to a ParsedNotice, whatever the source format: the fields and what they mean.

Checks the required fields (title, date of decision, decision text, reference), reads the
dates, splits the decision into clauses, reads the signature, finds the reference and the
documents link, and names the layout the rows were written in.
"""

from __future__ import annotations

from datetime import date

from .clauses import parse_clauses
from .dates import find_date
from .errors import NoticeParseError
from .fields import strip_maker_boilerplate
from .model import ParsedNotice
from .reference import find_issue_link, find_issue_reference, reference_for
from .rows import NoticeRows
from .signature import parse_signature

_FIELD_NAMES = {
    "decision_date": "date of decision",
    "call_in_expiry": "call-in expiry date",
}


def assemble_notice(rows: NoticeRows) -> ParsedNotice:
    """Build the parsed notice from a front end's rows; raise NoticeParseError when it cannot."""
    if not rows.header and len(rows.fields) < 3:
        raise NoticeParseError("not a written statement of a decision")
    title = _plain(rows, "title")
    if not title:
        raise NoticeParseError("no title found", field="title", line=_line(rows, "title"))
    decision_date = _date(rows, "decision_date")
    if decision_date is None:
        raise NoticeParseError("no date of decision found", field="decision_date")
    decision_text = _plain(rows, "decision")
    if not decision_text:
        raise NoticeParseError(
            "no decision text found", field="decision", line=_line(rows, "decision")
        )
    link = find_issue_link(_plain(rows, "reason")) or find_issue_link(rows.plain)
    reference = find_issue_reference(rows.plain) or (reference_for(link.issue_id) if link else "")
    if not reference:
        raise NoticeParseError("no issue reference found", field="reference")
    signature = parse_signature(rows.signature)
    if signature.signed_text and signature.signed is None:
        raise NoticeParseError(
            f"signature date '{signature.signed_text}' is not a real date",
            field="signed_date",
            line=rows.signature_line,
        )
    key_decision_reason = _plain(rows, "key_decision_reason")
    return ParsedNotice(
        reference=reference,
        title=title,
        decision_maker=_decision_maker(rows),
        decision_date=decision_date,
        is_key_decision=(
            rows.header_kind == "key" if rows.header_kind else bool(key_decision_reason)
        ),
        key_decision_reason=key_decision_reason,
        exemption_class=_plain(rows, "exemption_class"),
        special_urgency=_plain(rows, "special_urgency"),
        purpose=_plain(rows, "purpose"),
        decision_text=decision_text,
        clauses=parse_clauses(list(rows.fields["decision"][1])),
        reason=_plain(rows, "reason"),
        options_considered=_plain(rows, "options_considered"),
        declarations=_plain(rows, "declarations"),
        call_in_expiry=_date(rows, "call_in_expiry"),
        signatory_name=signature.name,
        signatory_role=signature.role,
        signed_date=signature.signed,
        source_url=link.url if link else "",
        source_text=rows.source_text,
        layout=_layout(rows),
        source_format=rows.source_format,
        notes=rows.notes,
        field_confidence=_field_confidence(rows),
    )


def _field_confidence(rows: NoticeRows) -> tuple[tuple[str, float], ...]:
    """The recognition's confidence of each field, under the ParsedNotice field's name."""
    named = {
        ("decision_text" if key == "decision" else key): v for key, v in rows.confidence.items()
    }
    return tuple(sorted((key, round(value, 1)) for key, value in named.items()))


def _plain(rows: NoticeRows, field: str) -> str:
    """A field's value as one line of plain text; '' when the row is missing."""
    row = rows.fields.get(field)
    return " ".join(row[1]) if row else ""


def _line(rows: NoticeRows, field: str) -> int | None:
    """The line where a field's row starts, when it has one."""
    row = rows.fields.get(field)
    return row[0] if row else None


def _date(rows: NoticeRows, field: str) -> date | None:
    """A date field's date: None when the row is missing or, for call-in, holds no date."""
    value = _plain(rows, field)
    if not value:
        return None
    found = find_date(value)
    name = _FIELD_NAMES[field]
    if found is None:
        if field == "call_in_expiry":
            return None  # "N/A", "not subject to call-in": there is no expiry date
        raise NoticeParseError(
            f"{name} '{value[:60]}' is not a date", field=field, line=_line(rows, field)
        )
    if found.value is None:
        raise NoticeParseError(
            f"{name} '{found.text}' is not a real date", field=field, line=_line(rows, field)
        )
    return found.value


def _decision_maker(rows: NoticeRows) -> str:
    """The decision maker without the 'Information about cabinet…' boilerplate."""
    maker = strip_maker_boilerplate(_plain(rows, "decision_maker")).strip(" :;,.-–")
    return maker or rows.header_maker


def _layout(rows: NoticeRows) -> str:
    """A short name for the layout variant the rows of the notice were written in."""
    if rows.table_rows:
        return "positional" if rows.positional else "table"
    if rows.unlabelled:
        return "unlabelled"
    if rows.html_markup:
        return "html"
    if rows.paragraph_markup:
        return "tabbed-p"
    if rows.continued:
        return "continued"
    return "tabbed" if rows.tab_rows else "colon"
