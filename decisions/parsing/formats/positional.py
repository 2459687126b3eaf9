"""The notice's table read from where its words sit on the page, for tables with no grid.

When a PDF's ruling lines do not give the table (no borders, rules only between rows, a
scan read by OCR), the rows are found from the words' positions instead of the order the
PDF draws them:

- words are grouped into lines by their height on the page, and a line into segments where
  the space between two words is wider than the line is tall (a column gap);
- the value column is where most second segments start; everything left of it is the label
  column;
- a label that wraps over several lines ("Decision" / "maker") is joined while the words
  so far are still the start of a template label, so "Decision maker" is never read as the
  Decision row;
- lines with only a value continue the row above, also at the top of the next page, so a row
  broken over a page break is one row;
- running headers and footers ("Page 1 of 2", a line repeated at the top or foot of every
  page) are left out.

The result is the same items a grid gives (lines of text and CellRows), so pdf.py reads both
the same way. Pure Python: the words come from pdf_extract.py (PDFium) or ocr.py (Tesseract).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..fields import TEMPLATE, normalise_label
from ..lines import is_footnote
from ..signature import is_signature_start

_RUNNING_BAND = 0.09  # the top and foot of a page, as a share of its height
_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s*\d+(?:\s*(?:of|/)\s*\d+)?|-\s*\d+\s*-|\d+\s*(?:of|/)\s*\d+)$", re.IGNORECASE
)
_DIGITS_RE = re.compile(r"\d+")
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
_MIN_COLUMN_LINES = 3  # lines whose second segment starts at the value column
_MIN_LABELLED_LINES = 3  # of them, lines whose first segment starts a template label


@dataclass(frozen=True)
class CellRow:
    """One row of the notice's table: the lines of its label cell and of its value cell."""

    label: tuple[str, ...]
    value: tuple[str, ...]
    confidence: float | None = None  # OCR: the mean confidence of the row's words


@dataclass(frozen=True)
class Word:
    """One word on a page: its text, its box (top-down page units) and its OCR confidence."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None  # OCR: 0-100 as Tesseract gives it; None in a text layer


@dataclass(frozen=True)
class PageWords:
    """A page's size and its words, in any order."""

    width: float
    height: float
    words: tuple[Word, ...]


@dataclass(frozen=True)
class Line:
    """The words of one line, left to right, split into segments at column gaps."""

    page: int
    top: float
    bottom: float
    segments: tuple[tuple[Word, ...], ...]

    @property
    def text(self) -> str:
        return "\t".join(_joined(segment) for segment in self.segments)


def _joined(words: Iterable[Word]) -> str:
    return " ".join(word.text for word in words)


def _words(text: str) -> str:
    """Lower-case words only, keeping what is inside parentheses."""
    return " ".join(_NON_WORD_RE.sub(" ", text.lower()).split())


# Every wording of every label, with and without its asides, to tell a label's wrapped
# continuation ("maker" after "Decision") from the start of the next row.
_LABEL_WORDINGS = frozenset(
    wording
    for _, printed, others in TEMPLATE
    for text in (printed, *others)
    for wording in (_words(text), normalise_label(text))
)
_LABEL_PREFIXES = frozenset(
    " ".join(wording.split()[:n])
    for wording in _LABEL_WORDINGS
    for n in range(1, len(wording.split()) + 1)
)


def is_label_start(text: str, *, partial: bool = False) -> bool:
    """True when the text is a template label, or the first words of one (with partial, the
    last word may be cut short: a label wrapped inside a word, 'cons' / 'titution)')."""
    words = _words(text)
    if not words:
        return False
    if partial:
        return any(wording.startswith(words) for wording in _LABEL_WORDINGS)
    return words in _LABEL_PREFIXES


def page_lines(page: PageWords, number: int) -> list[Line]:
    """The page's words grouped into lines, top to bottom, each split at its column gaps."""
    lines: list[list[Word]] = []
    for word in sorted(page.words, key=lambda w: (w.top + w.bottom) / 2):
        middle = (word.top + word.bottom) / 2
        if lines:
            last = lines[-1]
            top = min(w.top for w in last)
            bottom = max(w.bottom for w in last)
            if top <= middle <= bottom:
                last.append(word)
                continue
        lines.append([word])
    result: list[Line] = []
    for words in lines:
        words.sort(key=lambda w: w.x0)
        height = max(w.bottom - w.top for w in words)
        segments: list[list[Word]] = [[words[0]]]
        for word in words[1:]:
            if word.x0 - segments[-1][-1].x1 > height:
                segments.append([word])
            else:
                segments[-1].append(word)
        result.append(
            Line(
                number,
                min(w.top for w in words),
                max(w.bottom for w in words),
                tuple(tuple(segment) for segment in segments),
            )
        )
    return result


def _running_key(line: Line) -> str:
    return _DIGITS_RE.sub("#", _words(line.text))


def drop_running_lines(pages: Sequence[PageWords], lines: list[Line]) -> list[Line]:
    """The lines without page numbers and the lines repeated at the top or foot of pages."""

    def in_band(line: Line) -> bool:
        height = pages[line.page].height
        return line.bottom < height * _RUNNING_BAND or line.top > height * (1 - _RUNNING_BAND)

    banded = [line for line in lines if in_band(line)]
    pages_by_key: dict[str, set[int]] = {}
    for line in banded:
        pages_by_key.setdefault(_running_key(line), set()).add(line.page)
    repeated = {key for key, on in pages_by_key.items() if len(on) >= 2}
    return [
        line
        for line in lines
        if not (
            in_band(line)
            and (
                _PAGE_NUMBER_RE.match(" ".join(line.text.split())) or _running_key(line) in repeated
            )
        )
    ]


def drop_running_items(pages: Sequence[Sequence[str | CellRow]]) -> list[str | CellRow]:
    """A grid's pages as one list of items, without the running headers and footers: a page
    number line, or a line that opens (or closes) two or more pages."""

    def key(text: str) -> str:
        return _DIGITS_RE.sub("#", _words(text))

    ends: dict[str, int] = {}
    for items in pages:
        for item in {items[0], items[-1]} if items else ():
            if isinstance(item, str):
                ends[key(item)] = ends.get(key(item), 0) + 1
    repeated = {text for text, count in ends.items() if count >= 2}
    kept: list[str | CellRow] = []
    for items in pages:
        for index, item in enumerate(items):
            at_end = index in (0, len(items) - 1)
            if isinstance(item, str) and (
                _PAGE_NUMBER_RE.match(" ".join(item.split())) or (at_end and key(item) in repeated)
            ):
                continue
            kept.append(item)
    return kept


def find_value_column(lines: Sequence[Line]) -> float | None:
    """Where the value column starts: where most lines' second segments start, or None."""
    starts = sorted(line.segments[1][0].x0 for line in lines if len(line.segments) >= 2)
    if len(starts) < _MIN_COLUMN_LINES:
        return None
    heights = sorted(line.bottom - line.top for line in lines)
    tolerance = 1.5 * heights[len(heights) // 2]
    best: list[float] = []
    for index, start in enumerate(starts):
        cluster = [x for x in starts[index:] if x - start <= tolerance]
        if len(cluster) > len(best):
            best = cluster
    if len(best) < _MIN_COLUMN_LINES:
        return None
    split = best[0] - tolerance / 3
    labelled = sum(
        1
        for line in lines
        if len(line.segments) >= 2
        and line.segments[0][0].x0 < split
        and is_label_start(_joined(line.segments[0]))
    )
    return split if labelled >= _MIN_LABELLED_LINES else None


def _sides(line: Line, split: float) -> tuple[list[Word], list[Word]] | None:
    """(label words, value words) of a line in the table, or None for a line across both."""
    label: list[Word] = []
    value: list[Word] = []
    for segment in line.segments:
        if segment[0].x0 >= split:
            value.extend(segment)
        elif segment[-1].x1 > split:
            return None  # a paragraph across both columns: not a table row
        else:
            label.extend(segment)
    return label, value


def read_positional(pages: Sequence[PageWords]) -> list[str | CellRow] | None:
    """The document as lines and table rows read from word positions, or None with no table."""
    lines = drop_running_lines(
        pages, [line for number, page in enumerate(pages) for line in page_lines(page, number)]
    )
    split = find_value_column(lines)
    if split is None:
        return None
    items: list[str | CellRow] = []
    label: list[str] = []
    value: list[str] = []
    confidences: list[float] = []
    in_table, ended = False, False

    def close_row() -> None:
        if label or value:
            mean = sum(confidences) / len(confidences) if confidences else None
            items.append(CellRow(tuple(label), tuple(value), mean))
        label.clear()
        value.clear()
        confidences.clear()

    for line in lines:
        sides = None if ended else _sides(line, split)
        joined = " ".join(line.text.split())
        if in_table and (is_signature_start(joined) or is_footnote(joined)):
            close_row()
            in_table, ended = False, True
        if sides is None or ended:
            if in_table:
                close_row()
                in_table, ended = False, True
            items.append(line.text)
            continue
        label_part, value_part = _joined(sides[0]), _joined(sides[1])
        if label_part:
            if label and is_label_start(" ".join([*label, label_part]), partial=True):
                label.append(label_part)  # a label wrapped onto this line
            elif label and is_label_start(" ".join(label) + label_part, partial=True):
                label[-1] += label_part  # a word of the label broken at the column's edge
            elif is_label_start(label_part):
                close_row()
                in_table = True
                label.append(label_part)
            elif in_table:
                value.append(label_part)  # text in the label column that is not a label
            else:
                items.append(line.text)
                continue
        elif not in_table:
            items.append(line.text)
            continue
        if value_part:
            value.append(value_part)
        confidences.extend(
            word.confidence for word in (*sides[0], *sides[1]) if word.confidence is not None
        )
    close_row()
    return items


def lines_from_words(pages: Sequence[PageWords]) -> list[str]:
    """The document's lines, a tab between segments, running headers and footers left out."""
    lines = [line for number, page in enumerate(pages) for line in page_lines(page, number)]
    return [line.text for line in drop_running_lines(pages, lines)]
