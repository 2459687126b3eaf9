"""A line of the notice into its cells: tab columns and HTML blocks, all markup removed.

The text extracts we receive keep the PDF table as tab-separated columns, and some tools
wrote HTML or markdown: <p>, <li> and <br> are further cell boundaries, a link becomes its
text, other tags and ** are dropped, and an <ol> without written labels gets them back.
"""

from __future__ import annotations

import html
import re

_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*)>")
_ANCHOR_RE = re.compile(
    # The link text may hold other tags but not another link, so a stray <a> fails fast.
    r"""<a\b[^<>]*?\bhref\s*=\s*["']?([^"'\s<>]*)["']?[^<>]*>((?:[^<]|<(?!/?a\b))*)</a\s*>""",
    re.IGNORECASE,
)
_BLOCK_TAG_NAMES = (
    "p br div tr td th table tbody thead li ol ul dl dt dd blockquote hr h1 h2 h3 h4 h5 h6"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
_LIST_TYPE_RE = re.compile(
    r"""list-style-type\s*:\s*([a-z-]+)|\btype\s*=\s*["']?([aAiI1])""", re.IGNORECASE
)
_LIST_START_RE = re.compile(r"""\bstart\s*=\s*["']?(\d{1,3})""", re.IGNORECASE)
_HAS_LABEL_RE = re.compile(r"\s*\(?(?:[a-zA-Z]|[ivxIVX]{1,5}|\d{1,2})[).](?:\s|$)")
_TYPE_STYLES = {"a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
_ROMANS = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
_ROMAN_TENS = ("", "x", "xx", "xxx")


def line_cells(line: str) -> list[str]:
    """Split a line into its non-empty cells: tab columns and HTML blocks, markup removed."""
    if "<" in line:
        line = html_to_tabbed(line)
    if "&" in line:
        line = html.unescape(line)
    if "**" in line:
        line = line.replace("**", "")
    if "\t" not in line:
        cell = " ".join(line.split())
        return [cell] if cell else []
    return [cell for cell in (" ".join(part.split()) for part in line.split("\t")) if cell]


def html_to_tabbed(fragment: str) -> str:
    """Replace HTML block tags by tabs, links by their text, and drop other tags."""
    if "</a" in fragment or "</A" in fragment:
        fragment = _ANCHOR_RE.sub(_anchor_text, fragment)
    out: list[str] = []
    lists: list[list] = []  # [style, counter] per open <ol>/<ul>
    pos = 0
    for match in _TAG_RE.finditer(fragment):
        out.append(fragment[pos : match.start()])
        pos = match.end()
        closing, name = match.group(1), match.group(2).lower()
        if name not in _BLOCK_TAGS:
            continue
        out.append("\t")
        if name in ("ol", "ul"):
            if closing:
                if lists:
                    lists.pop()
            else:
                lists.append([_list_style(name, match.group(3)), _list_start(match.group(3))])
        elif name == "li" and not closing and lists and lists[-1][0] not in ("none", "disc"):
            lists[-1][1] += 1
            end = fragment.find("<", pos)
            if not _HAS_LABEL_RE.match(fragment[pos : end if end >= 0 else None]):
                out.append(f"{_list_label(lists[-1][0], lists[-1][1])}) ")
    out.append(fragment[pos:])
    return "".join(out)


def _anchor_text(match: re.Match[str]) -> str:
    """A link becomes its visible text, or its address when the text is empty."""
    text = _TAG_RE.sub("", match.group(2)).strip()
    return f" {text or match.group(1)} "


def _list_style(name: str, attrs: str) -> str:
    """The numbering style of an HTML list: 'decimal', 'lower-alpha', 'none', 'disc', ..."""
    found = _LIST_TYPE_RE.search(attrs)
    if found and found.group(1):
        return found.group(1).lower()
    if found and found.group(2):
        return _TYPE_STYLES.get(found.group(2), "decimal")
    return "decimal" if name == "ol" else "disc"


def _list_start(attrs: str) -> int:
    """The counter value before the first item of a list (start="3" gives 2)."""
    found = _LIST_START_RE.search(attrs)
    return int(found.group(1)) - 1 if found else 0


def _list_label(style: str, number: int) -> str:
    """The label an HTML list shows for its n-th item."""
    if style in ("lower-alpha", "lower-latin", "upper-alpha", "upper-latin") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return letter.upper() if style.startswith("upper") else letter
    if style in ("lower-roman", "upper-roman") and 1 <= number < 40:
        roman = _ROMAN_TENS[number // 10] + _ROMANS[number % 10]
        return roman.upper() if style.startswith("upper") else roman
    return str(number)
