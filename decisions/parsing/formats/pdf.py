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

from ..errors import NoticeParseError
from ..lines import split_rows
from ..model import SourceFormat
from ..rows import NoticeRows
from .cell_rows import join_lines, rows_from_items
from .limits import size_problem
from .ocr import read_scanned_rows
from .pdf_extract import PdfPage, PdfProblem
from .pdf_worker import WORKER
from .positional import CellRow, drop_running_items, read_positional

PDF_MAGIC = b"%PDF-"
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 2048  # bytes at the end of the file where %%EOF must be

__all__ = [
    "PDF_MAGIC",
    "join_lines",
    "read_notice_rows",
    "read_scanned_notice_rows",
]


def read_notice_rows(data: bytes | str) -> NoticeRows:
    """Read a PDF notice into its rows (a scan by OCR); raise NoticeParseError when it
    cannot be read."""
    pages = extract_pages_checked(data)
    if any(item for page in pages for item in page.items):
        return rows_from_pages(pages)
    if not any(page.images for page in pages):
        raise NoticeParseError("the PDF has no text")
    return read_scanned_rows(data, len(pages))


def read_scanned_notice_rows(data: bytes | str) -> NoticeRows:
    """Read a PDF as a scan, every page by OCR, whatever text layer it has."""
    pages = extract_pages_checked(data)
    assert isinstance(data, bytes)
    return read_scanned_rows(data, len(pages))


def extract_pages_checked(data: bytes | str) -> list[PdfPage]:
    """The PDF's pages (text and cells, or none for a scan), after the checks that need no
    PDF reader."""
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
        return WORKER.extract(data)
    except PdfProblem as error:
        raise NoticeParseError(str(error)) from None


def rows_from_pages(pages: list[PdfPage]) -> NoticeRows:
    """NoticeRows from the pages: straight from the table's cells, else from where the words
    sit (the positional reader), else from the lines."""
    if any(isinstance(item, CellRow) for page in pages for item in page.items):
        return rows_from_items(drop_running_items([page.items for page in pages]))
    if all(page.words is not None for page in pages):
        items = read_positional([page.words for page in pages if page.words is not None])
        if items is not None:
            return rows_from_items(items, positional=True)
    lines = [item for page in pages for item in page.items if isinstance(item, str)]
    return split_rows(lines, source_text="\n".join(lines), source_format=SourceFormat.PDF)
