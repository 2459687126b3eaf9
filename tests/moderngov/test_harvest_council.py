"""A council harvested end to end from a fake ModernGov site built from the real Kirklees
markup: lists over several slices, decision and issue pages, a written statement among the
documents; joined with statements imported from files in either order; a status change on
a second harvest; admin corrections kept; the lease; resume after a kill."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.utils import timezone

from decisions.corrections import record_decision_corrections
from decisions.importing.pipeline import import_sources, read_sources
from decisions.models import Council, Decision, DecisionVersion
from decisions.moderngov import runner
from decisions.moderngov.claims import take_lease
from decisions.moderngov.fetch import Fetched, PoliteFetcher
from decisions.moderngov.models import (
    FetchedResource,
    FieldSource,
    HarvestLease,
    HarvestRun,
    ModernGovRecord,
    StatusChange,
)
from decisions.moderngov.runner import harvest_council
from decisions.moderngov.selectors import differences_of
from decisions.parsing import SourceFormat
from tests.fakes.kirklees_site import FakeDocument, decision_page, list_path, serve_lists
from tests.fakes.moderngov_site import Answer
from tests.moderngov.conftest import (
    OTHER_TEXT,
    REPORT_PDF,
    SINCE,
    STATEMENT_PDF,
    STATEMENT_TEXT,
    UNTIL,
    improvement_plan,
    ofsted,
    quick_fetcher,
    roads,
)

TODAY = date(2023, 7, 1)


def harvest(kirklees, **options):
    options = {"since": SINCE, "today": UNTIL, "fetcher": quick_fetcher()} | options
    return harvest_council(kirklees.council, **options)


def sources(decision: Decision) -> dict[tuple[str, str], str]:
    return {(s.field, s.source): s.value for s in FieldSource.objects.filter(decision=decision)}


def test_it_harvests_pages_issue_pages_and_the_written_statement_among_the_documents(
    kirklees,
) -> None:
    kirklees.serve([ofsted(), improvement_plan(), roads()])

    report = harvest(kirklees)

    assert report.faults == [] and report.counts == {"created": 3}
    statement = Decision.objects.get(council=kirklees.council, reference="I50043387")
    # The statement, found among the page's documents, is the decision's source.
    assert statement.source_format == SourceFormat.PDF
    assert statement.call_in_expiry == date(2022, 12, 21)
    record = statement.moderngov
    assert (record.page_id, record.issue_id, record.status) == (
        20001,
        50043387,
        "Recommendations Approved",
    )
    assert (record.published_on, record.effective_from) == (date(2022, 12, 16), date(2022, 12, 22))
    assert record.meeting_title == "15/12/2022 - Policy Committee"
    assert record.meeting_url.endswith("/ieListDocuments.aspx?CId=151&MID=4832")
    documents = list(record.documents.all())
    assert [(d.title, d.is_statement) for d in documents] == [
        ("Decision notice", True),
        ("Cabinet report", False),
    ]
    assert documents[0].resource.content.data == STATEMENT_PDF
    assert record.issue_fetch.url.endswith("/mgIssueHistoryHome.aspx?IId=50043387")
    # Both sources are kept; Effective from the day after the call-in expiry is no conflict.
    kept = sources(statement)
    assert kept[("title", "page")] == kept[("title", "statement")]
    assert kept[("effective_from", "page")] == "2022-12-22"
    assert kept[("call_in_expiry", "statement")] == "2022-12-21"
    assert differences_of(statement) == []
    # A page with no statement is the decision's source until one comes.
    page_only = Decision.objects.get(council=kirklees.council, reference="I50052101")
    assert page_only.source_format == SourceFormat.MODERNGOV
    assert page_only.title == "Children and Young Persons' Improvement Plan - Phase 3"
    assert page_only.decision_date == date(2023, 1, 30)
    # Every fetch is kept: three lists, three pages, three issue pages, two documents.
    kinds = list(FetchedResource.objects.values_list("kind", flat=True))
    assert sorted(kinds) == sorted(["list"] * 3 + ["page"] * 3 + ["issue"] * 3 + ["document"] * 2)
    assert all(len(r.content_id) == 64 for r in FetchedResource.objects.all())
    run = HarvestRun.objects.get()
    assert run.finished_at is not None and run.counts == {"created": 3}
    assert {entry.user_agent for entry in kirklees.site.log} == {
        quick_fetcher().politeness.user_agent
    }


def test_a_second_harvest_sees_a_status_change_and_keeps_the_earlier_one(kirklees) -> None:
    kirklees.serve([ofsted(), improvement_plan(), roads()])
    harvest(kirklees)
    kirklees.serve([ofsted(), improvement_plan(status="Called in"), roads()])
    kirklees.site.log.clear()

    report = harvest(kirklees)

    # Ofsted's page is settled (final, no call-in open, long published): not fetched again;
    # the roads page is fetched and found unchanged; the plan's has changed.
    assert report.counts == {"unchanged": 1, "updated": 1}
    assert not any("ID=20001" in entry.path for entry in kirklees.site.log)
    record = ModernGovRecord.objects.get(page_id=20002)
    assert record.status == "Called in"
    assert list(record.status_changes.values_list("status", flat=True)) == [
        "Recommendations Approved (subject to call-in)",
        "Called in",
    ]
    # The earlier page is kept as the decision's earlier version, and its fetch.
    assert DecisionVersion.objects.filter(decision=record.decision).count() == 1
    assert FetchedResource.objects.filter(kind="page", url__endswith="ID=20002").count() == 2
    # The unchanged page was not written again, nor its issue page fetched again.
    assert len([e for e in kirklees.site.log if e.path.endswith("IId=50060001")]) == 0
    assert StatusChange.objects.filter(record__page_id=20003).count() == 1
    assert FetchedResource.objects.filter(kind="page", url__endswith="ID=20003").count() == 1


def test_a_statement_imported_from_a_file_first_is_joined_by_the_page(kirklees) -> None:
    summary = import_sources(read_sources([OTHER_TEXT]), council=kirklees.council, jobs=0)
    assert summary.counts["created"] == 1
    kirklees.serve([improvement_plan(title="Children and Young Persons Improvement Plan")])

    harvest(kirklees)

    decision = Decision.objects.get(council=kirklees.council, reference="I50052101")
    assert Decision.objects.filter(reference="I50052101").count() == 1
    assert decision.source_format == SourceFormat.PLAIN_TEXT  # the statement stays the source
    assert decision.title == "Children and Young Persons' Improvement Plan - Phase 3"
    assert decision.moderngov.status == "Recommendations Approved (subject to call-in)"
    kept = sources(decision)
    assert kept[("title", "page")] == "Children and Young Persons Improvement Plan"
    assert [d.field for d in differences_of(decision)] == [
        "title",
        "decision_date",
        "decision_text",
    ]


def test_a_page_harvested_first_is_joined_by_the_statement_imported_later(kirklees) -> None:
    kirklees.serve([improvement_plan(decided=date(2025, 7, 17))])
    harvest(kirklees)
    assert Decision.objects.get(reference="I50052101").source_format == SourceFormat.MODERNGOV

    summary = import_sources(read_sources([OTHER_TEXT]), council=kirklees.council, jobs=0)

    assert summary.counts["updated"] == 1
    decision = Decision.objects.get(council=kirklees.council, reference="I50052101")
    assert decision.source_format == SourceFormat.PLAIN_TEXT
    assert decision.moderngov.page_id == 20002  # still joined
    kept = sources(decision)
    assert kept[("title", "statement")] == decision.title
    assert kept[("decision_date", "page")] == kept[("decision_date", "statement")] == "2025-07-17"
    # The page's earlier record of it is a version.
    assert decision.versions.count() == 1


def test_the_statement_file_and_the_harvested_pdf_of_one_notice_are_one_decision(
    kirklees,
) -> None:
    import_sources(read_sources([STATEMENT_TEXT]), council=kirklees.council, jobs=0)
    kirklees.serve([ofsted()])

    harvest(kirklees)

    assert Decision.objects.filter(reference="I50043387").count() == 1
    assert ModernGovRecord.objects.get().decision.reference == "I50043387"


def test_an_admin_correction_wins_over_the_page(kirklees) -> None:
    kirklees.serve([improvement_plan()])
    harvest(kirklees)
    decision = Decision.objects.get(reference="I50052101")
    before = Decision.objects.get(pk=decision.pk)
    decision.title = "Improvement Plan, phase 3 (corrected)"
    decision.save()
    record_decision_corrections(
        decision=decision, before=before, fields=["title"], user=None, reason="Typo"
    )
    kirklees.serve([improvement_plan(title="A new title on the page", status="Called in")])

    harvest(kirklees)

    decision.refresh_from_db()
    assert decision.title == "Improvement Plan, phase 3 (corrected)"
    assert decision.moderngov.status == "Called in"
    assert sources(decision)[("title", "page")] == "A new title on the page"


def test_a_harvest_of_a_council_another_harvest_holds_is_skipped_and_says_so(kirklees) -> None:
    kirklees.serve([roads()])
    assert take_lease(kirklees.council, "worker-2:77") is None
    lines: list[str] = []

    report = harvest(kirklees, on_line=lines.append)

    assert "skipped kirklees: another harvest of it is running (worker-2:77" in report.skipped
    assert lines == [report.skipped]
    assert kirklees.site.log == []
    assert Decision.objects.count() == 0


def test_a_harvest_killed_midway_resumes_where_it_stopped(kirklees, monkeypatch) -> None:
    kirklees.serve([ofsted(), improvement_plan(), roads()])
    real = runner.import_harvested
    written: list[str] = []

    def killed_after_two(council, item, *, today):
        if len(written) == 2:
            raise KeyboardInterrupt("killed")
        written.append(item.page.url)
        return real(council, item, today=today)

    monkeypatch.setattr(runner, "import_harvested", killed_after_two)
    with pytest.raises(KeyboardInterrupt):
        harvest(kirklees)
    run = HarvestRun.objects.get()
    assert run.finished_at is None and run.resume_from == date(2023, 4, 1)  # third slice
    assert Decision.objects.count() == 2
    monkeypatch.setattr(runner, "import_harvested", real)
    kirklees.site.log.clear()

    report = harvest(kirklees, since=None)

    assert report.counts == {"created": 1}
    assert HarvestRun.objects.get().finished_at is not None  # the same run, finished
    assert Decision.objects.count() == 3 and ModernGovRecord.objects.count() == 3
    assert not any("ID=20001" in entry.path for entry in kirklees.site.log)  # not fetched again


def test_settled_pages_are_not_fetched_again(kirklees) -> None:
    kirklees.serve([roads()])
    harvest(kirklees, today=date(2025, 1, 1))  # published 2023: settled
    assert ModernGovRecord.objects.get().settled
    kirklees.site.log.clear()

    harvest(kirklees, today=date(2025, 1, 2))

    assert not any("ieDecisionDetails" in entry.path for entry in kirklees.site.log)
    assert any("mgDelegatedDecisions" in entry.path for entry in kirklees.site.log)


def test_a_list_that_failed_leaves_the_run_unfinished_and_is_listed_again(kirklees) -> None:
    kirklees.serve([ofsted(), improvement_plan(), roads()])
    # The second slice's list (January to March 2023) fails every time this run asks.
    second = list_path("/", date(2023, 1, 1), date(2023, 3, 31))
    kirklees.site.serve(second, Answer("busy", status=503))

    report = harvest(kirklees)

    assert report.counts == {"created": 2}  # the slices before and after it were harvested
    assert len(report.faults) == 1 and "503" in report.faults[0].problem
    assert len(kirklees.site.requests_for(second)) == 3
    run = HarvestRun.objects.get()
    assert run.finished_at is None and run.resume_from == date(2023, 1, 1)
    assert report.line().endswith("unfinished, the next harvest lists again from 2023-01-01")
    kirklees.serve([ofsted(), improvement_plan(), roads()])
    kirklees.site.log.clear()

    report = harvest(kirklees, since=None)

    assert report.counts == {"created": 1, "unchanged": 1}
    assert HarvestRun.objects.get().finished_at is not None  # the same run, finished
    assert Decision.objects.filter(reference="I50052101").exists()
    listed = [e.path for e in kirklees.site.log if "mgDelegatedDecisions" in e.path]
    assert len(listed) == 2 and len(kirklees.site.requests_for(second)) == 1  # from it on


@dataclass
class TakenOverAfter(PoliteFetcher):
    """A fetcher under which another harvest takes the council's lease once `url_part` is
    fetched (as if this harvest had outlived its lease on a slow decision)."""

    council: Council | None = None
    url_part: str = ""
    expiries: list = field(default_factory=list)

    def get(self, url: str) -> Fetched:
        self.expiries.append(HarvestLease.objects.get(council=self.council).expires_at)
        fetched = super().get(url)
        if self.url_part in url:
            HarvestLease.objects.filter(council=self.council).update(
                owner="worker-2:77", expires_at=timezone.now() + timedelta(minutes=15)
            )
        return fetched


def test_the_lease_is_renewed_before_each_fetch_and_a_lost_lease_stops_the_harvest(
    kirklees,
) -> None:
    kirklees.serve([ofsted(), improvement_plan(), roads()])
    quick = quick_fetcher()
    fetcher = TakenOverAfter(
        quick.politeness, quick.clock, council=kirklees.council, url_part="Decision%20notice.pdf"
    )
    lines: list[str] = []

    report = harvest(kirklees, fetcher=fetcher, on_line=lines.append)

    # Renewed before each request: each one saw the lease pushed on from the one before.
    assert len(fetcher.expiries) >= 4
    assert fetcher.expiries == sorted(fetcher.expiries) and len(set(fetcher.expiries)) == len(
        fetcher.expiries
    )
    # Stopped at once: the Ofsted decision's second document is never asked for, nothing
    # of the decision is written, and nothing after it is listed.
    paths = [entry.path for entry in kirklees.site.log]
    assert paths[-1].endswith("Decision%20notice.pdf")
    assert Decision.objects.count() == 0
    assert report.stopped.startswith(
        "stopped kirklees: its claim ran out and another harvest took it (worker-2:77 holds it"
    )
    assert lines[-1] == report.stopped and report.line().endswith(report.stopped)
    run = HarvestRun.objects.get()
    assert run.finished_at is None and run.resume_from == SINCE
    assert HarvestLease.objects.get(council=kirklees.council).owner == "worker-2:77"


def test_what_could_not_be_fetched_is_fetched_next_time_though_the_page_is_unchanged(
    kirklees,
) -> None:
    notice = FakeDocument("Decision notice", "documents/s201/notice.pdf", REPORT_PDF)
    appendix = FakeDocument("Appendix", "documents/s202/appendix.pdf", b"%PDF-1.4 appendix")
    failing = FakeDocument(**(vars(appendix) | {"answer": Answer("busy", status=503)}))
    kirklees.serve([roads(documents=[notice, failing])])
    kirklees.site.serve("/mgIssueHistoryHome.aspx?IId=50060001", Answer("busy", status=503))

    first = harvest(kirklees)

    assert sorted(f.url.rsplit("/", 1)[1] for f in first.faults) == [
        "appendix.pdf",
        "mgIssueHistoryHome.aspx?IId=50060001",
    ]
    record = ModernGovRecord.objects.get()
    assert sorted(u.rsplit("/", 1)[1] for u in record.unfetched) == [
        "appendix.pdf",
        "mgIssueHistoryHome.aspx?IId=50060001",
    ]
    assert record.issue_fetch is None
    assert [d.resource is not None for d in record.documents.all()] == [True, False]
    kirklees.serve([roads(documents=[notice, appendix])])  # the same page; the site is well
    kirklees.site.log.clear()

    second = harvest(kirklees)

    assert second.faults == [] and second.counts == {"updated": 1}
    asked = [entry.path.rsplit("/", 1)[1] for entry in kirklees.site.log]
    assert "appendix.pdf" in asked and "mgIssueHistoryHome.aspx?IId=50060001" in asked
    assert "notice.pdf" not in asked  # fetched the first time: not asked for again
    record = ModernGovRecord.objects.get()
    assert record.unfetched == [] and record.issue_fetch is not None
    documents = list(record.documents.all())
    assert [d.title for d in documents] == ["Decision notice", "Appendix"]
    assert documents[1].resource.content.data == b"%PDF-1.4 appendix"
    assert documents[0].resource.content.data == REPORT_PDF  # the first harvest's fetch
    assert StatusChange.objects.count() == 1
    kirklees.site.log.clear()

    third = harvest(kirklees)

    assert third.counts == {"unchanged": 1}
    assert not any(e.path.endswith(".pdf") or "IId=" in e.path for e in kirklees.site.log)


def test_a_second_decision_page_on_one_issue_is_kept_unjoined_and_reported_once(
    kirklees,
) -> None:
    deferral = roads(
        page_id=20004,
        title="Highways resurfacing programme: deferred",
        published=date(2023, 4, 20),
        decided=date(2023, 4, 19),
        status="Deferred",
    )
    kirklees.serve([deferral, roads()])
    lines: list[str] = []

    first = harvest(kirklees, on_line=lines.append)

    assert first.faults == [] and first.counts == {"created": 1, "unjoined": 1}
    decision = Decision.objects.get()
    assert decision.reference == "I50060001"
    assert decision.moderngov.page_id == 20004  # the first page of the issue holds the join
    second_page = ModernGovRecord.objects.get(page_id=20003)
    assert second_page.decision is None and second_page.issue_id == 50060001
    assert second_page.status == "Recommendations Approved"
    assert second_page.page_fetch.url.endswith("ieDecisionDetails.aspx?ID=20003")
    [said] = [line for line in lines if "ID=20003" in line]
    assert said.startswith("unjoined: ") and said.endswith(
        "- a second decision page on issue I50060001: ModernGov page 20004 holds its join "
        "(and its written statement's), so page 20003 is kept as a record of its own, "
        "joined to no decision"
    )
    assert "kept unjoined 1" in first.line()
    lines.clear()

    again = harvest(kirklees, on_line=lines.append)

    assert again.counts == {"unchanged": 2} and again.faults == [] and lines == []
    kirklees.serve([deferral, roads(status="Called in")])

    changed = harvest(kirklees, on_line=lines.append)

    assert changed.counts == {"unchanged": 1, "updated": 1} and changed.faults == []
    second_page.refresh_from_db()
    assert second_page.status == "Called in" and second_page.decision is None
    assert [s.status for s in second_page.status_changes.all()] == [
        "Recommendations Approved",
        "Called in",
    ]
    assert Decision.objects.get().title == "Highways resurfacing programme: deferred"


def test_an_unsettled_page_out_of_the_daily_window_is_fetched_again_by_its_address(
    kirklees,
) -> None:
    kirklees.serve([ofsted(), improvement_plan(status="Called in")])
    harvest(kirklees)
    assert not ModernGovRecord.objects.get(page_id=20002).settled
    # Months later the plan (published 2023-02-01) is in no list of the daily window, and
    # its call-in has ended; Ofsted's page is settled.
    later = date(2023, 10, 2)
    kirklees.serve([ofsted(), improvement_plan(status="Recommendations Approved")])
    serve_lists(kirklees.site, [], since=later - runner.DAILY_WINDOW, until=later)
    ModernGovRecord.objects.update(checked_at=timezone.now() - timedelta(days=8))
    kirklees.site.log.clear()

    report = harvest(kirklees, since=None, today=later)

    assert report.faults == [] and report.counts == {"updated": 1}
    record = ModernGovRecord.objects.get(page_id=20002)
    assert (record.status, record.settled) == ("Recommendations Approved", True)
    assert list(record.status_changes.values_list("status", flat=True)) == [
        "Called in",
        "Recommendations Approved",
    ]
    asked = [entry.path for entry in kirklees.site.log]
    assert sum("ieDecisionDetails.aspx?ID=20002" in path for path in asked) == 1
    assert not any("ID=20001" in path for path in asked)
    assert HarvestRun.objects.order_by("started_at").last().finished_at is not None


def test_a_straggler_is_asked_for_once_a_week_at_most_and_a_few_a_run(
    kirklees, monkeypatch
) -> None:
    kirklees.serve([improvement_plan(status="Called in"), roads(status="Called in")])
    harvest(kirklees)
    later = date(2023, 12, 1)  # both out of the window, both still called in
    serve_lists(kirklees.site, [], since=later - runner.DAILY_WINDOW, until=later)
    monkeypatch.setattr(runner, "STRAGGLERS_A_RUN", 1)
    week_ago = timezone.now() - timedelta(days=8)
    ModernGovRecord.objects.filter(page_id=20002).update(checked_at=week_ago)
    ModernGovRecord.objects.filter(page_id=20003).update(checked_at=week_ago - timedelta(days=1))

    def pages_asked() -> list[str]:
        return [e.path for e in kirklees.site.log if "ieDecisionDetails" in e.path]

    kirklees.site.log.clear()
    assert harvest(kirklees, since=None, today=later).counts == {"unchanged": 1}
    assert pages_asked() == ["/ieDecisionDetails.aspx?ID=20003"]  # the longest unchecked
    kirklees.site.log.clear()
    assert harvest(kirklees, since=None, today=later).counts == {"unchanged": 1}
    assert pages_asked() == ["/ieDecisionDetails.aspx?ID=20002"]
    kirklees.site.log.clear()
    assert harvest(kirklees, since=None, today=later).counts == {}
    assert pages_asked() == []  # both checked within the week


def test_a_page_whose_template_alone_changed_is_unchanged(kirklees) -> None:
    plan = improvement_plan()
    kirklees.serve([plan])
    kirklees.site.serve("/" + plan.path, Answer(decision_page(plan) + "<p>Built 09:00:01</p>"))
    harvest(kirklees)
    record = ModernGovRecord.objects.get()
    assert len(record.page_digest) == 64
    kirklees.site.serve("/" + plan.path, Answer(decision_page(plan) + "<p>Built 09:00:02</p>"))

    assert harvest(kirklees).counts == {"unchanged": 1}
    assert FetchedResource.objects.filter(kind="page").count() == 1
    assert ModernGovRecord.objects.get().page_fetch_id == record.page_fetch_id
    # What the page says changing is a change, whatever the template did.
    changed = improvement_plan(status="Called in")
    kirklees.site.serve("/" + plan.path, Answer(decision_page(changed) + "<p>Built 09:00:02</p>"))
    assert harvest(kirklees).counts == {"updated": 1}
    assert ModernGovRecord.objects.get().page_digest != record.page_digest
