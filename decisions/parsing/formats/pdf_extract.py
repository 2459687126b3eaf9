"""A PDF's text layer, page by page: the notice's table as label and value cells, the rest
as lines of text. This is the only module that touches PDFium (pypdfium2).

A table is found from its ruling lines, which is how every producer we have seen draws the
notice's grid (a report writer's strokes, a browser's border rectangles, Word's cell
borders): the vertical rule inside the table splits the label column from the value column,
and the horizontal rules between them bound the rows. The text of each cell is taken from
its rectangle, so a label that wraps over three lines is still one label. A page with no
such grid is read as lines, with a tab where the text jumps across a column gap, for the
line reader (lines.py) to split.

It runs in a worker process (pdf_worker.py), so a PDF that makes PDFium spin can be killed.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .positional import CellRow, PageWords, Word

MAX_PAGES = 50
_RULE_THICKNESS = 2.5  # points: thicker than this is a filled box, not a line
_MIN_RULE_LENGTH = 4.0
_SAME_POSITION = 1.5  # points: rules closer than this are one rule
_MIN_ROW_HEIGHT = 4.0
_COLUMN_GAP = 9.0  # points of white space between two words of a line that mark a new cell


class PdfProblem(Exception):
    """A PDF that cannot be read, with the reason in words."""


@dataclass
class PdfPage:
    """A page's text in reading order: lines above the table, its rows, the lines below."""

    items: list[str | CellRow] = field(default_factory=list)
    chars: int = 0
    images: int = 0
    words: PageWords | None = None  # where each word sits, on a page with no grid


def extract_pages(data: bytes) -> list[PdfPage]:
    """Every page's text layer; raise PdfProblem for encrypted, corrupt or overlong PDFs."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PdfProblem(_load_problem(error)) from None
    try:
        count = len(document)
        if count == 0:
            raise PdfProblem("the PDF has no pages")
        if count > MAX_PAGES:
            raise PdfProblem(f"the PDF has {count} pages; notices are at most {MAX_PAGES}")
        return [_read_page(document[index]) for index in range(count)]
    finally:
        document.close()


def _load_problem(error: pdfium.PdfiumError) -> str:
    """The reason PDFium gave for not opening a document, in words."""
    text = str(error).lower()
    if "password" in text or "security" in text:
        return "the PDF is encrypted (password protected); save an unprotected copy"
    return "the PDF is corrupt or truncated and cannot be opened"


def _read_page(page: pdfium.PdfPage) -> PdfPage:
    textpage = page.get_textpage()
    result = PdfPage(chars=textpage.count_chars())
    horizontal: list[tuple[float, float, float]] = []  # (y, x0, x1)
    vertical: list[tuple[float, float, float]] = []  # (x, y0, y1)
    # The raw calls: the object wrappers cost more than PDFium's own work on a notice.
    raw = page.raw
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            result.images += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            result.images += pdfium_c.FPDFFormObj_CountObjects(obj) > 0  # may hold a scan
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and pdfium_c.FPDFPageObj_GetBounds(
            obj, left, bottom, right, top
        ):
            width, height = right.value - left.value, top.value - bottom.value
            if height <= _RULE_THICKNESS and width >= _MIN_RULE_LENGTH:
                horizontal.append(((bottom.value + top.value) / 2, left.value, right.value))
            elif width <= _RULE_THICKNESS and height >= _MIN_RULE_LENGTH:
                vertical.append(((left.value + right.value) / 2, bottom.value, top.value))
    if result.chars == 0:
        return result
    width, height = page.get_size()
    grid = _find_grid(horizontal, vertical)
    if grid is None:
        result.items.extend(_text_lines(textpage))
        result.words = PageWords(width, height, tuple(_page_words(textpage, height)))
        return result
    table_left, split, table_right, rows = grid
    result.items.extend(_bounded_lines(textpage, 0, rows[0], width, height))
    for upper, lower in zip(rows, rows[1:], strict=False):
        label = tuple(_bounded_lines(textpage, table_left, lower, split, upper))
        value = tuple(_bounded_lines(textpage, split, lower, table_right, upper))
        if label or value:
            result.items.append(CellRow(label, value))
    result.items.extend(_bounded_lines(textpage, 0, 0, width, rows[-1]))
    return result


def _find_grid(
    horizontal: list[tuple[float, float, float]], vertical: list[tuple[float, float, float]]
) -> tuple[float, float, float, list[float]] | None:
    """(left, column split, right, row rules top to bottom) of a two-column table, or None."""
    if len(vertical) < 3 or len(horizontal) < 2:
        return None
    left = min(x for x, _, _ in vertical)
    right = max(x for x, _, _ in vertical)
    coverage: dict[float, float] = {}
    for x, y0, y1 in vertical:
        if left + 20 < x < right - 20:
            key = next((k for k in coverage if abs(k - x) <= _SAME_POSITION), x)
            coverage[key] = coverage.get(key, 0.0) + (y1 - y0)
    if not coverage:
        return None
    split = max(coverage, key=coverage.__getitem__)
    spans = [(y0, y1) for x, y0, y1 in vertical if abs(x - split) <= _SAME_POSITION]
    table_bottom = min(y0 for y0, _ in spans) - _SAME_POSITION
    table_top = max(y1 for _, y1 in spans) + _SAME_POSITION
    ys: list[float] = []
    for y, x0, x1 in sorted(horizontal, reverse=True):
        # A row rule crosses the label column or the value column, inside the table's height.
        crosses = x0 < split - 5 or x1 > split + 5
        inside = table_bottom <= y <= table_top and crosses and x1 > left and x0 < right
        if inside and (not ys or ys[-1] - y > _MIN_ROW_HEIGHT):
            ys.append(y)
    if len(ys) < 2:
        return None
    # The table's edges close its first and last rows even without a rule of their own.
    if table_top - ys[0] > _MIN_ROW_HEIGHT:
        ys.insert(0, table_top)
    if ys[-1] - table_bottom > _MIN_ROW_HEIGHT:
        ys.append(table_bottom)
    return left, split, right, ys


def _bounded_lines(
    textpage: pdfium.PdfTextPage, left: float, bottom: float, right: float, top: float
) -> list[str]:
    """The non-blank lines of text inside a rectangle of the page."""
    if top - bottom < 1 or right - left < 1:
        return []
    text = textpage.get_text_bounded(left, bottom, right, top)
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _text_lines(textpage: pdfium.PdfTextPage) -> list[str]:
    """The page's lines, with a tab where a wide gap splits a line into columns."""
    text = textpage.get_text_range()
    raw = textpage.raw
    x0, x1, y0, y1 = (ctypes.c_double() for _ in range(4))
    lines: list[str] = []
    current: list[str] = []
    previous_right: float | None = None
    for index, char in enumerate(text):
        if char in "\r\n":
            if char == "\n" or not text.startswith("\n", index + 1):
                lines.append("".join(current))
                current, previous_right = [], None
            continue
        if char != " ":
            pdfium_c.FPDFText_GetCharBox(raw, index, x0, x1, y0, y1)
            if previous_right is not None and x0.value - previous_right > _COLUMN_GAP:
                while current and current[-1] == " ":
                    current.pop()
                current.append("\t")
            previous_right = x1.value
        current.append(char)
    lines.append("".join(current))
    return [line.strip(" ") for line in lines if line.strip()]


def _page_words(textpage: pdfium.PdfTextPage, height: float) -> list[Word]:
    """The page's words with their boxes (a font's full height, top-down), split at spaces."""
    text = textpage.get_text_range()
    raw = textpage.raw
    rect = pdfium_c.FS_RECTF()
    words: list[Word] = []
    chars: list[str] = []
    box = [0.0, 0.0, 0.0, 0.0]  # left, top, right, bottom of the word so far

    def close() -> None:
        if chars:
            # PDFium's character for a hyphen at a line's end is \ufffe here, \x02 in
            # bounded text: one mark, so a cell's lines are joined the same either way.
            words.append(Word("".join(chars).replace("\ufffe", "\x02"), *box))
            chars.clear()

    for index, char in enumerate(text):
        if char.isspace() or pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
            close()
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect)
        left, right, top, bottom = rect.left, rect.right, height - rect.top, height - rect.bottom
        # A jump back or down, or a gap wider than a space, ends the word even without one.
        if chars and (left - box[2] > (bottom - top) * 0.5 or left < box[0] or top > box[3]):
            close()
        if chars:
            box = [box[0], min(box[1], top), max(box[2], right), max(box[3], bottom)]
        else:
            box = [left, top, right, bottom]
        chars.append(char)
    close()
    return words
