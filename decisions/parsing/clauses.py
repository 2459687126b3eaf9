"""The Decision row split into its labelled clauses: 'a) …; b) …', '(i)', '1.', nested lists.

Labels are only accepted when they form a consistent sequence (a, b, c / 1, 2, 3 / i, ii, iii),
so 'Appendix A)' or '(see below)' in running text never start a clause. A roman list may sit
inside a lettered or numbered clause; a roman 'i' straight after 'h' is the letter i.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import ParsedClause

_CANDIDATE_RE = re.compile(
    r"(?<!\S)(?P<open>\()?(?P<core>[a-zA-Z]|[ivxlIVXL]{2,6}|\d{1,2})(?P<close>[).])(?=\s|$)",
    re.ASCII,
)
_STRONG_BEFORE_RE = re.compile(r"(?:[:;.]|[:;,.]\s*(?:and|or)|\bthat)$", re.IGNORECASE)
_ROMAN_RE = re.compile(r"(x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}
_CONJUNCTIONS = frozenset({"and", "or", "and/or"})
_THAT_RE = re.compile(r"^that\s*:\s*", re.IGNORECASE)
_MAX_DEPTH = 3


@dataclass
class _Level:
    """An open list while the decision is read: its kind, style and last number."""

    kind: str  # "alpha", "ALPHA", "roman", "ROMAN" or "digit"
    style: str  # "paren" for (a), "close" for a), "dot" for a.
    last: int
    parent: int | None  # index of the clause this list sits inside
    current: int  # index of this list's latest clause


@dataclass(frozen=True)
class _Label:
    """A clause label accepted in the decision text."""

    core: str
    start: int  # where the label begins
    end: int  # where the clause text begins
    parent: int | None


def parse_clauses(segments: list[str]) -> tuple[ParsedClause, ...]:
    """Split the decision text (its lines and HTML blocks) into labelled clauses."""
    joined = " ".join(segments)
    starts = _segment_starts(segments)
    labels = _find_labels(joined, starts)
    if not labels:
        text = _THAT_RE.sub("", joined.strip())
        return (ParsedClause(label="", text=" ".join(text.split())),) if text else ()
    clauses = []
    for index, label in enumerate(labels):
        stop = labels[index + 1].start if index + 1 < len(labels) else len(joined)
        clauses.append(
            ParsedClause(
                label=label.core, text=clause_text(joined[label.end : stop]), parent=label.parent
            )
        )
    return tuple(clauses)


def clause_text(raw: str) -> str:
    """Collapse whitespace and drop a trailing '; and', ';', 'and' or 'or'."""
    words = raw.split()
    if words and words[-1].lower() in _CONJUNCTIONS:
        words.pop()
    text = " ".join(words)
    return text[:-1].rstrip() if text.endswith((";", ",")) else text


def _segment_starts(segments: list[str]) -> frozenset[int]:
    """Offsets in the joined text where each segment (line or HTML block) begins."""
    offsets, position = set(), 0
    for segment in segments:
        offsets.add(position + len(segment) - len(segment.lstrip()))
        position += len(segment) + 1
    return frozenset(offsets)


def _find_labels(text: str, segment_starts: frozenset[int]) -> list[_Label]:
    """Walk the label-like tokens and keep those that continue or open a list."""
    stack: list[_Level] = []
    labels: list[_Label] = []
    for match in _CANDIDATE_RE.finditer(text):
        core, start = match.group("core"), match.start()
        if match.group("open") and match.group("close") != ")":
            continue
        style = (
            "paren" if match.group("open") else "close" if match.group("close") == ")" else "dot"
        )
        before = text[max(0, start - 12) : start].rstrip()
        strong = start in segment_starts or bool(_STRONG_BEFORE_RE.search(before))
        depth = _continued_level(stack, core, style, strong)
        if depth is not None:
            del stack[depth + 1 :]
            level = stack[depth]
            level.last += 1
            level.current = len(labels)
            labels.append(_Label(core, start, match.end(), level.parent))
            continue
        kind = _first_kind(core)
        if not strong or kind is None or len(stack) >= _MAX_DEPTH:
            continue
        if any(_family(level.kind) == _family(kind) for level in stack):
            continue
        parent = stack[-1].current if stack else None
        stack.append(_Level(kind, style, 1, parent, len(labels)))
        labels.append(_Label(core, start, match.end(), parent))
    return labels


def _continued_level(stack: list[_Level], core: str, style: str, strong: bool) -> int | None:
    """Depth of the open list this label continues (innermost first), or None."""
    for depth in range(len(stack) - 1, -1, -1):
        level = stack[depth]
        if _value(core, level.kind) != level.last + 1:
            continue
        if strong or (style == level.style and style != "dot"):
            return depth
    return None


def _first_kind(core: str) -> str | None:
    """The kind of list a label can open: only 'a', 'A', 'i', 'I' and '1' open one."""
    if core == "1":
        return "digit"
    if core in ("a", "A"):
        return "alpha" if core == "a" else "ALPHA"
    if core in ("i", "I"):
        return "roman" if core == "i" else "ROMAN"
    return None


def _family(kind: str) -> str:
    """Lists of one family (letters, romans, numbers) never nest inside each other."""
    return kind.lower()


def _value(core: str, kind: str) -> int | None:
    """The number a label stands for in a list of the given kind, or None if it cannot."""
    if kind == "digit":
        return int(core) if core.isdigit() else None
    if kind in ("alpha", "ALPHA"):
        if len(core) != 1 or not core.isalpha():
            return None
        if (kind == "alpha") != core.islower():
            return None
        return ord(core.lower()) - ord("a") + 1
    if (kind == "roman") != core.islower() or core.isdigit():
        return None
    return _roman_value(core.lower())


def _roman_value(numeral: str) -> int | None:
    """The value of a small roman numeral (up to xxxix), or None when it is not one."""
    if not _ROMAN_RE.fullmatch(numeral):
        return None
    total, previous = 0, 0
    for char in reversed(numeral):
        value = _ROMAN_VALUES[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total or None
