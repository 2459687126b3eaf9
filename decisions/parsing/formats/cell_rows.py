"""A notice's table as rows: lines of text and CellRows (from a grid, or from word
positions) to NoticeRows. Shared by the PDF front end and the OCR front end.

Each CellRow's label is matched against the template's labels and its value becomes the
row's value; a row whose label cell is empty is the rest of the row above, carried over a
page break. The lines above the table hold the header and those below it the signature and
footnotes; both go through the line reader.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..fields import match_label
from ..lines import is_footnote, split_rows
from ..model import SourceFormat
from ..rows import NoticeRows, Row
from ..signature import is_signature_start
from .positional import CellRow

LINE_END_HYPHEN = "\x02"  # PDFium's mark for a hyphen at the end of a line
# A line that ends inside a URL, at a character a browser breaks a long URL after.
_URL_BROKEN_RE = re.compile(r"\bhttps?://\S*[/?&=#._~%-]$")


def rows_from_items(
    items: list[str | CellRow],
    *,
    positional: bool = False,
    source_format: SourceFormat = SourceFormat.PDF,
) -> NoticeRows:
    """NoticeRows from lines and table rows (from a grid's cells, or from word positions)."""
    before: list[str] = []  # lines above the table: the header
    after: list[str] = []  # lines outside the table below its first row: signature, footnotes
    text_lines: list[str] = []  # the document as text, a table row as label<TAB>value
    fields: dict[str, tuple[int, list[str]]] = {}
    confidence: dict[str, list[float]] = {}  # OCR: each row's confidence, by field
    signature: list[str] = []
    signature_line: int | None = None
    current: str | None = None
    table_rows = 0
    for item in items:
        if isinstance(item, str):
            (after if table_rows or fields else before).append(item)
            text_lines.append(item)
            continue
        label_text, value = join_lines(item.label), join_lines(item.value)
        text_lines.append(f"{label_text}\t{value}")
        number = len(text_lines)
        joined = " ".join(filter(None, [label_text, value]))
        label = match_label([label_text], None) if label_text else None
        table_rows += 1
        if label is not None and label.field not in fields:
            current = label.field
            fields[current] = (number, [value] if value else [])
            if item.confidence is not None:
                confidence[current] = [item.confidence]
        elif is_footnote(joined):
            current = None
        elif signature or is_signature_start(joined):
            signature.append(joined)
            signature_line = signature_line or number
            current = None
        elif current is not None and (not label_text or not value):
            _continue_row(fields[current][1], joined)
            if item.confidence is not None:
                confidence.setdefault(current, []).append(item.confidence)
    # The lines outside the table go through the line reader, for the header and signature.
    head = split_rows(before, source_text="", source_format=source_format)
    tail = split_rows(after, source_text="", source_format=source_format)
    if tail.signature:
        signature.append(tail.signature)
        if signature_line is None and tail.signature_line is not None:
            signature_line = text_lines.index(after[tail.signature_line - 1]) + 1
    rows: dict[str, Row] = {**head.fields, **{k: (n, tuple(v)) for k, (n, v) in fields.items()}}
    source_text = "\n".join(text_lines)
    return replace(
        head,
        source_text=source_text,
        fields=rows,
        signature=" ".join(signature),
        signature_line=signature_line,
        plain=source_text.replace("\t", " "),
        continued=False,
        tab_rows=0,
        table_rows=table_rows,
        positional=positional,
        confidence={name: min(values) for name, values in confidence.items()},
    )


def join_lines(lines: tuple[str, ...]) -> str:
    """A cell's wrapped lines as one line: a space between them, except after a line that
    ends in a hyphen (PDFium marks it \\x02) or inside a URL broken at its punctuation."""
    joined = ""
    for line in lines:
        if not joined:
            joined = line
        elif joined.endswith(LINE_END_HYPHEN):
            joined = joined[: -len(LINE_END_HYPHEN)] + "-" + line
        elif _URL_BROKEN_RE.search(joined):
            joined += line
        else:
            joined = f"{joined} {line}"
    return joined.replace(LINE_END_HYPHEN, "-")


def _continue_row(cells: list[str], text: str) -> None:
    """Carry a row on (over a page break, or a line in the label column): one cell, joined."""
    if cells:
        cells[-1] = f"{cells[-1]} {text}"
    else:
        cells.append(text)
