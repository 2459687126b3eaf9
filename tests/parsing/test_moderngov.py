"""decisions.parsing.moderngov: ModernGov decision pages and decision lists as plain values.

The real pages (tests/fixtures/moderngov/, from Kirklees via Democracy Club's LGSF) are
checked field by field; the rest of the family is made from them the ways councils differ:
another site template around the content block, other wordings of a label, a page whose
call-in period is open, and the faults a harvest meets (an error page, a page that is not
a decision's, a changed template, a date that is not one).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from decisions.parsing import NoticeParseError
from decisions.parsing.moderngov import (
    Document,
    Meeting,
    read_decision_list,
    read_decision_page,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "moderngov"
SITE = "https://democracy.kirklees.gov.uk/"
PAGE_URL = SITE + "ieDecisionDetails.aspx?ID=1000"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def listed(name: str) -> str:
    """A list fixture in the page around it: LGSF trimmed the lists to their table, but a
    real list sits in ModernGov's content block (div#modgov), as every ModernGov page does."""
    return (
        f'<html><body><div id="banner"></div><div id="modgov">{fixture(name)}</div></body></html>'
    )


def test_a_decision_page_with_a_document() -> None:
    page = read_decision_page(fixture("lgsf_kirklees_decision_detail.html"), url=PAGE_URL)

    assert page.title == "Minutes of Previous Meeting"
    assert page.status == "Recommendations Approved"
    assert (page.is_key_decision, page.subject_to_call_in) == (False, False)
    assert page.publication_date == date(2015, 10, 22)
    assert page.decision_date == date(2015, 10, 19)
    assert page.decision == (
        "The Minutes of the Policy Committee meeting on 23 September 2015 were approved as a "
        "correct record."
    )
    assert page.meeting == Meeting(
        title="19/10/2015 - Policy Committee",
        meeting_date=date(2015, 10, 19),
        url=SITE + "ieListDocuments.aspx?CId=151&MID=4832",
    )
    assert page.documents == (
        Document(
            title="polc2 - 23.09.2015",
            url=SITE + "documents/s7942/polc2%20-%2023.09.2015.pdf",
            size="PDF 119 KB",
        ),
    )
    assert page.issue_id == 6535
    assert page.reference == "I6535"  # the written statement of the same issue
    assert page.decision_maker == "" and page.purpose == "" and page.other_fields == ()


def test_an_officer_decision_with_purpose_and_no_documents() -> None:
    page = read_decision_page(fixture("lgsf_kirklees_decision_detail_no_documents.html"))

    assert page.title == (
        "To enable the Council's waste treatment contractor to consult on alternative "
        "processing arrangements"
    )
    assert page.decision_maker == "Strategic Director for Environment"
    assert (page.is_key_decision, page.subject_to_call_in) == (True, True)
    assert page.purpose == "To seek approval for alternative processing arrangements."
    assert page.decision.startswith("That approval be given to enable the contractor")
    assert page.decision.endswith("subject to employee consultation outcomes.")
    assert (page.publication_date, page.decision_date) == (date(2026, 8, 5), date(2026, 8, 4))
    assert page.documents == () and page.meeting is None
    assert page.issue_id is None and page.reference == ""


def test_word_paragraphs_stay_apart_and_spacers_go() -> None:
    page = read_decision_page(fixture("lgsf_kirklees_decision_multi_paragraph.html"))

    assert page.decision_maker == "Service Director - Homes & Neighbourhoods"
    assert page.decision == (
        "The demolition of the existing tower blocks has been approved to support the "
        "regeneration of Berry Brow.\n\n"
        "This decision was authorised by the Cabinet at its meeting on Tuesday, 27 July 2021."
    )
    # Published more than four years after it was taken: both dates are kept as given.
    assert (page.decision_date, page.publication_date) == (date(2021, 7, 27), date(2025, 12, 10))


def in_a_council_template(content: str) -> str:
    """The content block inside another council's site: its header, a search form with a
    label of its own, navigation and a footer."""
    return (
        "<!DOCTYPE html><html><head><title>Decision - Anyshire Council</title></head><body>"
        '<header><p><span class="mgLabel">Search: </span><input name="q"></p>'
        "<h2>Anyshire Council</h2></header>"
        '<nav><ul class="mgBulletList"><li><a href="/contact.pdf">Contact us</a></li></ul></nav>'
        f'<main><div class="wrapper"><div class="row">{content}</div></div></main>'
        "<footer><h3>Accessibility</h3><p>Page 1</p></footer></body></html>"
    )


def test_another_councils_template_around_the_block_changes_nothing() -> None:
    content = fixture("lgsf_kirklees_decision_detail.html")
    bare = read_decision_page(content, url=PAGE_URL)
    wrapped = read_decision_page(in_a_council_template(content), url=PAGE_URL)
    assert wrapped == bare


def test_it_reads_the_page_from_bytes_in_another_encoding() -> None:
    content = fixture("lgsf_kirklees_decision_detail_no_documents.html").replace(
        "Strategic Director", "Directeur stratégique"
    )
    page = read_decision_page(b'<meta charset="windows-1252">' + content.encode("windows-1252"))
    assert page.decision_maker == "Directeur stratégique for Environment"


CALL_IN_OPEN = """
<div id="modgov"><div class="mgHeader"><h1 class="mgMainTitleTxt">Decision details</h1></div>
<div class="mgSubTitle">
<h2 class="mgSubTitleTxt">Children&#39;s Services Improvement Plan</h2></div>
<div class="mgLinks"><ul class="mgActionList">
<li><a href="mgIssueHistoryHome.aspx?IId=50042913&amp;Opt=0">Find out more</a></li>
</ul></div>
<div class="mgContent">
<p><span class="mgLabel">Decision Maker: </span>Cabinet</p>
<p><span class="mgLabel">Decision status: </span>
<span class="mgPlanItemInForce">Recommendations Approved (subject to call-in)</span></p>
<p><span class="mgLabel">Is Key decision?: </span>Yes</p>
<p><span class="mgLabel">Reason Key: </span>Significant effect on communities in two or more
wards;</p>
<p><span class="mgLabel">Is subject to call in?: </span>Yes</p>
<p><span class="mgLabel">Call-in deadline date: </span>04&#47;01&#47;2023</p>
<p><span class="mgLabel">Date comes into force if not called in: </span>05&#47;01&#47;2023</p>
<p><span class="mgLabel">Current call-in Count: </span>0</p>
<p><span class="mgLabel">Wards affected: </span>Bromyard Bringsty; Hagley, Leominster East</p>
<p><span class="mgLabel">Lead officer: </span>Darryl Freeman</p>
<p><span class="mgLabel">Scrutiny chair consulted: </span>No</p>
<h3 class="mgSubSubTitleTxt">Purpose:</h3>
<div class="mgWordPara"><p class="MsoNormal">To approve the improvement plan.</p></div>
<h3 class="mgSubSubTitleTxt">Decision:</h3>
<div class="mgWordPara"><div class="WordSection1">
<p class="MsoNormal">That:</p>
<p class="MsoNormal">(a) the plan be approved;</p>
<p class="MsoNormal">(b) progress be reported in
June 2023.</p></div></div>
<h3 class="mgSubSubTitleTxt">Reasons for the decision:</h3>
<div class="mgWordPara"><p>Ofsted found services inadequate.</p></div>
<h3 class="mgSubSubTitleTxt">Alternative options considered:</h3>
<div class="mgWordPara"><p>None: the council must respond.</p></div>
<p><span class="mgLabel">Publication date: </span>21&#47;12&#47;2022</p>
<p><span class="mgLabel">Date of decision: </span>15 December 2022</p>
<p><span class="mgLabel">Effective from: </span>05&#47;01&#47;2023</p>
<p class="mgLabel">Accompanying Documents:</p>
<ul class="mgBulletList">
<li><a href="documents/s1/Decision notice.pdf">Decision notice
<span class="mgFileSize">PDF 90 KB</span></a></li>
<li><a href="mgIssueHistoryHome.aspx?IId=50042913">The issue</a></li>
</ul>
</div></div>
"""


def test_a_page_whose_call_in_period_is_open() -> None:
    page = read_decision_page(CALL_IN_OPEN, url="https://councillors.herefordshire.gov.uk/x")

    assert page.title == "Children's Services Improvement Plan"
    assert page.status == "Recommendations Approved (subject to call-in)"
    assert page.key_decision_reason == "Significant effect on communities in two or more wards;"
    assert page.call_in_deadline == date(2023, 1, 4)
    assert page.in_force_if_not_called_in == date(2023, 1, 5)
    assert page.effective_from == date(2023, 1, 5)
    assert page.call_in_count == 0
    assert page.wards == ("Bromyard Bringsty", "Hagley", "Leominster East")
    assert page.lead_officer == "Darryl Freeman"
    assert page.decision_date == date(2022, 12, 15)  # written out, not dd/mm/yyyy
    assert page.purpose == "To approve the improvement plan."
    assert page.decision == (
        "That:\n\n(a) the plan be approved;\n\n(b) progress be reported in June 2023."
    )
    assert page.reasons == "Ofsted found services inadequate."
    assert page.alternatives == "None: the council must respond."
    assert page.reference == "I50042913"
    assert [d.title for d in page.documents] == ["Decision notice"]  # not the issue link
    assert page.documents[0].url.endswith("/documents/s1/Decision%20notice.pdf")
    # A label it does not know is kept, not dropped.
    assert page.other_fields == (("Scrutiny chair consulted", "No"),)


def test_other_wordings_of_the_labels() -> None:
    page = read_decision_page(
        CALL_IN_OPEN.replace("Is Key decision?:", "Key decision:")
        .replace("Is subject to call in?:", "Is subject to call-in?")
        .replace("Date of decision:", "Decision date:")
        .replace("Reasons for the decision:", "Reasons for decision:")
    )
    assert (page.is_key_decision, page.subject_to_call_in) == (True, True)
    assert page.decision_date == date(2022, 12, 15)
    assert page.reasons == "Ofsted found services inadequate."


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<html><body><h1>Sorry, an error occurred</h1></body></html>", "no div#modgov"),
        (
            '<div id="modgov"><h1 class="mgMainTitleTxt">Meeting details</h1></div>',
            'not a decision page: it is "Meeting details"',
        ),
        (
            '<div id="modgov"><h1 class="mgMainTitleTxt">Decision details</h1>'
            '<h2 class="newTitle">Renamed class</h2></div>',
            "template may have changed",
        ),
        ("", "no div#modgov"),
    ],
    ids=["an error page", "a meeting page", "a changed template", "an empty body"],
)
def test_a_page_that_is_not_a_readable_decision_page_is_refused(html: str, problem: str) -> None:
    with pytest.raises(NoticeParseError, match=problem):
        read_decision_page(html)


def test_a_field_that_is_not_what_it_says_names_the_field() -> None:
    with pytest.raises(NoticeParseError, match='publication date "soon" is not a date') as error:
        read_decision_page(CALL_IN_OPEN.replace("21&#47;12&#47;2022", "soon"))
    assert error.value.field == "publication_date"
    with pytest.raises(NoticeParseError, match='is key decision "Maybe" is not Yes or No'):
        read_decision_page(
            CALL_IN_OPEN.replace("Is Key decision?: </span>Yes", "Is Key decision?: </span>Maybe")
        )


def test_a_truncated_page_still_reads_what_arrived() -> None:
    cut = CALL_IN_OPEN[: CALL_IN_OPEN.index('<h3 class="mgSubSubTitleTxt">Reasons')]
    page = read_decision_page(cut)
    assert page.title == "Children's Services Improvement Plan"
    assert page.reasons == "" and page.publication_date is None


def test_the_list_of_published_decisions() -> None:
    url = SITE + "mgDelegatedDecisions.aspx?DS=2&DR=01%2f04%2f2025-30%2f11%2f2025"
    rows = read_decision_list(listed("lgsf_kirklees_decisions_list.html"), url=url)

    assert [(r.decision_id, r.published, r.effective_from, r.call_ins) for r in rows] == [
        (13567, date(2025, 4, 1), date(2025, 4, 1), "Not for call-in"),
        (13149, date(2025, 11, 3), date(2025, 11, 3), "Not for call-in"),
    ]  # the issue-history row is not a decision
    assert rows[0].title.startswith("Settlement Agreement with Network Rail")
    assert rows[0].title.endswith("Railway Street, Huddersfield")  # without " ref: 13567"
    assert rows[1].url == SITE + "ieDecisionDetails.aspx?ID=13149"


def test_the_officer_decision_list_has_two_columns() -> None:
    rows = read_decision_list(listed("lgsf_kirklees_officer_decisions_list.html"))
    assert [(r.decision_id, r.title, r.published, r.effective_from) for r in rows] == [
        (13149, "Admission of the Public", date(2025, 11, 3), None)
    ]


def test_a_list_in_another_councils_table_and_headings_reads_the_same() -> None:
    real = listed("lgsf_kirklees_decisions_list.html")
    renamed = real.replace('class="mgTabTable tablesorter"', 'class="decisions"').replace(
        "scope='col'>Date<", "scope='col'>Date published<"
    )
    assert 'class="mgTabTable' not in renamed and ">Date published<" in renamed

    rows = read_decision_list(renamed)

    assert [(r.decision_id, r.published) for r in rows] == [
        (13567, date(2025, 4, 1)),
        (13149, date(2025, 11, 3)),
    ]


def test_a_list_linking_decisions_outside_any_table_is_a_changed_template() -> None:
    page = (
        '<div id="modgov"><ul><li><a href="ieDecisionDetails.aspx?ID=7">A decision</a></li>'
        "</ul></div>"
    )
    with pytest.raises(NoticeParseError, match="outside any table: its template has changed"):
        read_decision_list(page, url="http://x/mgDelegatedDecisions.aspx")


def test_a_list_with_nothing_in_its_range_is_empty_and_an_error_page_is_refused() -> None:
    empty = '<div id="modgov"><p>There are no decisions in this date range.</p></div>'
    assert read_decision_list(empty) == []
    with pytest.raises(NoticeParseError, match="not a ModernGov list"):
        read_decision_list("<html><body><p>Service unavailable</p></body></html>")


@pytest.mark.parametrize(
    "page",
    [
        # A council's own error page, laid out with a table: not "nothing published".
        "<html><body><table><tr><td>Sorry, the service is unavailable</td></tr></table>"
        "</body></html>",
        # The list's table with the content block gone: the template has changed.
        fixture("lgsf_kirklees_decisions_list.html"),
    ],
    ids=["error-page-with-a-table", "table-outside-div-modgov"],
)
def test_a_page_without_the_content_block_is_refused_naming_its_url(page: str) -> None:
    url = SITE + "mgDelegatedDecisions.aspx?DS=2&DR=01%2f04%2f2025-30%2f06%2f2025"
    with pytest.raises(NoticeParseError) as raised:
        read_decision_list(page, url=url)
    assert str(raised.value) == (
        f"the page {url} is not a ModernGov list of decisions: it has no div#modgov block"
    )
