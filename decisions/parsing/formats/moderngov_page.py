"""The front end for ModernGov decision pages (ieDecisionDetails.aspx): the page as
moderngov.py reads it, turned into the same ParsedNotice a written statement gives.

A page is already labelled field by field, so it needs no rows and no assembler: each of its
fields maps to the notice's. What a page has and a notice lacks (its status, publication
date, meeting, wards, documents) stays on the ModernGovDecision, which the harvest keeps
beside the decision. The reference is the written statement's for the same issue ("I" + the
issue number), so a page and a statement of one issue are one decision.
"""

from __future__ import annotations

from ..clauses import parse_clauses
from ..errors import NoticeParseError
from ..model import ParsedNotice, SourceFormat
from ..moderngov import ModernGovDecision, read_decision_page


def notice_from_decision(page: ModernGovDecision, *, url: str, source_text: str) -> ParsedNotice:
    """The ParsedNotice a decision page gives; NoticeParseError when it has no issue number
    (nothing to join it to) or no date at all."""
    if not page.reference:
        raise NoticeParseError(
            "the decision page links no issue (mgIssueHistoryHome.aspx?IId=): it has no reference",
            field="reference",
        )
    decision_date = page.decision_date or page.publication_date
    if decision_date is None:
        raise NoticeParseError("the decision page gives no date of decision", field="decision_date")
    paragraphs = [p for p in page.decision.split("\n\n") if p.strip()]
    return ParsedNotice(
        reference=page.reference,
        title=page.title,
        decision_maker=page.decision_maker,
        decision_date=decision_date,
        is_key_decision=bool(page.is_key_decision),
        key_decision_reason=page.key_decision_reason,
        exemption_class="",
        special_urgency="",
        purpose=page.purpose,
        decision_text=page.decision,
        clauses=parse_clauses(paragraphs),
        reason=page.reasons,
        options_considered=page.alternatives,
        declarations=page.interests,
        call_in_expiry=page.call_in_deadline,
        signatory_name="",
        signatory_role="",
        signed_date=None,
        source_url=url,
        source_text=source_text,
        layout="moderngov-page",
        source_format=SourceFormat.MODERNGOV,
    )


def read_page_notice(data: bytes | str, *, url: str = "") -> tuple[ModernGovDecision, ParsedNotice]:
    """A decision page's bytes read both ways: all it says, and the notice it gives."""
    page = read_decision_page(data, url=url)
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return page, notice_from_decision(page, url=url, source_text=text)
