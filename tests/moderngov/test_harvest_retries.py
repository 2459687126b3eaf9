"""What a harvest could not get is got later, and nothing outside the council's own site
stops it: a decision page that failed is asked for again (even once it has left the daily
window); a page that links no issue is kept; a document on a host that cannot be asked, or
sent as an error page, is that document's fault; a statement that cannot be imported is
said; a long wait for a turn keeps the council's lease."""

from __future__ import annotations

import re
import socket
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from decisions.importing.writer import ImportResult
from decisions.models import Decision
from decisions.moderngov import runner, services
from decisions.moderngov.claims import LeaseLost, take_lease
from decisions.moderngov.fetch import HostClock
from decisions.moderngov.models import (
    FieldSource,
    HarvestLease,
    HarvestRun,
    ModernGovDocument,
    ModernGovRecord,
    PendingPage,
)
from decisions.moderngov.runner import harvest_council
from decisions.parsing.moderngov import read_decision_list
from tests.fakes.kirklees_site import (
    FakeDecision,
    FakeDocument,
    decision_list,
    decision_page,
    serve_lists,
)
from tests.fakes.moderngov_site import Answer
from tests.moderngov.conftest import (
    SINCE,
    UNTIL,
    ofsted,
    quick_fetcher,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "moderngov"
BUSY = Answer("busy", status=503)


def decision(page_id: int, published: date, **changes) -> FakeDecision:
    values = {
        "page_id": page_id,
        "issue_id": 50090000 + page_id,
        "title": f"Decision {page_id}",
        "published": published,
        "decided": published,
    }
    return FakeDecision(**(values | changes))


def harvest(kirklees, **options):
    options = {"since": SINCE, "today": UNTIL, "fetcher": quick_fetcher()} | options
    return harvest_council(kirklees.council, **options)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_page_that_failed_is_asked_for_again_after_it_left_the_daily_window(kirklees) -> None:
    old, new = decision(7, date(2022, 11, 1)), decision(8, date(2023, 6, 1))
    kirklees.serve([old, new])
    kirklees.site.serve("/" + old.path, BUSY, BUSY, BUSY, Answer(decision_page(old)))

    first = harvest(kirklees)

    assert first.counts == {"created": 1} and first.failed
    pending = PendingPage.objects.get()
    assert (pending.page_id, pending.tries, pending.published_on) == (7, 1, old.published)
    assert "503" in pending.problem and pending.url.endswith(old.path)
    assert HarvestRun.objects.get().finished_at is not None  # its lists were all read
    # The next day's run lists only the last 120 days: the page is asked for by its address.
    later = date(2023, 7, 2)
    serve_lists(kirklees.site, [new], since=later - runner.DAILY_WINDOW, until=later)
    PendingPage.objects.update(next_try_at=timezone.now() - timedelta(minutes=1))
    kirklees.site.log.clear()

    second = harvest(kirklees, since=None, today=later)

    assert second.counts == {"created": 1, "unchanged": 1} and not second.failed
    assert Decision.objects.filter(reference="I50090007").exists()
    assert not PendingPage.objects.exists()
    assert sum(e.path == "/" + old.path for e in kirklees.site.log) == 1


def test_a_page_that_keeps_failing_is_tried_daily_then_weekly(kirklees) -> None:
    broken = decision(7, date(2023, 6, 1))
    kirklees.serve([broken])
    kirklees.site.serve("/" + broken.path, Answer("<html>Sorry, an error occurred</html>"))
    for _ in range(runner.RETRY_FAILED_TRIES):
        PendingPage.objects.update(next_try_at=timezone.now() - timedelta(minutes=1))
        assert harvest(kirklees).failed
    pending = PendingPage.objects.get()
    assert pending.tries == runner.RETRY_FAILED_TRIES
    assert pending.problem == "the page is not a ModernGov page: it has no div#modgov block"
    wait = pending.next_try_at - timezone.now()
    assert runner.STRAGGLER_EVERY - timedelta(minutes=1) < wait <= runner.STRAGGLER_EVERY
    # Not due: a run that does not list it does not ask for it.
    serve_lists(kirklees.site, [], since=SINCE, until=UNTIL)
    kirklees.site.log.clear()
    harvest(kirklees)
    assert not any(broken.path in e.path for e in kirklees.site.log)


def test_a_document_on_a_host_that_cannot_be_asked_is_its_fault_alone(kirklees) -> None:
    dead = f"http://127.0.0.1:{closed_port()}/documents/report.pdf"
    first = decision(1, date(2022, 11, 1), documents=[FakeDocument("Report", dead, b"%PDF-")])
    second = decision(2, date(2023, 2, 1))
    kirklees.serve([first, second])

    report = harvest(kirklees)

    assert report.counts == {"created": 2} and report.stopped == ""
    assert [fault.url for fault in report.faults] == [dead]
    assert "robots.txt" in report.faults[0].problem
    assert ModernGovRecord.objects.get(page_id=1).unfetched == [dead]
    assert HarvestRun.objects.get().finished_at is not None


def test_a_document_sent_as_an_error_page_is_a_fault_and_asked_for_again(kirklees) -> None:
    document = FakeDocument(
        "Report",
        "documents/s1/report.pdf",
        b"%PDF-",
        answer=Answer("", status=302, headers=(("Location", "/mgError.aspx"),)),
    )
    kirklees.serve([decision(1, date(2022, 11, 1), documents=[document])])
    kirklees.site.serve("/mgError.aspx", Answer("<html>Sorry, an error occurred</html>"))

    report = harvest(kirklees)

    assert len(report.faults) == 1 and "another page instead" in report.faults[0].problem
    kept = ModernGovDocument.objects.get()
    assert kept.resource is None
    assert ModernGovRecord.objects.get().unfetched == [kept.url]


def test_a_page_that_links_no_issue_is_kept_as_a_record_of_its_own(kirklees) -> None:
    # The real Kirklees officer decision links no issue: no reference to file it under.
    listed = decision(1, date(2022, 11, 1))
    kirklees.serve([listed])
    body = (FIXTURES / "lgsf_kirklees_decision_multi_paragraph.html").read_bytes()
    kirklees.site.serve("/" + listed.path, Answer(body))
    lines: list[str] = []

    first = harvest(kirklees, on_line=lines.append)

    assert first.counts == {"unjoined": 1} and not first.failed and first.faults == []
    record = ModernGovRecord.objects.get()
    assert record.decision is None and record.issue_id is None
    assert record.page_fetch.content.data == body
    assert list(record.status_changes.values_list("status", flat=True)) == [record.status]
    assert any("links no issue" in line for line in lines)
    assert not Decision.objects.exists() and not PendingPage.objects.exists()

    second = harvest(kirklees)
    assert second.counts == {"unchanged": 1} and not second.failed


def test_a_statement_that_cannot_be_imported_is_said_and_asked_for_again(
    kirklees, monkeypatch
) -> None:
    kirklees.serve([ofsted()])
    real = services.import_notice

    def refuse_statements(notice, **options):
        if options["source_path"].endswith(".pdf"):
            return ImportResult(
                "failed", options["source_path"], notice.reference, "another council's reference"
            )
        return real(notice, **options)

    monkeypatch.setattr(services, "import_notice", refuse_statements)

    report = harvest(kirklees)

    statement_url = next(
        d.url for d in ModernGovDocument.objects.all() if d.url.endswith("notice.pdf")
    )
    assert [fault.url for fault in report.faults] == [statement_url]
    assert report.faults[0].problem.endswith("could not be imported: another council's reference")
    record = ModernGovRecord.objects.get()
    assert record.unfetched == [statement_url]
    assert record.decision.source_format == "moderngov"


def test_a_page_silent_on_key_decision_records_no_answer_for_it(kirklees) -> None:
    page = decision(1, date(2022, 11, 1))
    kirklees.serve([page])
    body = re.sub(r"<p>[^<]*<span[^>]*>Is Key decision\?: </span>No</p>", "", decision_page(page))
    assert "Key decision" not in body
    kirklees.site.serve("/" + page.path, Answer(body))

    harvest(kirklees)

    assert FieldSource.objects.get(field="is_key_decision", source="page").value == ""


def test_digits_the_parser_cannot_count_are_no_decision_id() -> None:
    row = decision(1, date(2022, 11, 1))
    html = decision_list([row]).replace(f"ID={row.page_id}", "ID=1²")
    assert read_decision_list(html, url="http://x/") == []


def test_a_long_wait_for_a_turn_keeps_the_lease(kirklees) -> None:
    assert take_lease(kirklees.council, "me") is None
    HarvestLease.objects.update(expires_at=timezone.now())  # about to run out
    before = HarvestLease.objects.get().expires_at
    now = [1000.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    fetcher = quick_fetcher()
    fetcher.clock = HostClock(now=lambda: now[0], sleep=sleep)
    leased = runner.LeasedFetcher(fetcher, kirklees.council, "me", sleep=sleep)
    kirklees.site.serve("/" + ofsted().path, Answer(decision_page(ofsted())))
    fetcher.clock.hold_off(kirklees.site.base_url[7:], 500.0)

    assert leased.get(kirklees.site.base_url + "/" + ofsted().path).status == 200

    # Waited in steps of at most RENEW_EVERY, the lease renewed between them.
    assert 499.0 <= sum(slept) <= 501.0
    assert max(slept) <= runner.RENEW_EVERY.total_seconds() and len(slept) >= 8
    assert HarvestLease.objects.get().expires_at > before + timedelta(minutes=10)


def test_a_lost_lease_stops_a_long_wait_for_a_turn(kirklees) -> None:
    assert take_lease(kirklees.council, "me") is None
    now = [1000.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds
        HarvestLease.objects.update(owner="worker-2:77")  # another harvest took it meanwhile

    fetcher = quick_fetcher()
    fetcher.clock = HostClock(now=lambda: now[0], sleep=sleep)
    leased = runner.LeasedFetcher(fetcher, kirklees.council, "me", sleep=sleep)
    page = kirklees.site.base_url + "/" + ofsted().path
    kirklees.site.serve("/" + ofsted().path, Answer(decision_page(ofsted())))
    leased.get(page)  # robots.txt read, the lease renewed, a turn taken
    fetcher.clock.hold_off(kirklees.site.base_url[7:], 300.0)
    kirklees.site.log.clear()

    with pytest.raises(LeaseLost):
        leased.get(page)
    assert kirklees.site.log == []


def test_the_pages_to_ask_for_again_are_listed_in_the_admin(kirklees, admin_client) -> None:
    broken = decision(7, date(2023, 6, 1))
    kirklees.serve([broken])
    kirklees.site.serve("/" + broken.path, Answer("<b>Sorry</b>"))
    harvest(kirklees)

    listing = admin_client.get("/admin/moderngov/pendingpage/")
    assert listing.status_code == 200
    assert "it has no div#modgov block" in listing.content.decode()
    page = admin_client.get(f"/admin/moderngov/pendingpage/{PendingPage.objects.get().pk}/change/")
    assert page.status_code == 200 and broken.path in page.content.decode()
    assert admin_client.get("/admin/moderngov/pendingpage/add/").status_code == 403
