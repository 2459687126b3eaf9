"""A fake council's ModernGov site built from the real Kirklees markup
(tests/fixtures/moderngov/): the real decision page with each decision's values put in
its place, the real list table with a row per decision, one list per date slice, issue
pages, and the documents each decision links. Served by tests/fakes/moderngov_site.py."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from decisions.moderngov.harvest import month_slices, published_list_url
from tests.fakes.moderngov_site import Answer, FakeSite

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "moderngov"
PAGE = (FIXTURES / "lgsf_kirklees_decision_detail.html").read_text(encoding="utf-8")
LIST = (FIXTURES / "lgsf_kirklees_decisions_list.html").read_text(encoding="utf-8")
_DOCUMENTS_AT = PAGE.index('<ul  class="mgBulletList" >')
_REAL_DOCUMENTS = PAGE[_DOCUMENTS_AT : PAGE.index("</ul>", _DOCUMENTS_AT) + 5]
_REAL_TEXT = PAGE[PAGE.index('<p class="MsoNormal">') : PAGE.index("record.</span></p>") + 18]
_REAL_ROWS = LIST[LIST.index("<tbody>") + 7 : LIST.index("</tbody>")]


@dataclass
class FakeDocument:
    title: str
    path: str  # "documents/s1/Decision notice.pdf", as the page links it
    body: bytes
    answer: Answer | None = None  # a fault to play instead of the body


@dataclass
class FakeDecision:
    page_id: int
    issue_id: int
    title: str
    published: date
    decided: date
    status: str = "Recommendations Approved"
    effective_from: date | None = None
    decision_maker: str = "Cabinet"
    key_decision: bool = False
    call_in: bool = False
    text: str = "The recommendations in the report were approved."
    documents: list[FakeDocument] = field(default_factory=list)
    answer: Answer | None = None  # a fault to play instead of the page

    @property
    def path(self) -> str:
        return f"ieDecisionDetails.aspx?ID={self.page_id}"


def _dmy(value: date) -> str:
    return f"{value:%d}&#47;{value:%m}&#47;{value:%Y}"


def decision_page(decision: FakeDecision) -> str:
    """The real Kirklees page with this decision's values in place of the original's."""
    title = html.escape(decision.title)
    page = PAGE.replace("Minutes of Previous Meeting", title)
    page = page.replace("IId=6535", f"IId={decision.issue_id}")
    page = page.replace(
        '"mgPlanItemInForce" >Recommendations Approved<',
        f'"mgPlanItemInForce" >{html.escape(decision.status)}<',
    )
    page = page.replace(
        "Is Key decision?: </span>No", f"Is Key decision?: </span>{_yes(decision.key_decision)}"
    )
    page = page.replace(
        "Is subject to call in?: </span>No",
        f"Is subject to call in?: </span>{_yes(decision.call_in)}",
    )
    page = page.replace(
        '<div class="mgContent" >',
        '<div class="mgContent" >\n<p><span  class="mgLabel" >Decision Maker: </span>'
        f"{html.escape(decision.decision_maker)}</p>",
    )
    page = page.replace(_REAL_TEXT, f'<p class="MsoNormal">{html.escape(decision.text)}</p>')
    effective = (
        f'\n<p><span  class="mgLabel" >Effective from: </span>{_dmy(decision.effective_from)}</p>'
        if decision.effective_from
        else ""
    )
    page = page.replace(
        "Publication date: </span>22&#47;10&#47;2015</p>",
        f"Publication date: </span>{_dmy(decision.published)}</p>{effective}",
    )
    page = page.replace("19&#47;10&#47;2015", _dmy(decision.decided))
    documents = "".join(
        f'<li><a  href="{html.escape(d.path)}"  title="Link to file">{html.escape(d.title)}\n'
        f'<span  class="mgFileSize" > PDF {max(1, len(d.body) // 1024)} KB</span> </a>  </li>\n'
        for d in decision.documents
    )
    return page.replace(_REAL_DOCUMENTS, f'<ul  class="mgBulletList" >\n{documents}</ul>')


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def decision_list(decisions: list[FakeDecision]) -> str:
    """The real Kirklees list table with one row per decision, in ModernGov's content block
    (the fixture is the table alone, as LGSF trimmed it)."""
    rows = "".join(
        f'<tr><td  class="mgMainTxt" ><a  href="{d.path}"  title="Link">{html.escape(d.title)}'
        f'<span  class="mgHide" > ref&#58; {d.page_id}</span></a></td><td  class="mgMainTxt" >'
        f'{_dmy(d.published)}</td><td  class="mgMainTxt" >'
        f'{_dmy(d.effective_from or d.published)}</td><td  class="mgMainTxt" >'
        f"{'Call-in period open' if d.call_in else 'Not for call-in'}</td></tr>\n"
        for d in decisions
    )
    return f'<div id="modgov">{LIST.replace(_REAL_ROWS, rows)}</div>'


def issue_page(issue_id: int) -> str:
    return (
        '<div id="modgov"><h1 class="mgMainTitleTxt">Issue - items at meetings</h1>'
        f"<p>Issue {issue_id}</p></div>"
    )


def list_path(prefix: str, start: date, end: date) -> str:
    return prefix + published_list_url("http://x/", start, end).split("/", 3)[3]


def serve_council(
    site: FakeSite,
    decisions: list[FakeDecision],
    *,
    since: date,
    until: date,
    prefix: str = "/",
    list_answers: dict[int, Answer] | None = None,
) -> None:
    """Serve a council's site under `prefix`: a list for every slice of [since, until]
    (a slice given in `list_answers`, by its index, plays that answer first), each
    decision's page, its issue page and its documents."""
    serve_lists(site, decisions, since=since, until=until, prefix=prefix, answers=list_answers)
    for decision in decisions:
        page = decision.answer or Answer(decision_page(decision))
        site.serve(prefix + decision.path, page)
        site.serve(
            f"{prefix}mgIssueHistoryHome.aspx?IId={decision.issue_id}",
            issue_page(decision.issue_id),
        )
        for document in decision.documents:
            path = prefix + document.path.replace(" ", "%20")
            site.serve(path, document.answer or Answer(document.body, headers=_pdf()))


def serve_lists(
    site: FakeSite,
    decisions: list[FakeDecision],
    *,
    since: date,
    until: date,
    prefix: str = "/",
    answers: dict[int, Answer] | None = None,
) -> None:
    """The lists a harvest of [since, until] asks for, one a slice."""
    for n, (start, end) in enumerate(month_slices(since, until)):
        listed = [d for d in decisions if start <= d.published <= end]
        first = [answers[n]] if answers and n in answers else []
        site.serve(list_path(prefix, start, end), *first, decision_list(listed))


def _pdf() -> tuple[tuple[str, str], ...]:
    return (("Content-Type", "application/pdf"),)
