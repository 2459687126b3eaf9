"""What a harvest shows: the decision page's status, history, dates, meeting and documents,
each traceable to its fetch; the API record's `moderngov` block; the admin's field sources."""

from __future__ import annotations

from decisions.models import Decision
from decisions.moderngov.models import FetchedResource, ModernGovRecord
from decisions.moderngov.runner import harvest_council
from tests.moderngov.conftest import (
    SINCE,
    STATEMENT_PDF,
    UNTIL,
    improvement_plan,
    ofsted,
    quick_fetcher,
)


def harvest(kirklees) -> None:
    harvest_council(kirklees.council, since=SINCE, today=UNTIL, fetcher=quick_fetcher())


def test_the_decision_page_shows_status_history_dates_meeting_and_documents(
    kirklees, client
) -> None:
    kirklees.serve([ofsted(), improvement_plan()])
    harvest(kirklees)
    kirklees.serve([ofsted(), improvement_plan(status="Called in")])
    harvest(kirklees)
    record = ModernGovRecord.objects.get(page_id=20002)

    page = client.get(record.decision.get_absolute_url()).content.decode()

    assert "On the council's committee system" in page
    assert "Called in" in page and "Recommendations Approved (subject to call-in)" in page
    assert "1 February 2023" in page  # published
    assert "30/01/2023 - Policy Committee" in page
    assert f'href="{record.url}"' in page
    assert record.page_fetch.content_id in page  # the SHA-256 of the page as fetched
    statement_page = client.get(Decision.objects.get(reference="I50043387").get_absolute_url())
    text = statement_page.content.decode()
    assert "Decision notice" in text and "the written statement" in text
    assert "22 December 2022" in text  # effective from


def test_the_api_record_has_a_moderngov_block(kirklees, client) -> None:
    kirklees.serve([improvement_plan()])
    harvest(kirklees)

    slug = kirklees.council.slug
    record = client.get(f"/api/decisions/{slug}/I50052101/").json()

    block = record["moderngov"]
    assert block["status"] == "Recommendations Approved (subject to call-in)"
    assert [h["status"] for h in block["history"]] == [block["status"]]
    assert block["published_on"] == "2023-02-01"
    assert block["meeting"]["title"] == "30/01/2023 - Policy Committee"
    assert block["fetch"]["url"].endswith("/ieDecisionDetails.aspx?ID=20002")
    assert len(block["fetch"]["sha256"]) == 64 and block["fetch"]["http_status"] == 200


def test_a_decision_never_harvested_has_no_moderngov_block(db, client) -> None:
    from tests.factories import make_decision

    decision = make_decision()
    api = f"/api/decisions/{decision.council.slug}/{decision.reference}/"
    assert client.get(api).json()["moderngov"] is None
    assert "committee system" not in client.get(decision.get_absolute_url()).content.decode()


def test_the_admin_shows_each_fields_sources_and_where_they_differ(
    kirklees, admin_client_logged_in
) -> None:
    from decisions.importing.pipeline import import_sources, read_sources
    from tests.moderngov.conftest import OTHER_TEXT

    import_sources(read_sources([OTHER_TEXT]), council=kirklees.council, jobs=0)
    kirklees.serve([improvement_plan(title="Improvement Plan Phase 3")])
    harvest(kirklees)
    decision = Decision.objects.get(reference="I50052101")

    page = admin_client_logged_in.get(f"/admin/decisions/decision/{decision.pk}/change/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "sources of each field" in text.lower()
    assert "Improvement Plan Phase 3" in text and "differs" in text


def test_the_decision_page_runs_as_many_queries_for_1_and_30_documents_and_statuses(
    kirklees, client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decisions.moderngov.models import ModernGovDocument, StatusChange

    kirklees.serve([ofsted()])
    harvest(kirklees)
    record = ModernGovRecord.objects.get()
    url = record.decision.get_absolute_url()
    counts = []
    for extra in (0, 29):
        for n in range(extra):
            StatusChange.objects.create(
                record=record,
                status=f"Status {n}",
                seen_at=record.checked_at,
                resource=record.page_fetch,
            )
            ModernGovDocument.objects.create(
                record=record,
                position=10 + n,
                title=f"Appendix {n}",
                url=record.url,
                resource=record.page_fetch,
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_pages_links_that_are_not_http_are_never_links() -> None:
    """A council's page is data: a javascript: meeting or document link is shown as text."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    document = SimpleNamespace(url="JavaScript:alert(3)", title="Report <b>", resource=None)
    good = SimpleNamespace(url="https://example.gov.uk/a.pdf", title="Notice", resource=None)
    record = SimpleNamespace(
        meeting_url="javascript:alert(1)",
        meeting_title="Cabinet",
        url="javascript:alert(2)",
        status="Called in",
        status_changes=SimpleNamespace(all=[]),
        documents=SimpleNamespace(all=[document, good]),
        page_fetch_id=1,
    )
    html = render_to_string(
        "moderngov/includes/decision_moderngov.html",
        {"record": record, "council_slug": "anyshire", "reference": "I50000001"},
    )
    assert "javascript:" not in html.lower()
    assert "Report &lt;b&gt;" in html and "Cabinet" in html
    assert '<a href="https://example.gov.uk/a.pdf">Notice</a>' in html


def test_each_fetch_shown_is_served_as_it_was_kept(kirklees, client) -> None:
    kirklees.serve([ofsted(), improvement_plan()])
    harvest(kirklees)
    kirklees.serve([ofsted(), improvement_plan(status="Called in")])
    harvest(kirklees)
    record = ModernGovRecord.objects.get(page_id=20002)
    url = record.decision.get_absolute_url()
    page = client.get(url).content.decode()

    # The page as each status was seen: the bytes fetched then, as plain text.
    for change, status in zip(
        record.status_changes.order_by("seen_at"),
        ("Recommendations Approved (subject to call-in)", "Called in"),
        strict=True,
    ):
        copy_url = f"{url}fetched/{change.resource_id}/"
        assert f'href="{copy_url}"' in page
        copy = client.get(copy_url)
        assert copy.status_code == 200
        assert copy["Content-Type"] == "text/plain; charset=utf-8"
        assert copy["X-Content-Type-Options"] == "nosniff"
        assert copy["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert copy.content == bytes(change.resource.content.data)
        assert f">{status}<" in copy.content.decode()
    # A document: the written statement, as the PDF it was.
    statement = ModernGovRecord.objects.get(page_id=20001)
    kept = statement.documents.get(is_statement=True)
    copy = client.get(f"{statement.decision.get_absolute_url()}fetched/{kept.resource_id}/")
    assert copy["Content-Type"] == "application/pdf" and copy.content == STATEMENT_PDF
    assert (
        f"fetched/{kept.resource_id}/"
        in client.get(statement.decision.get_absolute_url()).content.decode()
    )


def test_only_a_decisions_own_fetches_are_served_and_none_once_it_is_withdrawn(
    kirklees, client
) -> None:
    from decisions.withdrawals import withdraw_decision

    kirklees.serve([ofsted(), improvement_plan()])
    harvest(kirklees)
    plan = ModernGovRecord.objects.get(page_id=20002)
    other = ModernGovRecord.objects.get(page_id=20001)
    url = plan.decision.get_absolute_url()

    assert client.get(f"{url}fetched/{plan.page_fetch_id}/").status_code == 200
    assert client.get(f"{url}fetched/{other.page_fetch_id}/").status_code == 404
    assert client.get(f"{url}fetched/999999/").status_code == 404
    assert client.get(f"{url}fetched/{10**30}/").status_code == 404
    list_fetch = FetchedResource.objects.filter(kind="list").first()
    assert client.get(f"{url}fetched/{list_fetch.pk}/").status_code == 404

    withdraw_decision(decision=plan.decision, reason="Published in error.", user=None)
    assert client.get(f"{url}fetched/{plan.page_fetch_id}/").status_code == 410


def test_the_public_page_says_where_page_and_statement_differ(kirklees, client) -> None:
    from decisions.importing.pipeline import import_sources, read_sources
    from tests.moderngov.conftest import OTHER_TEXT

    import_sources(read_sources([OTHER_TEXT]), council=kirklees.council, jobs=0)
    kirklees.serve([improvement_plan(title="Improvement Plan <Phase 3>")])
    harvest(kirklees)
    decision = Decision.objects.get(reference="I50052101")

    page = client.get(decision.get_absolute_url()).content.decode()

    section = page[page.index('id="moderngov-differences"') :]
    section = section[: section.index("</dl>")]
    assert "Title" in section and "Improvement Plan &lt;Phase 3&gt;" in section
    assert "Effective from" not in section  # the day after the call-in expiry: no conflict
    copy = section[section.index('href="') + 6 :].split('"', 1)[0]
    assert client.get(copy).status_code == 200
    # A decision whose sources agree has no such section.
    kirklees.serve([ofsted()])
    harvest(kirklees)
    agreed = Decision.objects.get(reference="I50043387")
    agreed_page = client.get(agreed.get_absolute_url()).content.decode()
    assert 'id="moderngov-differences"' not in agreed_page


def test_a_differing_value_is_shown_as_a_reader_reads_it() -> None:
    from decisions.moderngov.sources import shown

    assert shown("2023-01-30") == "30 January 2023"
    assert shown("yes") == "Yes" and shown("no") == "No"
    assert shown("20230130") == "20230130"  # a title of digits is no date
    assert shown("2023-02-30") == "2023-02-30"
    assert shown("Improvement plan") == "Improvement plan"


def test_a_harvested_original_is_called_a_web_page_and_is_only_a_download(kirklees, client) -> None:
    kirklees.serve([improvement_plan()])
    harvest(kirklees)
    decision = Decision.objects.get(reference="I50052101")

    page = client.get(decision.get_absolute_url()).content.decode()
    original = client.get(f"{decision.get_absolute_url()}original/?view=1")

    assert "Download the original notice (ModernGov web page)" in page
    assert "view the PDF" not in page
    assert original["Content-Disposition"].startswith("attachment;")
    assert original["X-Content-Type-Options"] == "nosniff"
