"""ModernGov pages as plain values: a decision's page (ieDecisionDetails.aspx) and the lists of
published decisions (mgDelegatedDecisions.aspx, mgListOfficerDecisions.aspx).

Every council wraps ModernGov in its own page template, so nothing here depends on where a
block sits on the page: a decision page is found by its content block (``div#modgov``), its
fields by their labels (``span.mgLabel``), its sections by their headings
(``h3.mgSubSubTitleTxt``), whatever comes around them. A label this module does not know is
kept (``other_fields``), never dropped; a page that is not a decision page, or whose
template has changed so that its title cannot be found, is refused with a NoticeParseError
that says which.

What is known of the markup is in tests/fixtures/moderngov/README.md, beside real pages.
Pure Python: Beautiful Soup over the standard library's HTML parser, no Django.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, quote, urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from .dates import find_date
from .errors import NoticeParseError

# The labels of a decision page, normalised (lower case, no colon or question mark), and the
# field each fills. Several councils word some of them differently.
_LABELS = {
    "decision maker": "decision_maker",
    "decision status": "status",
    "is key decision": "is_key_decision",
    "key decision": "is_key_decision",
    "is subject to call in": "subject_to_call_in",
    "is subject to call-in": "subject_to_call_in",
    "subject to call in": "subject_to_call_in",
    "publication date": "publication_date",
    "date of publication": "publication_date",
    "date of decision": "decision_date",
    "decision date": "decision_date",
    "effective from": "effective_from",
    "call-in deadline date": "call_in_deadline",
    "call in deadline date": "call_in_deadline",
    "date comes into force if not called in": "in_force_if_not_called_in",
    "current call-in count": "call_in_count",
    "current call in count": "call_in_count",
    "decided at meeting": "meeting",
    "wards affected": "wards",
    "lead officer": "lead_officer",
    "reason key": "key_decision_reason",
}
_DATE_FIELDS = {
    "publication_date",
    "decision_date",
    "effective_from",
    "call_in_deadline",
    "in_force_if_not_called_in",
}
_YES_NO = {"yes": True, "no": False}
# Section headings, normalised, and the field each fills.
_SECTIONS = {
    "purpose": "purpose",
    "decision": "decision",
    "decisions": "decision",
    "reasons for the decision": "reasons",
    "reasons for decision": "reasons",
    "reason for the decision": "reasons",
    "reasons": "reasons",
    "alternative options considered": "alternatives",
    "alternative options considered and rejected": "alternatives",
    "alternatives considered": "alternatives",
    "interests and dispensations": "interests",
}
_ISSUE_LINK = "mgissuehistoryhome.aspx"
_DECISION_LINK = "iedecisiondetails.aspx"


@dataclass(frozen=True)
class Meeting:
    """The meeting a decision was taken at, as the page links it."""

    title: str  # "19/10/2015 - Policy Committee"
    meeting_date: date | None
    url: str


@dataclass(frozen=True)
class Document:
    """A document the page links ("Accompanying Documents"), with its size as printed."""

    title: str
    url: str
    size: str  # "PDF 119 KB", or "" when the page gives none


@dataclass(frozen=True)
class ModernGovDecision:
    """Everything a ModernGov decision page says, as plain values ("" or None when absent)."""

    title: str
    decision_maker: str
    status: str
    is_key_decision: bool | None
    key_decision_reason: str
    subject_to_call_in: bool | None
    publication_date: date | None
    decision_date: date | None
    effective_from: date | None
    call_in_deadline: date | None
    in_force_if_not_called_in: date | None
    call_in_count: int | None
    meeting: Meeting | None
    wards: tuple[str, ...]
    lead_officer: str
    issue_id: int | None
    purpose: str
    decision: str
    reasons: str
    alternatives: str
    interests: str
    documents: tuple[Document, ...]
    other_fields: tuple[tuple[str, str], ...]  # labels this module does not know, kept

    @property
    def reference(self) -> str:
        """The written statement's reference for the same issue ("I" + the issue number)."""
        return f"I{self.issue_id}" if self.issue_id is not None else ""

    @property
    def digest(self) -> str:
        """SHA-256 of what the page says, read: the same when only the council's template
        around it changed (a date in its footer, a token in a form), which the bytes'
        SHA-256 is not, so a harvest tells a changed decision from a changed page."""
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ListedDecision:
    """One row of a list of published decisions."""

    decision_id: int
    title: str
    url: str
    published: date | None
    effective_from: date | None
    call_ins: str  # "Not for call-in", "Call-in period open", ...


def read_decision_page(html: str | bytes, *, url: str = "") -> ModernGovDecision:
    """A ModernGov decision page as a ModernGovDecision; `url` (the page's address) makes the
    links it gives absolute. Raises NoticeParseError naming what is wrong."""
    block = _content_block(html)
    title_tag = block.select_one(".mgSubTitleTxt")
    title = _text(title_tag) if title_tag else ""
    if not title:
        raise NoticeParseError(
            "the decision page has no title (h2.mgSubTitleTxt): its template may have changed",
            field="title",
        )
    fields: dict[str, str] = {}
    meeting: Meeting | None = None
    other: list[tuple[str, str]] = []
    for label_tag in block.select("span.mgLabel"):
        label = _label(_text(label_tag))
        holder = label_tag.parent
        if holder is None:
            continue
        value_text = _text_after(label_tag)
        name = _LABELS.get(label)
        if name is None:
            other.append((_text(label_tag).rstrip(": "), value_text))
        elif name == "meeting":
            link = holder.find("a", href=True)
            meeting = Meeting(
                title=value_text,
                meeting_date=_date(value_text),
                url=urljoin(url, str(link["href"])) if link else "",
            )
        else:
            fields[name] = value_text
    sections = _sections(block)
    return ModernGovDecision(
        title=title,
        decision_maker=fields.get("decision_maker", ""),
        status=fields.get("status", ""),
        is_key_decision=_yes_no(fields.get("is_key_decision", ""), "is_key_decision"),
        key_decision_reason=fields.get("key_decision_reason", ""),
        subject_to_call_in=_yes_no(fields.get("subject_to_call_in", ""), "subject_to_call_in"),
        call_in_count=_count(fields.get("call_in_count", "")),
        meeting=meeting,
        wards=tuple(w.strip() for w in re.split(r"[;,]", fields.get("wards", "")) if w.strip()),
        lead_officer=fields.get("lead_officer", ""),
        issue_id=_issue_id(block),
        documents=_documents(block, url),
        other_fields=tuple(other),
        **{name: _checked_date(fields.get(name, ""), name) for name in _DATE_FIELDS},
        **{name: sections.get(name, "") for name in set(_SECTIONS.values())},
    )


# ModernGov's ids (of pages, issues) are SQL Server ints: none is larger.
LARGEST_ID = 2**31 - 1
# A list's column of publication dates, as ModernGov heads it ("Date") or a council renames it.
_PUBLISHED_COLUMNS = ("date", "date published", "published", "publication date")


def read_decision_list(html: str | bytes, *, url: str = "") -> list[ListedDecision]:
    """The decisions a list of published (or officer) decisions gives, in its order. Rows that
    link to something other than a decision page (an issue's history) are left out.

    The list must sit in ModernGov's content block (div#modgov), as a decision page must: a
    council's error page may well have a table of its own, and read as an empty list it
    would pass for "nothing published" and its dates would never be listed again. Inside
    the block, no decisions table is a list with nothing in its range."""
    soup = BeautifulSoup(html, "html.parser")
    block = soup.select_one("div#modgov")
    if block is None:
        where = f" {url}" if url else ""
        raise NoticeParseError(
            f"the page{where} is not a ModernGov list of decisions: it has no div#modgov block"
        )
    links = [a for a in block.find_all("a", href=True) if _DECISION_LINK in str(a["href"]).lower()]
    if not links:
        return []  # nothing published in its range
    where = f" {url}" if url else ""
    # The table the decisions are in (mgTabTable in ModernGov's own template; the class, or
    # another table before it, is no matter).
    table = links[0].find_parent("table")
    if table is None:
        raise NoticeParseError(
            f"the list{where} links decisions outside any table: its template has changed"
        )
    columns = [_label(_text(th)) for th in table.select("thead th")] or [
        _label(_text(th)) for th in table.select("tr th")
    ]
    published_column = next(
        (name for name in _PUBLISHED_COLUMNS if name in columns), _PUBLISHED_COLUMNS[0]
    )
    found: list[ListedDecision] = []
    for row in table.select("tbody tr") or table.select("tr"):
        cells = row.find_all("td", recursive=False)
        link = row.find("a", href=True)
        if not cells or link is None or _DECISION_LINK not in str(link["href"]).lower():
            continue
        decision_id = _query_int(str(link["href"]), "ID")
        if decision_id is None:
            continue
        for hidden in link.select(".mgHide"):
            hidden.decompose()  # " ref: 13567", for screen readers and search engines
        values = dict(zip(columns, (_text(cell) for cell in cells), strict=False))
        found.append(
            ListedDecision(
                decision_id=decision_id,
                title=_text(link),
                url=urljoin(url, str(link["href"])),
                published=_date(values.get(published_column, "")),
                effective_from=_date(values.get("effective from", "")),
                call_ins=values.get("call-ins", ""),
            )
        )
    if not found:
        raise NoticeParseError(
            f"the list{where} links decisions, but no row of its table could be read: its "
            "template has changed"
        )
    return found


def _content_block(html: str | bytes) -> Tag:
    soup = BeautifulSoup(html, "html.parser")
    block = soup.select_one("div#modgov")
    if block is None:
        raise NoticeParseError("the page is not a ModernGov page: it has no div#modgov block")
    heading = block.select_one(".mgMainTitleTxt")
    if heading is not None and "decision" not in _text(heading).lower():
        raise NoticeParseError(f'the page is not a decision page: it is "{_text(heading)}"')
    return block


def _text(tag: Tag | NavigableString | None) -> str:
    """The text, with every run of whitespace (hard-wrapped lines, &nbsp;) one space."""
    if tag is None:
        return ""
    return " ".join(tag.get_text(" ").split())


def _label(text: str) -> str:
    return " ".join(text.lower().replace("?", " ").replace(":", " ").split())


def _text_after(label_tag: Tag) -> str:
    """The text of the label's paragraph after the label."""
    parts = []
    for sibling in label_tag.next_siblings:
        parts.append(sibling.get_text(" ") if isinstance(sibling, Tag) else str(sibling))
    return " ".join(" ".join(parts).split())


def _sections(block: Tag) -> dict[str, str]:
    """Each known section's text, from its heading to the next heading or labelled field:
    paragraphs kept apart by a blank line, Word's empty spacer paragraphs dropped."""
    found: dict[str, str] = {}
    for heading in block.select("h3.mgSubSubTitleTxt"):
        name = _SECTIONS.get(_label(_text(heading)))
        if name is None or name in found:
            continue
        paragraphs: list[str] = []
        for sibling in heading.next_siblings:
            if not isinstance(sibling, Tag):
                continue
            if sibling.name in {"h2", "h3"} or sibling.select_one("span.mgLabel") is not None:
                break
            if "mgLabel" in (sibling.get("class") or []):
                break
            blocks = sibling.find_all("p") or [sibling]
            paragraphs.extend(text for text in map(_text, blocks) if text)
        found[name] = "\n\n".join(paragraphs)
    return found


def _documents(block: Tag, url: str) -> tuple[Document, ...]:
    documents = []
    for link in block.select("ul.mgBulletList a[href]"):
        href = str(link["href"])
        if _ISSUE_LINK in href.lower() or _DECISION_LINK in href.lower():
            continue
        size_tag = link.select_one(".mgFileSize")
        size = _text(size_tag) if size_tag else ""
        if size_tag is not None:
            size_tag.extract()
        # Councils link files by their names, spaces and all: the address is made fetchable.
        address = quote(urljoin(url, href), safe=":/?&=%#;@+,~")
        documents.append(Document(title=_text(link), url=address, size=size))
    return tuple(documents)


def _issue_id(block: Tag) -> int | None:
    for link in block.find_all("a", href=True):
        href = str(link["href"])
        if _ISSUE_LINK in href.lower():
            return _query_int(href, "IId")
    return None


def _query_int(href: str, name: str) -> int | None:
    query = {key.lower(): values for key, values in parse_qs(urlsplit(href).query).items()}
    values = query.get(name.lower(), [])
    if not values or not is_digits(values[0]) or len(values[0]) > 10:
        return None
    number = int(values[0])
    return number if number <= LARGEST_ID else None


def _date(text: str) -> date | None:
    match = find_date(text)
    return match.value if match else None


def _checked_date(text: str, field: str) -> date | None:
    if not text:
        return None
    value = _date(text)
    if value is None:
        raise NoticeParseError(f'the {field.replace("_", " ")} "{text}" is not a date', field=field)
    return value


def _yes_no(text: str, field: str) -> bool | None:
    if not text:
        return None
    answer = _YES_NO.get(text.strip().lower().rstrip("."))
    if answer is None:
        raise NoticeParseError(
            f'the {field.replace("_", " ")} "{text}" is not Yes or No', field=field
        )
    return answer


def _count(text: str) -> int | None:
    digits = text.strip()
    return int(digits) if is_digits(digits) else None


def is_digits(value: str) -> bool:
    """ASCII digits only: str.isdigit() passes "²", which int() refuses. The fetcher's rule
    for numeric headers too."""
    return value.isascii() and value.isdigit()
