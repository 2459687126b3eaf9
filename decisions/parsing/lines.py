"""The notice read line by line into its parts: header, rows of the table, signature, footnotes.

A row starts at a line whose first cell is a template label; lines that follow without a
label (tab-indented, after blank lines, or a label's wrapped end) continue that row. Lines
before the first label are the header, and also hold rows whose labels were lost. Any front
end whose document comes out as lines of text hands them to split_rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .cells import line_cells
from .fields import FIELD_ORDER, TEMPLATE, is_label_tail, match_label
from .model import SourceFormat
from .reference import find_issue_reference
from .rows import NoticeRows, Row
from .signature import is_signature_start, looks_like_signature
from .unlabelled import assign_unlabelled, group_rows

_HEADER_RE = re.compile(
    r"\bwritten statement of (?:an? )?(?P<kind>(?:(?:non|not)[\s-]*key|key|executive)\s+)?"
    r"decisions?\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_FOOTNOTE_RE = re.compile(
    r"^[\s\-–—•·*▪●◦]*(?:a record of any conflict|in respect of any declared conflict"
    r"|a note of (?:any )?dispensation)",
    re.IGNORECASE,
)
_RULE_CELL_RE = re.compile(r"^[-=_|:•·*▪●◦–—]+$")
_HTML_RE = re.compile(r"<(?:b|strong|ol|ul|li|a)\b[^<>]*>|\*\*", re.IGNORECASE)
_PARAGRAPH_RE = re.compile(r"<p\b[^<>]*>", re.IGNORECASE)

_PREAMBLE, _FIELDS, _SIGNATURE, _FOOTNOTES = range(4)

PreambleLine = tuple[int, str, list[str]]  # (line number, the line as written, its cells)


@dataclass(frozen=True)
class _Preamble:
    """What the lines before the first labelled row held."""

    header: str = ""
    kind: str = ""
    maker: str = ""
    unlabelled_rows: Mapping[str, Row] = field(default_factory=dict)


def is_footnote(text: str) -> bool:
    """True for the template's footnotes under the signature ("a record of any conflict…")."""
    return _FOOTNOTE_RE.match(text) is not None


def split_rows(lines: list[str], *, source_text: str, source_format: SourceFormat) -> NoticeRows:
    """Read the cleaned lines of a notice into its header, rows and signature."""
    cells_per_line = [line_cells(line) for line in lines]
    values: dict[str, tuple[int, list[str]]] = {}
    preamble: list[PreambleLine] = []
    signature: list[str] = []
    signature_line: int | None = None
    tab_rows, continued = 0, False
    state, current, furthest = _PREAMBLE, "", -1
    skip_next, blank_before = False, False
    for index, cells in enumerate(cells_per_line):
        if skip_next:
            skip_next = False
            continue
        if not cells or all(_RULE_CELL_RE.match(cell) for cell in cells):
            blank_before = True
            continue
        after_blank, blank_before = blank_before, False
        number = index + 1
        following = cells_per_line[index + 1] if index + 1 < len(cells_per_line) else None
        label = match_label(cells, following)
        if label is not None and label.field not in values:
            order = FIELD_ORDER[label.field]
            if label.strong or order > furthest:
                values[label.field] = (number, list(label.value))
                tab_rows += "\t" in lines[index].strip()
                state, current, furthest = _FIELDS, label.field, max(furthest, order)
                skip_next = label.joins_next_line
                continue
        if state == _FIELDS and is_label_tail(cells[0], current):
            cells = cells[1:]  # the wrapped end of the row's label, not part of its value
            if not cells:
                continue
        joined = " ".join(cells)
        if _FOOTNOTE_RE.match(joined):
            state = _FOOTNOTES
        elif is_signature_start(joined) or (
            state == _FIELDS and current == "call_in_expiry" and looks_like_signature(joined)
        ):
            state = _SIGNATURE
            signature_line = signature_line or number
            signature.append(joined)
        elif state == _PREAMBLE:
            preamble.append((number, lines[index], cells))
        elif state == _SIGNATURE:
            signature.append(joined)
        elif state == _FIELDS:
            values[current][1].extend(cells)
            continued = continued or after_blank or lines[index].startswith("\t")
    fields = {key: (number, tuple(cells)) for key, (number, cells) in values.items()}
    found = _read_preamble(preamble, fields)
    rows_text = "\n".join(lines[: signature_line - 1] if signature_line else lines)
    return NoticeRows(
        source_format=source_format,
        source_text=source_text,
        fields={**fields, **found.unlabelled_rows},
        header=found.header,
        header_kind=found.kind,
        header_maker=found.maker,
        signature=" ".join(signature),
        signature_line=signature_line,
        plain="\n".join(" ".join(cells) for cells in cells_per_line),
        unlabelled=bool(found.unlabelled_rows),
        continued=continued,
        tab_rows=tab_rows,
        html_markup=bool(_HTML_RE.search(rows_text)),
        paragraph_markup=bool(_PARAGRAPH_RE.search(rows_text)),
    )


def _read_preamble(preamble: list[PreambleLine], fields: dict[str, Row]) -> _Preamble:
    """Find the header, and give any rows that lost their labels to their fields."""
    header, kind, maker = "", "", ""
    header_at = None
    for position, (_, _, cells) in enumerate(preamble):
        found = _HEADER_RE.search(" ".join(cells))
        if found is not None:
            header_at = position
            header = found.group()
            kind = _header_kind((found.group("kind") or "").lower())
            maker = found.group("rest").strip(" :-–")
            break
    if header_at is None:
        body = [line for line in preamble if "\t" in line[1]]
    else:
        body = preamble[header_at + 1 :]
        previous = preamble[header_at][0]
        while body and body[0][0] == previous + 1 and "\t" not in body[0][1]:
            maker = maker or " ".join(body[0][2])
            previous = body[0][0]
            body = body[1:]
    body = [line for line in body if find_issue_reference(" ".join(line[2])) is None]
    if not body:
        return _Preamble(header, kind, maker)
    first_labelled = min((FIELD_ORDER[key] for key in fields), default=len(TEMPLATE))
    candidates = [name for name, _, _ in TEMPLATE[:first_labelled] if name not in fields]
    return _Preamble(header, kind, maker, assign_unlabelled(group_rows(body), candidates))


def _header_kind(printed: str) -> str:
    """'key', 'non-key' or '' from the kind the header prints ('key ', 'non-key ', 'executive ')."""
    if printed.startswith("key"):
        return "key"
    return "non-key" if "key" in printed else ""
