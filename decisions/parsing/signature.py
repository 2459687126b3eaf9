"""The signature block after the last row: 'Councillor: …  Role (Councillor Name)  Date …'.

It comes as one tab row, as <p> pieces, or spread over several lines with the name itself
broken across two lines; all forms are joined into one string before they are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .dates import DATE_PATTERN, find_date

# The word that opens the signature block: "Councillor: .....", "Signed: …".
_OPENING_WORD = r"(?:councillor|cllr|signed|signature)"
_START_RE = re.compile(rf"^{_OPENING_WORD}\b\s*[:.…_]", re.IGNORECASE)
_PREFIX_RE = re.compile(rf"^\s*{_OPENING_WORD}\s*[:.…_\s]*", re.IGNORECASE)
# A signature block that lost its opening word still has its date or its "(Councillor …)".
_HINT_RE = re.compile(r"^dated?\s*[:.…_]*\s*(?:\d|$)|\((?:councillor|cllr)\b", re.IGNORECASE)
_DATE_PHRASE_RE = re.compile(
    rf"\bdated?\b\s*[:.…_]*\s*(?:{DATE_PATTERN})?[\s.…_]*", re.IGNORECASE | re.ASCII
)
_ROLE_NAME_RE = re.compile(
    r"(?P<role>[^()]*?)\s*\(\s*(?:councillor|cllr\.?)\s+(?P<name>[^()]+?)\s*\)", re.IGNORECASE
)
_NAME_ONLY_RE = re.compile(
    r"\b(?i:councillor|cllr\.?)\s+(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
)
_EDGE_PUNCTUATION = " .,;:…_-–|"


@dataclass(frozen=True)
class Signature:
    """Who signed the notice, in what role, and on which date."""

    name: str
    role: str
    signed: date | None
    signed_text: str  # the date as written, "" when there is none


def is_signature_start(text: str) -> bool:
    """True for the line that opens the signature block ('Councillor: .....')."""
    return bool(_START_RE.match(text))


def looks_like_signature(text: str) -> bool:
    """True for a line that reads like the signature block without its opening word."""
    return bool(_HINT_RE.search(text))


def parse_signature(text: str) -> Signature:
    """Read the signatory's name, role and date from the joined signature block."""
    text = " ".join(text.split())
    signed, signed_text = None, ""
    phrase = _DATE_PHRASE_RE.search(text)
    if phrase is not None:
        found = find_date(phrase.group())
        if found is not None:
            signed, signed_text = found.value, found.text
        text = f"{text[: phrase.start()]} {text[phrase.end() :]}"
    text = _PREFIX_RE.sub("", text, count=1)
    found_name = _ROLE_NAME_RE.search(text)
    if found_name is not None:
        name = " ".join(found_name.group("name").split())
        role = found_name.group("role").strip(_EDGE_PUNCTUATION)
        return Signature(name=name, role=role, signed=signed, signed_text=signed_text)
    name_only = _NAME_ONLY_RE.search(text)
    if name_only is not None:
        name = name_only.group("name")
        rest = f"{text[: name_only.start()]} {text[name_only.end() :]}"
        role = " ".join(rest.split()).strip(_EDGE_PUNCTUATION)
        return Signature(name=name, role=role, signed=signed, signed_text=signed_text)
    return Signature(name="", role="", signed=signed, signed_text=signed_text)
