"""A fake council on a fake ModernGov site built from the real Kirklees markup, with a
written statement (a real notice's PDF) among one decision's documents."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from decisions.models import Council
from decisions.moderngov.fetch import HostClock, PoliteFetcher, Politeness
from decisions.parsing import parse_notice
from tests.fakes.kirklees_site import FakeDecision, FakeDocument, serve_council
from tests.fakes.moderngov_site import FakeSite, fake_site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# The written statement of issue 50043387 (Ofsted Improvement Action Plan), as a PDF and as
# the text the same notice was extracted to.
STATEMENT_PDF = (FIXTURES / "pdf" / "sample_000_8f1dfd1b4376d4cb.reportlab.pdf").read_bytes()
STATEMENT_TEXT = FIXTURES / "samples" / "000_8f1dfd1b4376d4cb.txt"
OTHER_TEXT = FIXTURES / "samples" / "001_aabf650a3fba3ef6.txt"  # issue 50052101
# The page gives the decision in the statement's words (as ModernGov pages do).
STATEMENT_DECISION = parse_notice(STATEMENT_TEXT.read_bytes()).decision_text
REPORT_PDF = (FIXTURES / "pdf" / "bad_not_a_notice.pdf").read_bytes()
SINCE, UNTIL = date(2022, 10, 1), date(2023, 6, 30)  # three slices of three months
AGENT = "CabinetDecisionsArchive/test (+mailto:archive@example.org)"


def ofsted(**changes) -> FakeDecision:
    """Issue 50043387, whose statement is the PDF among its documents."""
    values = {
        "page_id": 20001,
        "issue_id": 50043387,
        "title": "Ofsted Improvement Action Plan",
        "published": date(2022, 12, 16),
        "decided": date(2022, 12, 15),
        # Herefordshire's way: the day after the statement's call-in expiry (21/12/2022).
        "effective_from": date(2022, 12, 22),
        "key_decision": True,
        "call_in": True,
        "text": STATEMENT_DECISION,
        "documents": [
            FakeDocument("Decision notice", "documents/s101/Decision notice.pdf", STATEMENT_PDF),
            FakeDocument("Cabinet report", "documents/s102/Cabinet report.pdf", REPORT_PDF),
        ],
    }
    return FakeDecision(**(values | changes))


def improvement_plan(**changes) -> FakeDecision:
    """Issue 50052101: a page with no statement among its documents (one is imported from
    a file)."""
    values = {
        "page_id": 20002,
        "issue_id": 50052101,
        "title": "Children and Young Persons' Improvement Plan - Phase 3",
        "published": date(2023, 2, 1),
        "decided": date(2023, 1, 30),
        "status": "Recommendations Approved (subject to call-in)",
        "call_in": True,
    }
    return FakeDecision(**(values | changes))


def roads(**changes) -> FakeDecision:
    values = {
        "page_id": 20003,
        "issue_id": 50060001,
        "title": "Highways resurfacing programme",
        "published": date(2023, 5, 10),
        "decided": date(2023, 5, 9),
        "text": "The resurfacing programme for 2023/24 was approved.",
    }
    return FakeDecision(**(values | changes))


@dataclass
class Harvestable:
    site: FakeSite
    council: Council

    def serve(self, decisions: list[FakeDecision], **options) -> None:
        serve_council(self.site, decisions, since=SINCE, until=UNTIL, **options)


def quick_fetcher(**overrides) -> PoliteFetcher:
    values = {"user_agent": AGENT, "interval": 0.0, "timeout": 2.0, "backoff": (0.01, 0.01)}
    return PoliteFetcher(Politeness(**(values | overrides)), clock=HostClock())


@pytest.fixture
def kirklees(db) -> Iterator[Harvestable]:
    with fake_site() as site:
        council = Council.objects.create(
            name="Kirklees Council",
            slug="kirklees",
            reference_pattern=r"I[0-9]{4,12}",
            moderngov_url=site.base_url + "/",
        )
        yield Harvestable(site, council)
