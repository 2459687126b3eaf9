"""Faults never stop a harvest: each is reported with its URL and the rest goes on; and the
per-host limit holds across two concurrent harvests of councils that share a host,
measured from the server's log of request times."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from decisions.models import Decision
from decisions.moderngov.claims import DatabaseHostClock
from decisions.moderngov.fetch import HostHeldOff
from decisions.moderngov.models import (
    FetchedResource,
    HarvestRun,
    ModernGovDocument,
    ModernGovRecord,
)
from decisions.moderngov.runner import harvest_council
from tests.fakes.clock import FakeTime
from tests.fakes.kirklees_site import FakeDecision, FakeDocument, serve_council
from tests.fakes.moderngov_site import Answer, fake_site
from tests.moderngov.conftest import SINCE, UNTIL, improvement_plan, quick_fetcher, roads

ROOT = Path(__file__).resolve().parent.parent.parent


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


def _manage(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _run(*args: str, env: dict[str, str]) -> str:
    process = _manage(*args, env=env)
    out, _ = process.communicate(timeout=300)
    assert process.returncode == 0, out
    return out


def _database_of_its_own(tmp_path) -> str:
    """The outer run's kind of database, but one of the processes' own."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'harvest.sqlite3'}"
    server = url.rsplit("/", 1)[0]
    host = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *host, "--if-exists", "moderngov_processes"], check=True)
    subprocess.run(["createdb", *host, "moderngov_processes"], check=True)
    return f"{server}/moderngov_processes"


def test_two_harvests_in_two_processes_on_one_host_keep_to_its_interval(tmp_path) -> None:
    """Two councils on one install, harvested at once by two `manage.py harvest` processes:
    the server, alone in this process, logs no two requests closer than the interval."""
    interval = 0.25
    today = date.today()
    since = today - timedelta(days=20)
    with fake_site() as site:
        env = dict(
            os.environ,
            DATABASE_URL=_database_of_its_own(tmp_path),
            HARVEST_REQUEST_INTERVAL=str(interval),
        )
        _run("migrate", "--noinput", "-v0", env=env)
        for slug, first in (("east", 30000), ("west", 40000)):
            prefix = f"/{slug}/"
            _run(
                "add_council", slug, "--name", slug.title(),
                "--moderngov", site.base_url + prefix, env=env,
            )  # fmt: skip
            serve_council(
                site,
                [broken(first + n, published=since + timedelta(days=n)) for n in range(3)],
                since=since,
                until=today,
                prefix=prefix,
            )
        site.log.clear()
        harvests = [
            _manage("harvest", slug, f"--since={since}", env=env) for slug in ("east", "west")
        ]
        outputs = [process.communicate(timeout=300)[0] for process in harvests]

    assert [process.returncode for process in harvests] == [0, 0], outputs
    assert all("created 3" in out for out in outputs), outputs
    arrivals = sorted(entry.at for entry in site.log)
    gaps = [later - earlier for earlier, later in zip(arrivals, arrivals[1:], strict=False)]
    # robots.txt, the lists, and three pages and issue pages of each council
    assert len(arrivals) >= 2 * (1 + 3 + 3) + 2
    assert min(gaps) >= interval - 0.02, gaps


def test_the_database_clock_claims_turns_only_when_they_come(db) -> None:
    fake_time = FakeTime()
    slept = fake_time.slept
    clock = DatabaseHostClock(now=fake_time.now, sleep=fake_time.sleep)
    clock.wait_turn("a.gov.uk", 1.0)
    clock.wait_turn("b.gov.uk", 1.0)  # another host: no wait
    clock.wait_turn("a.gov.uk", 1.0)  # a second after the first
    assert slept == [1.0]
    clock.hold_off("b.gov.uk", 30.0)  # a Retry-After for b
    clock.wait_turn("b.gov.uk", 1.0)
    assert slept == [1.0, 30.0]


def test_the_database_clock_will_not_wait_longer_than_asked(db) -> None:
    fake_time = FakeTime()
    slept = fake_time.slept
    clock = DatabaseHostClock(now=fake_time.now, sleep=fake_time.sleep)
    clock.hold_off("a.gov.uk", 700.0)
    with pytest.raises(HostHeldOff) as held:
        clock.wait_turn("a.gov.uk", 1.0, longest=600.0)
    assert held.value.seconds == 700.0
    assert slept == []
    fake_time.at += 200.0
    clock.wait_turn("a.gov.uk", 1.0, longest=600.0)
    assert slept == [500.0]


def test_a_decision_that_cannot_be_saved_fails_alone_and_leaves_nothing_half_written(
    kirklees, monkeypatch
) -> None:
    from django.db import DataError

    from decisions.moderngov import services

    real = services.record_page_sources

    def refused_for_roads(decision, notice, **kwargs):
        if decision.reference == "I50060001":
            raise DataError("value too long for type character varying(1000)")
        return real(decision, notice, **kwargs)

    monkeypatch.setattr(services, "record_page_sources", refused_for_roads)
    kirklees.serve([improvement_plan(), roads(), broken(7)])

    report = harvest_council(kirklees.council, since=SINCE, today=UNTIL, fetcher=quick_fetcher())

    assert report.counts == {"created": 2, "failed": 1}
    [fault] = report.faults
    assert fault.url.endswith("/ieDecisionDetails.aspx?ID=20003")
    assert fault.problem == (
        "could not be saved: DataError: value too long for type character varying(1000)"
    )
    assert set(Decision.objects.values_list("reference", flat=True)) == {"I50052101", "I50070007"}
    # Its page, issue page and record were written in its transaction, and rolled back with it.
    assert not FetchedResource.objects.filter(url__endswith="ID=20003").exists()
    assert not FetchedResource.objects.filter(url__endswith="IId=50060001").exists()
    assert not ModernGovRecord.objects.filter(page_id=20003).exists()
    run = HarvestRun.objects.get()
    assert run.finished_at is not None and run.counts == {"created": 2, "failed": 1}
    assert [f["url"] for f in run.faults] == [fault.url]


def test_a_document_address_over_a_thousand_characters_is_kept_whole(kirklees) -> None:
    long_path = "documents/s77/" + "Appendix%20" * 140 + "A.pdf"  # 1,565 characters
    kirklees.serve(
        [broken(8, documents=[FakeDocument("Appendix A", long_path, b"%PDF-1.4 appendix")])]
    )

    report = harvest_council(kirklees.council, since=SINCE, today=UNTIL, fetcher=quick_fetcher())

    assert report.faults == [] and report.counts == {"created": 1}
    [document] = ModernGovDocument.objects.all()
    assert document.url == f"{kirklees.site.base_url}/{long_path}"
    assert len(document.url) > 1500
    assert document.resource.url == document.url
    assert document.resource.content.data == b"%PDF-1.4 appendix"
