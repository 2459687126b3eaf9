"""Rows that lost their labels in extraction (seen at the top of some notices).

Their values still come in template order, so each is given to the next template field
whose shape it fits: a date goes to 'Date of decision', 'Open' to the exemption class,
'This is a key decision…' to its reason, 'That: (a) …' to the decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .dates import find_date, is_only_date
from .fields import MAKER_BOILERPLATE_RE
from .rows import Row

_KEY_REASON_RE = re.compile(r"^(?:this is a key decision|key decision\b)", re.IGNORECASE)
_NOTICE_SERVED_RE = re.compile(r"^a notice was served\b", re.IGNORECASE)
_URGENCY_RE = re.compile(
    r"^(?:yes|no|none|n/?a|not applicable|general exception|special urgency)\b", re.IGNORECASE
)
_DECISION_START_RE = re.compile(r"^(?:that\b|resolved\b|\(?(?:a|1|i)[).](?:\s|$))", re.IGNORECASE)


def _text(row: Row) -> str:
    """A row's cells as one line."""
    return " ".join(row[1])


def _fits_title(text: str, more: int) -> bool:
    """A title is neither a bare date nor the decision maker's boilerplate."""
    return not is_only_date(text) and not MAKER_BOILERPLATE_RE.search(text)


def _fits_maker(text: str, more: int) -> bool:
    """A decision maker is anything but a bare date."""
    return not is_only_date(text)


def _fits_date(text: str, more: int) -> bool:
    """A date row is a short text holding a date (real or not: that is checked later)."""
    return len(text) <= 40 and find_date(text) is not None


def _fits_short(text: str, more: int) -> bool:
    """An exemption class or declaration is a few words, not a date."""
    return len(text.split()) <= 6 and not is_only_date(text)


def _fits_key_reason(text: str, more: int) -> bool:
    """The key-decision reason starts with the template's own words."""
    return bool(_KEY_REASON_RE.match(text))


def _fits_urgency(text: str, more: int) -> bool:
    """The urgency row is a yes/no answer."""
    return bool(_URGENCY_RE.match(text))


def _fits_purpose(text: str, more: int) -> bool:
    """A purpose is not the last row and does not read like a decision."""
    # The decision is required and the purpose is not, so the last row goes to the decision.
    return more > 0 and not _DECISION_START_RE.match(text)


def _fits_anything(text: str, more: int) -> bool:
    """Free-text rows take whatever comes."""
    return True


_FITS: dict[str, Callable[[str, int], bool]] = {
    "title": _fits_title,
    "decision_maker": _fits_maker,
    "decision_date": _fits_date,
    "exemption_class": _fits_short,
    "key_decision_reason": _fits_key_reason,
    "special_urgency": _fits_urgency,
    "purpose": _fits_purpose,
    "decision": _fits_anything,
    "reason": _fits_anything,
    "options_considered": _fits_anything,
    "declarations": _fits_short,
    "call_in_expiry": _fits_date,
}


def group_rows(lines: list[tuple[int, str, list[str]]]) -> list[Row]:
    """Group unlabelled lines into rows; a row ends at a line ending in a tab, when any does."""
    if not any(raw.rstrip(" ").endswith("\t") for _, raw, _ in lines):
        return [(number, tuple(cells)) for number, _, cells in lines]
    rows: list[Row] = []
    start: int | None = None
    cells: list[str] = []
    for number, raw, line_cells in lines:
        start = number if start is None else start
        cells.extend(line_cells)
        if raw.rstrip(" ").endswith("\t"):
            rows.append((start, tuple(cells)))
            start, cells = None, []
    if start is not None:
        rows.append((start, tuple(cells)))
    return rows


def assign_unlabelled(rows: list[Row], candidates: list[str]) -> dict[str, Row]:
    """Give each unlabelled row to the next candidate field (template order) it fits."""
    assigned: dict[str, Row] = {}
    last: str | None = None
    position = 0
    for index, row in enumerate(rows):
        text = _text(row)
        if last == "key_decision_reason" and _NOTICE_SERVED_RE.match(text):
            assigned[last] = (assigned[last][0], assigned[last][1] + row[1])
            continue
        more = len(rows) - index - 1
        while position < len(candidates) and not _FITS[candidates[position]](text, more):
            position += 1
        if position == len(candidates):
            if last is not None:
                assigned[last] = (assigned[last][0], assigned[last][1] + row[1])
            continue
        last = candidates[position]
        assigned[last] = row
        position += 1
    return assigned
