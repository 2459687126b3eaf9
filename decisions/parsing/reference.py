"""The issue reference ('Issue reference: I50042913') and the documents URL of the issue.

The URL sits in the 'Reason for the decision' row. PDF-to-text tools damage it: OCR reads
'mgIssueHistoryHome' as 'mglssueHistoryHome' and 'IId=' as 'lld=', and spaces get inserted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The digits of an issue number as the council's committee system writes them (50042913):
# ASCII digits only, whatever flags a pattern that includes it is compiled with.
ISSUE_NUMBER_PATTERN = r"[0-9]{5,12}"
# A reference as people type or print it: "I" (either case) and the issue number.
REFERENCE_PATTERN = rf"[Ii](?P<issue_number>{ISSUE_NUMBER_PATTERN})"
# A reference as the archive stores it (reference_for): "I" and the issue number. Every
# reference is one path segment of /decisions/<reference>/, so nothing else may be stored.
STORED_REFERENCE_PATTERN = rf"I{ISSUE_NUMBER_PATTERN}"
_STORED_REFERENCE_RE = re.compile(STORED_REFERENCE_PATTERN)

_ISSUE_REF_RE = re.compile(
    r"\bissue\s*ref(?:erence)?\.?\s*(?:no\.?|number)?\s*[:#.]?\s*[Il|]?\s?"
    rf"({ISSUE_NUMBER_PATTERN})(?!\d)",
    re.IGNORECASE | re.ASCII,
)
_ISSUE_URL_RE = re.compile(
    r"(?P<scheme>https?)\s?:\s?//\s?(?P<host>[a-z0-9-]+(?:\s?\.\s?[a-z0-9-]+)+)\s?/\s?"
    r"(?P<path>(?:[a-z0-9_-]+\s?/\s?){0,4})"
    r"mg\s?[il1|]{0,2}\s?ssue\s?history\s?home\s?\.\s?aspx\s?\?\s?"
    r"(?P<param>[a-z1|]{1,3}(?:\s[a-z1|]{1,3})?)\s?=\s?(?P<id>\d{3,12})(?!\d)",
    re.IGNORECASE | re.ASCII,
)
_ID_PARAM_RE = re.compile(r"[il1|]{0,2}d")


@dataclass(frozen=True)
class IssueLink:
    """The repaired link to an issue's documents, and the issue number it names."""

    url: str
    issue_id: str


def reference_for(issue_number: str) -> str:
    """The archive's reference for an issue number: '50042913' -> 'I50042913'."""
    return f"I{issue_number}"


def is_reference(value: str) -> bool:
    """Whether a value is a reference in the archive's form ('I50042913')."""
    return _STORED_REFERENCE_RE.fullmatch(value) is not None


def find_issue_reference(text: str) -> str | None:
    """The reference from an 'Issue reference: I50042913' line, as 'I50042913'."""
    found = _ISSUE_REF_RE.search(text)
    return reference_for(found.group(1)) if found else None


def find_issue_link(text: str) -> IssueLink | None:
    """The first issue-history URL in the text, repaired: mgIssueHistoryHome.aspx?IId=N."""
    for found in _ISSUE_URL_RE.finditer(text):
        param = found.group("param").replace(" ", "").lower()
        if not _ID_PARAM_RE.fullmatch(param):
            continue
        host = found.group("host").replace(" ", "")
        path = found.group("path").replace(" ", "")
        scheme = found.group("scheme").lower()
        issue_id = found.group("id")
        url = f"{scheme}://{host}/{path}mgIssueHistoryHome.aspx?IId={issue_id}"
        return IssueLink(url=url, issue_id=issue_id)
    return None
