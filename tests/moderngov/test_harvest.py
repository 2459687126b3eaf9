"""decisions.moderngov.harvest: one site walked end to end against a fake ModernGov site
built from the real Kirklees markup, faults included, and the rules that plan the walk."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from decisions.moderngov.fetch import HostClock, PoliteFetcher, Politeness
from decisions.moderngov.harvest import (
    HarvestedDecision,
    HarvestFault,
    _site,
    harvest_site,
    is_settled,
    month_slices,
    published_list_url,
)
from decisions.parsing.moderngov import read_decision_page
from tests.fakes.moderngov_site import Answer, fake_site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "moderngov"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def list_path(start: date, end: date) -> str:
    return "/" + published_list_url("http://x/", start, end).split("/", 3)[3]


def a_list(*rows: tuple[int, str]) -> str:
    body = "".join(
        f'<tr><td class="mgMainTxt"><a href="ieDecisionDetails.aspx?ID={n}">{title}'
        f'<span class="mgHide"> ref&#58; {n}</span></a></td>'
        '<td class="mgMainTxt">01&#47;05&#47;2025</td><td class="mgMainTxt">01&#47;05&#47;2025'
        '</td><td class="mgMainTxt">Not for call-in</td></tr>'
        for n, title in rows
    )
    return (
        '<div id="modgov"><table class="mgTabTable"><thead><tr><th>Title</th><th>Date</th>'
        f"<th>Effective from</th><th>Call-ins</th></tr></thead><tbody>{body}</tbody></table></div>"
    )


def test_it_walks_the_lists_pages_and_documents_and_reports_each_fault() -> None:
    with fake_site() as site:
        q1, q2, q3 = month_slices(date(2025, 1, 1), date(2025, 9, 30))
        site.serve(
            list_path(*q1),
            f'<div id="modgov">{fixture("lgsf_kirklees_decisions_list.html")}</div>',
        )
        site.serve(
            list_path(*q2),
            a_list((13149, "Admission of the Public"), (20001, "Gone"), (20002, "Changed")),
        )
        site.serve(list_path(*q3), Answer("busy", status=503))
        site.serve(
            "/ieDecisionDetails.aspx?ID=13567", fixture("lgsf_kirklees_decision_detail.html")
        )
        site.serve(
            "/ieDecisionDetails.aspx?ID=13149",
            fixture("lgsf_kirklees_decision_multi_paragraph.html"),
        )
        site.serve(
            "/ieDecisionDetails.aspx?ID=20001",
            Answer("", status=302, headers=(("Location", "/mgError.aspx"),)),
        )
        site.serve("/mgError.aspx", "<html><body>Sorry, an error occurred</body></html>")
        site.serve(
            "/ieDecisionDetails.aspx?ID=20002",
            '<div id="modgov"><h1 class="mgMainTitleTxt">Decision details</h1>'
            '<h2 class="brandNewTitle">A new template</h2></div>',
        )
        site.serve("/documents/s7942/polc2%20-%2023.09.2015.pdf", Answer(b"%PDF-1.7 minutes"))
        fetcher = PoliteFetcher(
            Politeness(user_agent="test", interval=0.01, backoff=(0.01,)), clock=HostClock()
        )

        results = list(
            harvest_site(
                site.base_url + "/", fetcher, since=date(2025, 1, 1), until=date(2025, 9, 30)
            )
        )

    harvested = [r for r in results if isinstance(r, HarvestedDecision)]
    faults = [r for r in results if isinstance(r, HarvestFault)]
    assert [h.listed.decision_id for h in harvested] == [13567, 13149]  # 13149 once
    minutes = harvested[0]
    assert minutes.decision.title == "Minutes of Previous Meeting"
    assert minutes.decision.reference == "I6535"
    assert [(d.title, f.body) for d, f in minutes.documents] == [
        ("polc2 - 23.09.2015", b"%PDF-1.7 minutes")
    ]
    assert minutes.page.sha256 and minutes.page.status == 200  # kept for provenance
    assert harvested[1].decision.decision_date == date(2021, 7, 27)
    problems = {fault.url.rsplit("/", 1)[1]: fault.problem for fault in faults}
    assert "another page instead" in problems["ieDecisionDetails.aspx?ID=20001"]
    assert "template may have changed" in problems["ieDecisionDetails.aspx?ID=20002"]
    assert "answered 503" in problems[list_path(*q3).lstrip("/")]
    assert len(faults) == 3
    assert len(site.requests_for("/ieDecisionDetails.aspx?ID=13149")) == 1


def test_a_document_that_cannot_be_fetched_leaves_the_decision_without_it() -> None:
    with fake_site() as site:
        (q1,) = month_slices(date(2025, 1, 1), date(2025, 3, 31))
        site.serve(list_path(*q1), a_list((13567, "Minutes")))
        site.serve(
            "/ieDecisionDetails.aspx?ID=13567", fixture("lgsf_kirklees_decision_detail.html")
        )
        fetcher = PoliteFetcher(Politeness(user_agent="t", interval=0.01), clock=HostClock())
        results = list(
            harvest_site(site.base_url, fetcher, since=date(2025, 1, 1), until=date(2025, 3, 31))
        )
    fault, decision = results
    assert isinstance(fault, HarvestFault) and "answered 404" in fault.problem
    assert isinstance(decision, HarvestedDecision) and decision.documents == ()


def test_what_the_caller_holds_settled_is_not_fetched() -> None:
    with fake_site() as site:
        (q1,) = month_slices(date(2025, 1, 1), date(2025, 3, 31))
        site.serve(list_path(*q1), a_list((1, "Settled"), (2, "Open")))
        site.serve(
            "/ieDecisionDetails.aspx?ID=2", fixture("lgsf_kirklees_decision_multi_paragraph.html")
        )
        fetcher = PoliteFetcher(Politeness(user_agent="t", interval=0.01), clock=HostClock())
        results = list(
            harvest_site(
                site.base_url,
                fetcher,
                since=date(2025, 1, 1),
                until=date(2025, 3, 31),
                skip=lambda decision_id: decision_id == 1,
            )
        )
        assert [r.listed.decision_id for r in results] == [2]
        assert site.requests_for("/ieDecisionDetails.aspx?ID=1") == []


def test_month_slices_cover_the_range_in_whole_months_after_the_first() -> None:
    assert month_slices(date(2025, 2, 15), date(2025, 9, 3)) == [
        (date(2025, 2, 15), date(2025, 4, 30)),
        (date(2025, 5, 1), date(2025, 7, 31)),
        (date(2025, 8, 1), date(2025, 9, 3)),
    ]
    assert month_slices(date(2024, 11, 1), date(2025, 1, 31), months=1) == [
        (date(2024, 11, 1), date(2024, 11, 30)),
        (date(2024, 12, 1), date(2024, 12, 31)),
        (date(2025, 1, 1), date(2025, 1, 31)),
    ]
    assert month_slices(date(2025, 2, 1), date(2025, 1, 1)) == []


def test_the_list_url_writes_dates_day_first_with_encoded_slashes() -> None:
    url = published_list_url(
        "https://democracy.kirklees.gov.uk", date(2025, 4, 1), date(2025, 6, 30)
    )
    assert url == (
        "https://democracy.kirklees.gov.uk/mgDelegatedDecisions.aspx?DS=2&DR=01%2f04%2f2025-30%2f06%2f2025"
    )


@pytest.mark.parametrize(
    ("base", "site"),
    [
        ("https://a.gov.uk", "https://a.gov.uk/"),
        ("https://a.gov.uk/", "https://a.gov.uk/"),
        ("https://a.gov.uk/moderngov", "https://a.gov.uk/moderngov/"),
        ("https://a.gov.uk/moderngov/mgWhatsNew.aspx?bcr=1", "https://a.gov.uk/moderngov/"),
    ],
)
def test_a_base_url_may_be_the_site_its_folder_or_a_page(base: str, site: str) -> None:
    assert _site(base) == site


def test_a_decision_is_settled_once_final_closed_and_old() -> None:
    page = read_decision_page(fixture("lgsf_kirklees_decision_detail.html"))  # published 2015
    assert is_settled(page, date(2026, 12, 3))
    assert not is_settled(page, date(2015, 11, 1))  # published ten days before
    open_call_in = replace(page, status="Recommendations Approved (subject to call-in)")
    assert not is_settled(open_call_in, date(2026, 12, 3))
    deadline_ahead = replace(page, call_in_deadline=date(2027, 1, 1))
    assert not is_settled(deadline_ahead, date(2026, 12, 3))
    no_status = replace(page, status="")
    assert not is_settled(no_status, date(2026, 12, 3))
