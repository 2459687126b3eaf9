"""The front end for PDF notices: the text layer's table cells to rows, else its lines.

The notice is a two-column table. Where the PDF draws it (pdf_extract.py finds the grid),
each row's label cell is matched against the template's labels and its value cell becomes
the row's value, with no guessing from the layout of lines; a row whose label cell is empty
is the rest of the row above, carried over a page break. The lines above the table hold the
header and those below it the signature and footnotes; both go through the line reader, as
does a whole PDF that has no grid at all. Problems a PDF can have (scanned, encrypted,
truncated, too large, not a PDF) are reported in words before any field is looked at.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import NoticeParseError
from ..fields import match_label
from ..lines import is_footnote, split_rows
from ..model import SourceFormat
from ..rows import NoticeRows, Row
from ..signature import is_signature_start
from .limits import size_problem
from .pdf_extract import PdfPage, PdfProblem
from .pdf_worker import WORKER
from .positional import CellRow, read_positional

PDF_MAGIC = b"%PDF-"
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 2048  # bytes at the end of the file where %%EOF must be
_LINE_END_HYPHEN = "\x02"
# A line that ends inside a URL, at a character a browser breaks a long URL after.
_URL_BROKEN_RE = re.compile(r"\bhttps?://\S*[/?&=#._~%-]$")
SCANNED = "no text layer: the PDF looks scanned"


def read_notice_rows(data: bytes | str) -> NoticeRows:
    """Read a PDF notice into its rows; raise NoticeParseError when it cannot be read."""
    return rows_from_pages(extract_text_layer(data))


def extract_text_layer(data: bytes | str) -> list[PdfPage]:
    """The PDF's pages as text and table cells, after the checks that need no PDF reader."""
    if isinstance(data, str):
        raise NoticeParseError("a PDF is binary: give its bytes, not text")
    if not data:
        raise NoticeParseError("file is empty")
    problem = size_problem(len(data), SourceFormat.PDF)
    if problem is not None:
        raise NoticeParseError(problem)
    if not data.startswith(PDF_MAGIC):
        raise NoticeParseError("not a PDF: the file does not start with %PDF-")
    if _EOF_MARKER not in data[-_EOF_WINDOW:]:
        raise NoticeParseError("the PDF is truncated or corrupt: it has no end-of-file marker")
    try:
        pages = WORKER.extract(data)
    except PdfProblem as error:
        raise NoticeParseError(str(error)) from None
    if not any(item for page in pages for item in page.items):
        images = sum(page.images for page in pages)
        raise NoticeParseError(SCANNED if images else "the PDF has no text")
    return pages


def rows_from_pages(pages: list[PdfPage]) -> NoticeRows:
    """NoticeRows from the pages: straight from the table's cells, else from where the words
    sit (the positional reader), else from the lines."""
    if any(isinstance(item, CellRow) for page in pages for item in page.items):
        return rows_from_items([item for page in pages for item in page.items])
    if all(page.words is not None for page in pages):
        items = read_positional([page.words for page in pages if page.words is not None])
        if items is not None:
            return rows_from_items(items, positional=True)
    lines = [item for page in pages for item in page.items if isinstance(item, str)]
    return split_rows(lines, source_text="\n".join(lines), source_format=SourceFormat.PDF)


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
        elif is_footnote(joined):
            current = None
        elif signature or is_signature_start(joined):
            signature.append(joined)
            signature_line = signature_line or number
            current = None
        elif current is not None and (not label_text or not value):
            _continue_row(fields[current][1], joined)
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
    )


def join_lines(lines: tuple[str, ...]) -> str:
    """A cell's wrapped lines as one line: a space between them, except after a line that
    ends in a hyphen (PDFium marks it \\x02) or inside a URL broken at its punctuation."""
    joined = ""
    for line in lines:
        if not joined:
            joined = line
        elif joined.endswith(_LINE_END_HYPHEN):
            joined = joined[: -len(_LINE_END_HYPHEN)] + "-" + line
        elif _URL_BROKEN_RE.search(joined):
            joined += line
        else:
            joined = f"{joined} {line}"
    return joined.replace(_LINE_END_HYPHEN, "-")


def _continue_row(cells: list[str], text: str) -> None:
    """Carry a row on (over a page break, or a line in the label column): one cell, joined."""
    if cells:
        cells[-1] = f"{cells[-1]} {text}"
    else:
        cells.append(text)
