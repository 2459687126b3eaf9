"""Word-level differences between a value before and after a correction, for showing the
correction as old → new. Pure Python (no Django), unit-tested on its own; the template
filter in decisions/templatetags/archive.py only wraps it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from decisions.vocabulary import DiffOp

# Words, runs of spaces and single punctuation marks: joined back, they are the text.
TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
# Past this many tokens a side, comparing costs more than it tells: show old, then new.
MAX_TOKENS = 5000


@dataclass(frozen=True)
class DiffPart:
    """A stretch of text the correction kept, removed or added."""

    op: DiffOp
    text: str


def tokens(text: str) -> list[str]:
    """Split text into words, whitespace and punctuation, losing nothing."""
    return TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[DiffPart]:
    """The old and new text as kept, removed and added stretches, word by word.

    Each run of changes is given as everything removed, then everything added, so a
    reworded phrase reads "<the old phrase> → <the new phrase>", not word by word.
    """
    if old == new:
        return [DiffPart(DiffOp.SAME, old)] if old else []
    before, after = tokens(old), tokens(new)
    if len(before) > MAX_TOKENS or len(after) > MAX_TOKENS:
        return _runs([(DiffOp.REMOVED, old), (DiffOp.ADDED, new)])
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    pieces: list[tuple[DiffOp, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append((DiffOp.SAME, "".join(before[i1:i2])))
            continue
        pieces.append((DiffOp.REMOVED, "".join(before[i1:i2])))
        pieces.append((DiffOp.ADDED, "".join(after[j1:j2])))
    return _runs(_absorb_spaces(pieces))


def _absorb_spaces(pieces: list[tuple[DiffOp, str]]) -> list[tuple[DiffOp, str]]:
    """A kept space between two changes belongs to the changed phrase on both sides."""
    absorbed = []
    for n, (op, text) in enumerate(pieces):
        between_changes = (
            0 < n < len(pieces) - 1
            and pieces[n - 1][0] != DiffOp.SAME
            and pieces[n + 1][0] != DiffOp.SAME
        )
        if op == DiffOp.SAME and between_changes and not text.strip():
            absorbed += [(DiffOp.REMOVED, text), (DiffOp.ADDED, text)]
        else:
            absorbed.append((op, text))
    return absorbed


def _runs(pieces: list[tuple[DiffOp, str]]) -> list[DiffPart]:
    """Join neighbouring pieces: each run of changes becomes one removal then one addition."""
    parts: list[DiffPart] = []
    removed, added = "", ""

    def flush() -> None:
        nonlocal removed, added
        if removed:
            parts.append(DiffPart(DiffOp.REMOVED, removed))
        if added:
            parts.append(DiffPart(DiffOp.ADDED, added))
        removed, added = "", ""

    for op, text in pieces:
        if op == DiffOp.REMOVED:
            removed += text
        elif op == DiffOp.ADDED:
            added += text
        elif text:
            flush()
            parts.append(DiffPart(DiffOp.SAME, text))
    flush()
    return parts


# Fields whose values are read whole: a date, a number, a reference or a yes/no is right or
# wrong as a whole, so "10 March 2021 → 9 December 2026", never a diff of its characters.
WHOLE_VALUE_FIELDS = frozenset(
    {
        "reference",
        "decision_date",
        "call_in_expiry",
        "signed_date",
        "is_key_decision",
        "exemption_class",
        "position",
        "parent",
        "label",
        "source_url",
    }
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NUMBER = re.compile(r"^[£$€]?-?\d[\d,]*(?:\.\d+)?%?$")
_REFERENCE = re.compile(r"^[A-Z]{1,3}\d{5,12}$")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def is_whole_value(field: str, old: str, new: str) -> bool:
    """True when a correction is best shown as one whole value replacing another."""
    if field in WHOLE_VALUE_FIELDS:
        return True
    values = [v.strip() for v in (old, new) if v.strip()]
    return bool(values) and all(
        _ISO_DATE.match(v) or _NUMBER.match(v) or _REFERENCE.match(v) for v in values
    )


def shown_value(value: str) -> str:
    """A stored value as the pages write it: an ISO date as '10 March 2021'."""
    found = _ISO_DATE.match(value.strip())
    if found is None:
        return value
    year, month, day = (int(part) for part in found.groups())
    if not 1 <= month <= 12:
        return value
    return f"{day} {_MONTHS[month - 1]} {year}"


def value_diff(field: str, old: str, new: str) -> list[DiffPart]:
    """A correction as parts to show: whole values for dates, numbers and references (the
    old value removed, the new one added), word by word for prose."""
    if not is_whole_value(field, old, new):
        return word_diff(old, new)
    parts = []
    if old:
        parts.append(DiffPart(DiffOp.REMOVED, shown_value(old)))
    if new:
        parts.append(DiffPart(DiffOp.ADDED, shown_value(new)))
    return parts
