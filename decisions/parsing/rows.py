"""The notice read line by line into its parts: header, rows of the table, signature, footnotes.

A row starts at a line whose first cell is a template label; lines that follow without a
label (tab-indented, after blank lines, or a label's wrapped end) continue that row. Lines
before the first label are the header, and also hold rows whose labels were lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fields import FIELD_ORDER, TEMPLATE, is_label_tail, match_label
from .reference import find_issue_reference
from .signature import is_signature_start, looks_like_signature
from .text import line_cells
from .unlabelled import Row, assign_unlabelled, group_rows

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

_PREAMBLE, _FIELDS, _SIGNATURE, _FOOTNOTES = range(4)


@dataclass
class NoticeRows:
    """The parts of a notice, each still as the cells of the lines it came from."""

    fields: dict[str, Row] = field(default_factory=dict)
    header: str = ""  # the "Written statement of a … decision" line
    header_kind: str = ""  # "key", "non-key" or "" as the header says
    header_maker: str = ""  # the decision maker printed under or beside the header
    signature: str = ""
    signature_line: int | None = None
    plain: str = ""  # every line as plain text, markup removed
    unlabelled: bool = False  # some rows had lost their labels
    continued: bool = False  # a row went on over tab-indented lines or past a blank line
    tab_rows: int = 0  # labelled rows whose label and value are separated by a tab


def split_rows(lines: list[str]) -> NoticeRows:
    """Read the cleaned lines of a notice into its header, rows and signature."""
    cells_per_line = [line_cells(line) for line in lines]
    rows = NoticeRows()
    values: dict[str, tuple[int, list[str]]] = {}
    preamble: list[tuple[int, str, list[str]]] = []
    signature: list[str] = []
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
                rows.tab_rows += "\t" in lines[index].strip()
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
            rows.signature_line = rows.signature_line or number
            signature.append(joined)
        elif state == _PREAMBLE:
            preamble.append((number, lines[index], cells))
        elif state == _SIGNATURE:
            signature.append(joined)
        elif state == _FIELDS:
            values[current][1].extend(cells)
            rows.continued = rows.continued or after_blank or lines[index].startswith("\t")
    rows.fields = {key: (number, tuple(cells)) for key, (number, cells) in values.items()}
    rows.signature = " ".join(signature)
    rows.plain = "\n".join(" ".join(cells) for cells in cells_per_line)
    _read_preamble(rows, preamble)
    return rows


def _read_preamble(rows: NoticeRows, preamble: list[tuple[int, str, list[str]]]) -> None:
    """Find the header, and hand any rows that lost their labels to their fields."""
    header_at = None
    for position, (_, _, cells) in enumerate(preamble):
        found = _HEADER_RE.search(" ".join(cells))
        if found is not None:
            header_at = position
            rows.header = found.group()
            kind = (found.group("kind") or "").lower()
            rows.header_kind = (
                "key" if kind.startswith("key") else "non-key" if "key" in kind else ""
            )
            rows.header_maker = found.group("rest").strip(" :-–")
            break
    if header_at is None:
        body = [line for line in preamble if "\t" in line[1]]
    else:
        body = preamble[header_at + 1 :]
        previous = preamble[header_at][0]
        while body and body[0][0] == previous + 1 and "\t" not in body[0][1]:
            rows.header_maker = rows.header_maker or " ".join(body[0][2])
            previous = body[0][0]
            body = body[1:]
    body = [line for line in body if find_issue_reference(" ".join(line[2])) is None]
    if not body:
        return
    first_labelled = min((FIELD_ORDER[key] for key in rows.fields), default=len(TEMPLATE))
    candidates = [name for name, _, _ in TEMPLATE[:first_labelled] if name not in rows.fields]
    assigned = assign_unlabelled(group_rows(body), candidates)
    if assigned:
        rows.fields.update(assigned)
        rows.unlabelled = True
