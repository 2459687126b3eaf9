"""Faults never stop a harvest: each is reported with its URL and the rest goes on; and the
per-host limit holds across two concurrent harvests of councils that share a host,
measured from the server's log of request times."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from decisions.models import Council, Decision
from decisions.moderngov.claims import DatabaseHostClock
from decisions.moderngov.fetch import PoliteFetcher, Politeness
from decisions.moderngov.runner import harvest_council
from tests.fakes.kirklees_site import FakeDecision, FakeDocument, serve_council
from tests.fakes.moderngov_site import Answer, fake_site
from tests.moderngov.conftest import AGENT, SINCE, UNTIL, improvement_plan, quick_fetcher, roads


def broken(page_id: int, **changes) -> FakeDecision:
    values = {
        "page_id": page_id,
        "issue_id": 50070000 + page_id,
        "title": f"Decision {page_id}",
        "published": date(2023, 3, 1),
        "decided": date(2023, 2, 28),
    }
    return FakeDecision(**(values | changes))


def test_every_fault_is_reported_with_its_url_and_the_rest_goes_on(kirklees) -> None:
    not_a_decision = '<div id="modgov"><h1 class="mgMainTitleTxt">Meeting attendance</h1></div>'
    changed_template = "<html><body><div id='content'><h2>A new look</h2></div></body></html>"
    decisions = [
        roads(),
        improvement_plan(),
        broken(1, answer=Answer(not_a_decision)),
        broken(2, answer=Answer(changed_template)),
        broken(3, answer=Answer("", status=302, headers=(("Location", "/mgError.aspx"),))),
        broken(4, answer=Answer("x" * 5000, cut_at=1000)),
        broken(5, answer=Answer("late", delay=1.0)),
        broken(
            6,
            documents=[
                FakeDocument("Huge appendix", "documents/s9/huge.pdf", b"%PDF-" + b"0" * 6000)
            ],
        ),
    ]
    kirklees.site.serve("/mgError.aspx", "<html><body>Sorry, an error occurred</body></html>")
    # The first list answers 429 with a Retry-After, the second 503 once: both retried.
    kirklees.serve(
        decisions,
        list_answers={
            0: Answer("slow down", status=429, headers=(("Retry-After", "0"),)),
            1: Answer("busy", status=503),
        },
    )

    report = harvest_council(
        kirklees.council,
        since=SINCE,
        today=UNTIL,
        fetcher=quick_fetcher(timeout=0.3, backoff=(0.01,), max_bytes=5000),
    )

    problems = {fault.url.rsplit("/", 1)[1]: fault.problem for fault in report.faults}
    assert "not a decision page" in problems["ieDecisionDetails.aspx?ID=1"]
    assert "no div#modgov" in problems["ieDecisionDetails.aspx?ID=2"]
    assert "another page instead" in problems["ieDecisionDetails.aspx?ID=3"]
    assert "cut short (1,000 of 5000 bytes)" in problems["ieDecisionDetails.aspx?ID=4"]
    assert "timed out after 0.3 s" in problems["ieDecisionDetails.aspx?ID=5"]
    assert "the limit is 5,000" in problems["huge.pdf"]
    assert len(report.faults) == 6
    # The rest went on: the good pages, and the page whose document was too big.
    assert set(Decision.objects.values_list("reference", flat=True)) == {
        "I50060001",
        "I50052101",
        "I50070006",
    }
    assert report.counts == {"created": 3}


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_harvests_on_one_host_keep_to_its_interval() -> None:
    interval = 0.15
    with fake_site() as site:
        councils = []
        for slug, prefix, first in (("east", "/east/", 30000), ("west", "/west/", 40000)):
            councils.append(
                Council.objects.create(
                    name=slug.title(), slug=slug, moderngov_url=site.base_url + prefix
                )
            )
            serve_council(
                site,
                [broken(first + n, published=date(2023, 1 + n, 5)) for n in range(3)],
                since=SINCE,
                until=UNTIL,
                prefix=prefix,
            )
        errors: list[BaseException] = []

        def run(council: Council) -> None:
            try:
                fetcher = PoliteFetcher(
                    Politeness(user_agent=AGENT, interval=interval, timeout=5.0),
                    clock=DatabaseHostClock(),  # each its own: they share the database's
                )
                harvest_council(council, since=SINCE, today=UNTIL, fetcher=fetcher)
            except BaseException as error:  # noqa: BLE001 (reported below)
                errors.append(error)

        threads = [threading.Thread(target=run, args=(c,)) for c in councils]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert Decision.objects.count() == 6
    arrivals = sorted(entry.at for entry in site.log)
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:], strict=False)]
    assert len(arrivals) >= 2 * (3 + 3 + 3) + 1  # lists, pages and issue pages of both
    assert min(gaps) >= interval - 0.03
