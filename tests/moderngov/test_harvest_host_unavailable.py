"""A host that cannot be asked for now (a Retry-After too long to wait, or a robots.txt
that cannot be had) is not a fault of one URL to go on from: the walk stops, the fault is
reported with its URL, and the run is left unfinished, to resume at the slice it was in."""

from __future__ import annotations

from datetime import date

from decisions.models import Decision
from decisions.moderngov.models import HarvestRun
from decisions.moderngov.runner import harvest_council
from tests.fakes.kirklees_site import FakeDecision, decision_page
from tests.fakes.moderngov_site import Answer
from tests.moderngov.conftest import SINCE, UNTIL, quick_fetcher


def decision(page_id: int, published: date) -> FakeDecision:
    return FakeDecision(
        page_id=page_id,
        issue_id=50080000 + page_id,
        title=f"Decision {page_id}",
        published=published,
        decided=published,
    )


# One decision in each of the three slices (Oct-Dec 2022, Jan-Mar 2023, Apr-Jun 2023).
FIRST, SECOND, THIRD = (
    decision(1, date(2022, 11, 1)),
    decision(2, date(2023, 2, 1)),
    decision(3, date(2023, 5, 1)),
)
HOUR_AWAY = Answer("slow down", status=429, headers=(("Retry-After", "3600"),))


def test_it_stops_at_a_long_retry_after_and_resumes_there_next_run(kirklees) -> None:
    kirklees.serve([FIRST, SECOND, THIRD])
    page = "/" + SECOND.path
    kirklees.site.serve(page, HOUR_AWAY, Answer(decision_page(SECOND)))

    report = harvest_council(kirklees.council, since=SINCE, today=UNTIL, fetcher=quick_fetcher())

    # Nothing was asked after the 429: not the page's issue, not the third slice's list.
    assert kirklees.site.log[-1].path == page
    assert len(kirklees.site.requests_for(page)) == 1
    assert [(f.url.rsplit("/", 1)[1], f.problem[:37]) for f in report.faults] == [
        ("ieDecisionDetails.aspx?ID=2", "the server asks to wait 3600 s (Retry")
    ]
    assert "unfinished" in report.line()
    run = HarvestRun.objects.get()
    assert run.finished_at is None
    assert run.resume_from == date(2023, 1, 1)  # the slice it was in
    assert run.faults == [{"url": report.faults[0].url, "problem": report.faults[0].problem}]
    assert list(Decision.objects.values_list("reference", flat=True)) == ["I50080001"]

    # The next run (the hour past: a new clock) resumes at that slice and finishes.
    kirklees.site.log.clear()
    second = harvest_council(kirklees.council, since=SINCE, today=UNTIL, fetcher=quick_fetcher())

    assert second.faults == [] and second.counts == {"created": 2}
    assert kirklees.site.requests_for("/" + FIRST.path) == []
    run = HarvestRun.objects.get()
    assert run.finished_at is not None
    assert Decision.objects.count() == 3


def test_it_stops_when_robots_txt_cannot_be_had(kirklees) -> None:
    kirklees.serve([FIRST, SECOND, THIRD])
    kirklees.site.serve("/robots.txt", Answer("down", status=503))

    report = harvest_council(kirklees.council, since=SINCE, today=UNTIL, fetcher=quick_fetcher())

    assert [entry.path for entry in kirklees.site.log] == ["/robots.txt"] * 3  # with 2 retries
    assert len(report.faults) == 1
    assert "mgDelegatedDecisions.aspx" in report.faults[0].url
    assert "robots.txt of 127.0.0.1" in report.faults[0].problem
    run = HarvestRun.objects.get()
    assert (run.finished_at, run.resume_from) == (None, SINCE)
    assert not Decision.objects.exists()
