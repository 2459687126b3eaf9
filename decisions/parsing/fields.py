"""The row labels of the notice template ('Title', 'Decision maker', …) and how to spot them.

The template always lists its rows in the same order. Labels are matched tolerantly:
case-insensitive, markup removed, parenthesised asides such as '(see below)' dropped,
hyphens and punctuation ignored, and an optional trailing colon. The boilerplate the
template prints in the decision-maker row is defined here too, so no value keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (field, label as the template prints it, other wordings seen or expected), in template order.
TEMPLATE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("title", "Title", ("title of decision", "decision title", "title of report", "report title")),
    ("decision_maker", "Decision maker", ("decision taker", "decision made by", "decided by")),
    (
        "decision_date",
        "Date of decision",
        ("decision date", "date of the decision", "date decision taken", "date decision made"),
    ),
    (
        "exemption_class",
        "Report exemption class",
        ("exemption class", "exemption category", "report exemption category"),
    ),
    (
        "key_decision_reason",
        "Reason for being a key decision",
        ("reasons for being a key decision", "reason for key decision", "why a key decision"),
    ),
    (
        "special_urgency",
        "General exception or special urgency (as defined in the constitution)",
        ("general exception", "special urgency", "general exception or urgency"),
    ),
    ("purpose", "Purpose", ("purpose of decision", "purpose of the decision", "purpose of report")),
    ("decision", "Decision", ("decision taken", "decision made", "the decision", "decisions")),
    (
        "reason",
        "Reason for the decision",
        ("reason for decision", "reasons for the decision", "reasons for decision"),
    ),
    (
        "options_considered",
        "Options considered",
        ("alternative options considered", "other options considered", "alternative options"),
    ),
    (
        "declarations",
        "Declarations of interest (see below)",
        ("declaration of interest", "declarations of interests", "conflicts of interest"),
    ),
    (
        "call_in_expiry",
        "Call-in expiry date (decisions are not subject to call-in where special urgency "
        "provisions apply)",
        ("call in expiry", "call in deadline", "call in date", "call in expires"),
    ),
)
FIELD_ORDER = {field: index for index, (field, _, _) in enumerate(TEMPLATE)}
# The template prints this after the decision maker: "Information about cabinet … can be
# found here: URL". It is not part of the decision maker's name.
MAKER_BOILERPLATE_RE = re.compile(r"\binformation about (?:the )?cabinet\b", re.IGNORECASE)

_PARENTHESES_RE = re.compile(r"\([^()]*\)?")
_NON_WORD_RE = re.compile(r"[^a-z0-9]+")
_MAX_LABEL_LENGTH = 160


def normalise_label(text: str) -> str:
    """Lower-case words of a label cell, asides in parentheses and punctuation removed."""
    text = text.lower()
    if "(" in text:
        text = _PARENTHESES_RE.sub(" ", text)
    return " ".join(_NON_WORD_RE.sub(" ", text).split())


def _words(text: str) -> str:
    """Lower-case words only, keeping what is inside parentheses."""
    return " ".join(_NON_WORD_RE.sub(" ", text.lower()).split())


_ALIASES: dict[str, str] = {}
for _field, _printed, _others in TEMPLATE:
    for _wording in (_printed, *_others):
        _ALIASES[normalise_label(_wording)] = _field
_FIRST_WORDS = frozenset(alias.split()[0] for alias in _ALIASES)
_FIRST_WORD_RE = re.compile(r"[^A-Za-z]*([A-Za-z]+)")
_ALIAS_PREFIXES = frozenset(
    " ".join(alias.split()[:n]) for alias in _ALIASES for n in range(1, len(alias.split()))
)
FULL_LABEL_WORDS = {field: _words(printed) for field, printed, _ in TEMPLATE}
_COLON_LABEL_RE = re.compile(
    r"^(?P<label>"
    + "|".join(
        sorted((r"[\s-]+".join(map(re.escape, a.split())) for a in _ALIASES), key=len, reverse=True)
    )
    + r")\s*(?:\([^()]*\)\s*)?:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LabelMatch:
    """A row label found at the start of a line, and the cells that hold its value."""

    field: str
    value: tuple[str, ...]
    strong: bool  # the label fills a whole cell, so it can be trusted out of template order
    joins_next_line: bool  # the label was broken over this line and the next one


def match_label(cells: list[str], next_cells: list[str] | None) -> LabelMatch | None:
    """Recognise a row label in a line's first cell ('Title', 'Purpose:', broken labels)."""
    first = cells[0]
    word = _FIRST_WORD_RE.match(first)
    if word is None or word.group(1).lower() not in _FIRST_WORDS:
        return None
    if len(first) <= _MAX_LABEL_LENGTH:
        field = _ALIASES.get(normalise_label(first))
        if field is not None:
            return LabelMatch(field, tuple(cells[1:]), strong=True, joins_next_line=False)
    colon = _COLON_LABEL_RE.match(first) if ":" in first else None
    if colon is not None:
        field = _ALIASES[normalise_label(colon.group("label"))]
        rest = colon.group("rest").strip()
        value = ((rest,) if rest else ()) + tuple(cells[1:])
        return LabelMatch(field, value, strong=False, joins_next_line=False)
    if (
        len(cells) == 1
        and next_cells
        and len(first) <= _MAX_LABEL_LENGTH
        and normalise_label(first) in _ALIAS_PREFIXES
    ):
        field = _ALIASES.get(normalise_label(f"{first} {next_cells[0]}"))
        if field is not None:
            return LabelMatch(field, tuple(next_cells[1:]), strong=True, joins_next_line=True)
    return None


def strip_maker_boilerplate(text: str) -> str:
    """The text before the 'Information about cabinet…' boilerplate, if it has any."""
    found = MAKER_BOILERPLATE_RE.search(text)
    return text[: found.start()].rstrip() if found else text


def is_label_tail(text: str, field: str) -> bool:
    """True when a line is only the wrapped end of the field's printed label."""
    words = _words(text)
    return len(words) >= 8 and words in FULL_LABEL_WORDS[field]
