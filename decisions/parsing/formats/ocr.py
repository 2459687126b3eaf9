"""The front end for scanned notices: a PDF whose pages are images, read by text recognition.

Each page is recognised on its own in the PDF worker (ocr_engine.py: render at 200 dpi,
deskew, Tesseract), within a time limit per page. The words, with their positions and
confidences, go through the positional reader like a borderless PDF's (positional.py), and
the known recognition mistakes are repaired (ocr_repair.py). Each field keeps the mean
confidence of the words it was read from (the lowest, for a row carried over several
table rows), so the archive can ask an admin to check the unsure ones.

Without Tesseract a scan is refused with a message that says how to enable OCR.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import NoticeParseError
from ..lines import split_rows
from ..model import SourceFormat
from ..reference import find_issue_link, find_issue_reference
from ..rows import NoticeRows
from .cell_rows import LINE_END_HYPHEN, rows_from_items
from .ocr_engine import HOW_TO_ENABLE, tesseract_path
from .ocr_repair import repair_line, repair_list_labels, repair_reference
from .pdf_extract import PdfProblem
from .pdf_worker import WORKER
from .positional import CellRow, PageWords, lines_from_words, read_positional

SCANNED = "no text layer: the PDF looks scanned"
MAX_SCANNED_PAGES = 10  # a notice is one to three pages; OCR costs seconds a page
_DIGITS_RE = re.compile(r"\d{5,12}")
_WORD_HYPHEN_RE = re.compile(r"[A-Za-z]-$")


def read_scanned_rows(data: bytes, page_count: int) -> NoticeRows:
    """The rows of a scanned PDF, read page by page in the worker; a clear error otherwise."""
    if tesseract_path() is None:
        raise NoticeParseError(f"{SCANNED}; {HOW_TO_ENABLE}")
    if page_count > MAX_SCANNED_PAGES:
        raise NoticeParseError(
            f"the scan has {page_count} pages; scanned notices are read up to "
            f"{MAX_SCANNED_PAGES} pages"
        )
    pages: list[PageWords] = []
    for index in range(page_count):
        try:
            pages.append(WORKER.recognise(data, index))
        except PdfProblem as error:
            raise NoticeParseError(str(error)) from None
    if not any(page.words for page in pages):
        raise NoticeParseError("the scan holds no text that can be read: the pages look blank")
    return rows_from_words(pages)


def rows_from_words(pages: list[PageWords]) -> NoticeRows:
    """NoticeRows from recognised words: the table by position, repaired, with confidences."""
    items = read_positional(pages)
    if items is None:
        lines = repair_reference([repair_line(line) for line in lines_from_words(pages)])
        rows = split_rows(lines, source_text="\n".join(lines), source_format=SourceFormat.OCR)
        # Read line by line (a listing), a row's words are not kept apart: each field gets
        # the mean confidence of the whole scan.
        sure = [word.confidence for page in pages for word in page.words if word.confidence]
        if sure:
            rows = replace(rows, confidence=dict.fromkeys(rows.fields, sum(sure) / len(sure)))
    else:
        items = [_marked_hyphens(item) if isinstance(item, CellRow) else item for item in items]
        rows = _repaired(rows_from_items(items, positional=True, source_format=SourceFormat.OCR))
    confidence = dict(rows.confidence)
    reference = _reference_confidence(rows, pages)
    if reference is not None:
        confidence["reference"] = reference
    return replace(rows, confidence=confidence)


def _marked_hyphens(row: CellRow) -> CellRow:
    """A value line that ends in a word's hyphen ('multi-' / 'agency') marked as PDFium marks
    one, so the lines are joined as 'multi-agency', not 'multi- agency'."""
    value = list(row.value)
    for index, line in enumerate(value[:-1]):
        if _WORD_HYPHEN_RE.search(line) and value[index + 1][:1].islower():
            value[index] = line[:-1] + LINE_END_HYPHEN
    return replace(row, value=tuple(value))


def _repaired(rows: NoticeRows) -> NoticeRows:
    """The rows with each value (its wrapped lines joined), the header's lines and the text
    repaired, and the reference line checked against the documents URL."""
    fields = {
        name: (line, tuple(repair_line(cell) for cell in cells))
        for name, (line, cells) in rows.fields.items()
    }
    if "decision" in fields:
        line, cells = fields["decision"]
        fields["decision"] = (line, tuple(repair_list_labels(cell) for cell in cells))
    text = repair_reference([repair_line(line) for line in rows.source_text.split("\n")])
    plain = repair_reference([repair_line(line) for line in rows.plain.split("\n")])
    return replace(
        rows,
        fields=fields,
        source_text="\n".join(text),
        plain="\n".join(plain),
        signature=repair_line(rows.signature),
    )


def _reference_confidence(rows: NoticeRows, pages: list[PageWords]) -> float | None:
    """The confidence of the word the reference was read from (the issue number's word)."""
    reference = find_issue_reference(rows.plain)
    number = reference[1:] if reference else None
    if number is None:
        link = find_issue_link(rows.plain)
        number = link.issue_id if link else None
    if number is None:
        return None
    sure = [
        word.confidence
        for page in pages
        for word in page.words
        if number in "".join(_DIGITS_RE.findall(word.text))
    ]
    return max(sure) if sure else None
