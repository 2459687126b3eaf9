"""The mistakes text recognition makes on these notices, repaired where the notice's own rules
make it safe. A repair only changes text the page has; it never adds a field.

- The issue reference `I50042913` read as `150042913`, `l50042913` or `|50042913`: the
  reference is "I" and the issue number, so a leading l or | is the I; a leading 1 is the I
  only when the documents URL on the same notice names the issue number after it.
- `mglssueHistoryHome` (`mg1ssue`, `mg|ssue`, `mgllssue`, `mglIssue`) for
  `mgIssueHistoryHome`, the committee system's page name.
- `Ild=`, `lId=`, `l1d=`, `!ld=`, `Il\\d=` for the committee system's `IId=`, `!D=` for
  `ID=`, and `ld=` for `Id=`.
- A dash between spaces read as an em dash: the notices print spaced en dashes
  (`Ofsted – this is not an option`), which Tesseract's English model reads as `—`.
- Spaces inside URLs (`http://councillors. herefordshire.gov.uk/mgIssue HistoryHome.aspx`).
- Month names in lower case (`15 december 2022`).
- A lettered clause's label misread as a look-alike (`|)` or `1)` for `l)`, `0)` for
  `o)`): only where the letter is the one the list needs next (`l)` after `k)`), which is
  the clause rule the notice follows.
Labels and values split into separate blocks need no repair here: the words are read by
their position on the page (positional.py), not in Tesseract's block order.
"""

from __future__ import annotations

import re

from ..dates import MONTHS
from ..reference import find_issue_link

_MG_ISSUE_RE = re.compile(r"\bmg(?:[l1|]|[l1|I]{2})ssue")
# The committee system's page parameter: IId (or Id, ID), its I read as l, 1, |, ! or
# with a stray \ or / inside ("Il\d=").
_ID_PARAM_RE = re.compile(r"(\.aspx\?)([Il1|!\\/dD]{2,4})=(?=\d)")
_AS_I = str.maketrans({"l": "I", "1": "I", "|": "I", "!": "I", "\\": None, "/": None})
_SPACED_DASH_RE = re.compile(r"(?:(?<= )|^)—(?= |$)")
_URL_START_RE = re.compile(r"https?\s?:\s?//", re.IGNORECASE)
_URL_PUNCTUATION = "/?&=.#_-:"
_SENTENCE_START_RE = re.compile(r"^[A-Z][a-z]+[,;.]?$")  # "Then": prose after a URL, not more of it
_URL_PART_RE = re.compile(r"^(?:[A-Za-z]*\.aspx\b|[A-Za-z]+=|\d+$)")
_MONTH_RE = re.compile(
    r"\b(\d{1,2}(?:st|nd|rd|th)?\s+)(" + "|".join(month.lower() for month in MONTHS) + r")\b"
)
_REFERENCE_LINE_RE = re.compile(
    r"(\bissue\s*ref(?:erence)?\.?\s*(?:no\.?|number)?\s*[:#.]?\s*)([1lI|!])\s?(\d{5,12})\b",
    re.IGNORECASE,
)


def _continues_url(url: str, word: str) -> bool:
    """Whether the next word is more of the URL: after its punctuation, or a URL part."""
    if not word or _SENTENCE_START_RE.match(word):
        return False
    return (
        url.endswith(tuple(_URL_PUNCTUATION))
        or word.startswith(tuple(_URL_PUNCTUATION))
        or _URL_PART_RE.match(word) is not None
    )


def join_url_spaces(line: str) -> str:
    """A URL on the line with the spaces recognition put inside it taken out."""
    found = _URL_START_RE.search(line)
    if found is None:
        return line
    head = line[: found.start()]
    words = line[found.start() :].split(" ")
    url = words[0]
    rest = words[1:]
    while rest and _continues_url(url, rest[0]):
        url += rest.pop(0)
    tail = " ".join(rest)
    return head + url + (" " + join_url_spaces(tail) if tail else "")


def _id_param(found: re.Match[str]) -> str:
    """The page parameter as the committee system writes it, if it is one misread."""
    param = found.group(2).translate(_AS_I)
    if param in {"IId", "Id", "ID"}:
        return f"{found.group(1)}{param}="
    return found.group(0)


def repair_line(line: str) -> str:
    """One line of recognised text with the known recognition mistakes repaired."""
    line = join_url_spaces(line)
    line = _MG_ISSUE_RE.sub("mgIssue", line)
    line = _ID_PARAM_RE.sub(_id_param, line)
    line = _SPACED_DASH_RE.sub("–", line)
    return _MONTH_RE.sub(lambda m: m.group(1) + m.group(2).capitalize(), line)


_LOOK_ALIKES = {"|": "l", "1": "l", "!": "l", "I": "l", "0": "o", "5": "s"}
_LIST_LABEL_RE = re.compile(r"(?:^|(?<=[\s(]))([a-z|!105I])\)")


def repair_list_labels(text: str) -> str:
    """Clause labels of a lettered list misread as look-alikes, where the list needs that
    letter next: 'k) … |) …' becomes 'k) … l) …'."""
    previous: str | None = None
    pieces: list[str] = []
    last = 0
    for found in _LIST_LABEL_RE.finditer(text):
        label = found.group(1)
        if label.islower() and label.isalpha():
            previous = label
            continue
        wanted = chr(ord(previous) + 1) if previous else None
        if wanted is not None and _LOOK_ALIKES.get(label) == wanted:
            pieces += [text[last : found.start(1)], wanted]
            last = found.end(1)
            previous = wanted
    return "".join(pieces) + text[last:]


def repair_reference(lines: list[str]) -> list[str]:
    """The 'Issue reference:' line with its I repaired, where the notice allows it."""
    link = find_issue_link("\n".join(lines))
    repaired: list[str] = []
    for line in lines:

        def fix(found: re.Match[str]) -> str:
            letter, digits = found.group(2), found.group(3)
            if letter == "1" and (link is None or link.issue_id != digits):
                return found.group(0)  # a 1 that may be a digit: left as printed
            return f"{found.group(1)}I{digits}"

        repaired.append(_REFERENCE_LINE_RE.sub(fix, line))
    return repaired
