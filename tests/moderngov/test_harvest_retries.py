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

from decisions.alerts.models import ChangeEvent
from decisions.importing.writer import ImportResult
from decisions.models import Decision
from decisions.moderngov import runner, services
from decisions.moderngov.claims import LeaseLost, take_lease
from decisions.moderngov.fetch import HostClock, host_of
from decisions.moderngov.models import (
    FieldSource,
    HarvestLease,
    HarvestRun,
    ModernGovDocument,
    ModernGovRecord,
    PendingPage,
)
from decisions.moderngov.runner import harvest_council
from decisions.parsing import NoticeParseError
from decisions.parsing.moderngov import read_decision_list
from tests.fakes.clock import FakeTime
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
    STATEMENT_PDF,
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

    assert len(report.faults) == 1 and "a web page instead" in report.faults[0].problem
    kept = ModernGovDocument.objects.get()
    assert kept.resource is None
    assert ModernGovRecord.objects.get().unfetched == [kept.url]


def test_a_document_redirected_to_where_it_is_stored_is_kept(kirklees) -> None:
    stored = kirklees.site.base_url + "/blobs/report-1234.pdf"
    document = FakeDocument(
        "Report",
        "documents/s1/report.pdf",
        b"%PDF-",
        answer=Answer("", status=302, headers=(("Location", stored),)),
    )
    kirklees.serve([decision(1, date(2022, 11, 1), documents=[document])])
    kirklees.site.serve(
        "/blobs/report-1234.pdf",
        Answer(STATEMENT_PDF, headers=(("Content-Type", "application/pdf"),)),
    )

    report = harvest(kirklees)

    assert report.faults == []
    kept = ModernGovDocument.objects.get()
    assert kept.resource.final_url == stored and kept.resource.content.data == STATEMENT_PDF


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


def test_a_statement_that_cannot_be_imported_is_said_and_tried_when_the_page_changes(
    kirklees, monkeypatch
) -> None:
    kirklees.serve([ofsted(status="Recommendations Approved (subject to call-in)")])
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
    assert record.unfetched == [] and record.decision.source_format == "moderngov"
    # The same bytes would fail the same way: the page unchanged, nothing is asked again,
    # and the decision is not "changed" run after run (no alert hears of it).
    kirklees.site.log.clear()
    events = ChangeEvent.objects.count()
    assert harvest(kirklees).counts == {"unchanged": 1}
    assert not any(e.path.endswith("notice.pdf") for e in kirklees.site.log)
    assert ChangeEvent.objects.count() == events


def test_a_page_silent_on_key_decision_records_no_answer_for_it(kirklees) -> None:
    page = decision(1, date(2022, 11, 1))
    kirklees.serve([page])
    body = re.sub(r"<p>[^<]*<span[^>]*>Is Key decision\?: </span>No</p>", "", decision_page(page))
    assert "Key decision" not in body
    kirklees.site.serve("/" + page.path, Answer(body))

    harvest(kirklees)

    assert FieldSource.objects.get(field="is_key_decision", source="page").value == ""


def test_digits_the_parser_cannot_count_are_no_decision_id() -> None:
    bad, good = decision(1, date(2022, 11, 1)), decision(2, date(2022, 11, 2))
    html = decision_list([bad, good]).replace(f"ID={bad.page_id}", "ID=1²")
    too_big = decision_list([bad]).replace(f"ID={bad.page_id}", f"ID={2**31}")
    assert [row.decision_id for row in read_decision_list(html, url="http://x/")] == [2]
    with pytest.raises(NoticeParseError, match="no row of its table could be read"):
        read_decision_list(too_big, url="http://x/")


def test_a_long_wait_for_a_turn_keeps_the_lease(kirklees, monkeypatch) -> None:
    assert take_lease(kirklees.council, "me") is None
    HarvestLease.objects.update(expires_at=timezone.now())  # about to run out
    before = HarvestLease.objects.get().expires_at
    fake_time = FakeTime()
    slept = fake_time.slept
    renewals: list[object] = []
    real_keep = runner.keep_lease

    def keep(council, owner):
        renewals.append(HarvestLease.objects.get().expires_at)
        real_keep(council, owner)

    monkeypatch.setattr(runner, "keep_lease", keep)
    fetcher = quick_fetcher()
    fetcher.clock = HostClock(now=fake_time.now, sleep=fake_time.sleep)
    leased = runner.LeasedFetcher(fetcher, kirklees.council, "me", sleep=fake_time.sleep)
    kirklees.site.serve("/" + ofsted().path, Answer(decision_page(ofsted())))
    fetcher.clock.hold_off(kirklees.site.base_url[7:], 500.0)

    assert leased.get(kirklees.site.base_url + "/" + ofsted().path).status == 200

    # Waited in steps of at most RENEW_EVERY, the lease renewed once before the request
    # and after each step but the last (the clock's own wait, under a step, for the turn).
    assert 499.0 <= sum(slept) <= 501.0
    assert max(slept) <= runner.RENEW_EVERY.total_seconds()
    assert len(renewals) == len(slept) >= 9
    assert renewals == sorted(renewals)
    assert HarvestLease.objects.get().expires_at > before + timedelta(minutes=10)


def test_a_lost_lease_stops_a_long_wait_for_a_turn(kirklees) -> None:
    assert take_lease(kirklees.council, "me") is None
    # Another harvest takes the lease while this one waits.
    fake_time = FakeTime(on_sleep=lambda: HarvestLease.objects.update(owner="worker-2:77"))
    fetcher = quick_fetcher()
    fetcher.clock = HostClock(now=fake_time.now, sleep=fake_time.sleep)
    leased = runner.LeasedFetcher(fetcher, kirklees.council, "me", sleep=fake_time.sleep)
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


def test_a_joined_page_that_loses_its_issue_link_keeps_its_join(kirklees) -> None:
    plan = decision(1, date(2023, 6, 1), status="Recommendations Approved (subject to call-in)")
    kirklees.serve([plan])
    harvest(kirklees)
    joined = ModernGovRecord.objects.get().decision_id
    assert joined is not None
    # The council's template drops the issue link for a day.
    without = re.sub(r"<a[^>]*mgIssueHistoryHome[^>]*>.*?</a>", "", decision_page(plan))
    assert "mgIssueHistoryHome" not in without
    kirklees.site.serve("/" + plan.path, Answer(without))

    report = harvest(kirklees)

    assert (
        report.counts == {"failed": 1} and "no longer links its issue" in report.faults[0].problem
    )
    assert ModernGovRecord.objects.get().decision_id == joined
    assert PendingPage.objects.filter(page_id=1).exists()
    # Back the next day: still joined, and no longer pending.
    kirklees.site.serve("/" + plan.path, Answer(decision_page(plan)))
    assert harvest(kirklees).counts == {"unchanged": 1}
    assert ModernGovRecord.objects.get().decision_id == joined
    assert not PendingPage.objects.exists()


def test_a_page_kept_unjoined_for_want_of_an_issue_is_joined_once_it_links_one(kirklees) -> None:
    listed = decision(1, date(2023, 6, 1))
    kirklees.serve([listed])
    body = (FIXTURES / "lgsf_kirklees_decision_multi_paragraph.html").read_bytes()
    kirklees.site.serve("/" + listed.path, Answer(body))
    assert harvest(kirklees).counts == {"unjoined": 1}
    kirklees.site.serve("/" + listed.path, Answer(decision_page(listed)))

    report = harvest(kirklees)

    assert report.counts == {"updated": 1}
    record = ModernGovRecord.objects.get()
    assert record.decision.reference == f"I{listed.issue_id}"


def test_an_unavailable_host_after_the_lists_does_not_cost_the_next_run_its_window(
    kirklees,
) -> None:
    old = decision(7, date(2022, 11, 1), status="Called in")
    kirklees.serve([old])
    harvest(kirklees)
    later = date(2023, 7, 2)
    serve_lists(kirklees.site, [], since=later - runner.DAILY_WINDOW, until=later)
    ModernGovRecord.objects.update(checked_at=timezone.now() - timedelta(days=8))
    # The straggler's page asks the host to stay away an hour: the run stops there.
    kirklees.site.serve("/" + old.path, Answer("", status=429, headers=(("Retry-After", "3600"),)))

    stopped = harvest(kirklees, since=None, today=later)

    assert stopped.stopped and stopped.failed
    assert HarvestRun.objects.order_by("started_at").last().finished_at is not None
    # The next day lists the whole window again, not only the day after the last run's.
    kirklees.site.log.clear()
    following = later + timedelta(days=1)
    serve_lists(kirklees.site, [], since=following - runner.DAILY_WINDOW, until=following)
    harvest(kirklees, since=None, today=following, fetcher=quick_fetcher())
    lists = [e.path.lower() for e in kirklees.site.log if "mgDelegatedDecisions" in e.path]
    start = following - runner.DAILY_WINDOW
    assert any(f"dr={start:%d}%2f{start:%m}%2f{start:%Y}-" in path for path in lists)


def test_a_failed_old_page_waits_its_retry_though_it_is_unsettled(kirklees) -> None:
    old = decision(7, date(2022, 11, 1), status="Called in")
    kirklees.serve([old])
    harvest(kirklees)
    later = date(2023, 7, 2)
    serve_lists(kirklees.site, [], since=later - runner.DAILY_WINDOW, until=later)
    ModernGovRecord.objects.update(checked_at=timezone.now() - timedelta(days=8))
    kirklees.site.serve("/" + old.path, Answer("gone", status=404))
    harvest(kirklees, since=None, today=later)
    assert PendingPage.objects.get().next_try_at > timezone.now()
    kirklees.site.log.clear()

    harvest(kirklees, since=None, today=later)

    assert not any(old.path in e.path for e in kirklees.site.log)


def test_a_list_of_bare_rows_or_behind_another_table_is_read() -> None:
    rows = decision_list([decision(1, date(2022, 11, 1)), decision(2, date(2022, 11, 2))])
    bare = re.sub(r"</?t(?:head|body)[^>]*>", "", rows)  # html.parser adds no tbody
    assert "<tbody" not in bare and "<thead" not in bare
    behind = rows.replace(
        '<div id="modgov">',
        '<div id="modgov"><table class="mgTabTable"><tr><td>Filter</td></tr></table>',
        1,
    )
    for page in (bare, behind):
        listed = read_decision_list(page)
        assert [(r.decision_id, r.published) for r in listed] == [
            (1, date(2022, 11, 1)),
            (2, date(2022, 11, 2)),
        ]


def test_a_host_is_one_host_however_its_address_is_written() -> None:
    assert host_of("https://Democracy.Example.gov.uk.:443/a") == "democracy.example.gov.uk"
    assert host_of("http://user@democracy.example.gov.uk:80/") == "democracy.example.gov.uk"
    assert host_of("https://democracy.example.gov.uk:8443/") == "democracy.example.gov.uk:8443"
    assert host_of("http://[::1]:8080/") == "[::1]:8080"
    with pytest.raises(ValueError):
        host_of("http://example.gov.uk:99999/")
