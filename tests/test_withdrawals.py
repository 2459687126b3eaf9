"""Nothing disappears silently: a withdrawn decision (decisions/withdrawals.py) leaves
search, lists, feeds and the sitemap, its page answers 410 with the title, the reason and
the date, it is listed on /corrections/, and mirrors learn of it through the API."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from decisions.models import Correction, Decision
from decisions.withdrawals import WithdrawalError, restore_decision, withdraw_decision
from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db

REASON = "Published in error: the notice names a child."


@pytest.fixture
def withdrawn() -> Decision:
    make_decision(reference="I70000401", title="Library opening hours")
    decision = make_decision(
        reference="I70000402",
        title="Library closures",
        signatory=make_councillor("Jonathan Lester"),
        decision_date=date(2024, 5, 1),
    )
    return withdraw_decision(decision=decision, reason=REASON, user=None)


def test_it_keeps_the_decision_and_records_who_why_and_when(withdrawn) -> None:
    stored = Decision.objects.get(reference="I70000402")
    assert stored.withdrawn_at is not None
    assert stored.withdrawn_reason == REASON
    assert stored.clauses.exists()  # nothing is erased
    entry = Correction.objects.get(decision=stored, field="withdrawn")
    assert entry.reason == REASON


def test_it_refuses_a_withdrawal_without_a_reason_or_twice(withdrawn) -> None:
    other = Decision.objects.get(reference="I70000401")
    with pytest.raises(WithdrawalError, match="Give a reason for withdrawing"):
        withdraw_decision(decision=other, reason="  ", user=None)
    with pytest.raises(WithdrawalError, match="already withdrawn"):
        withdraw_decision(decision=withdrawn, reason="Again", user=None)
    assert Decision.objects.get(pk=other.pk).withdrawn_at is None


def test_its_page_answers_410_with_the_title_the_reason_and_the_date(client, withdrawn) -> None:
    response = client.get("/herefordshire/decisions/I70000402/")
    html = response.content.decode()
    day = timezone.localdate(withdrawn.withdrawn_at)

    assert response.status_code == 410
    assert response["Cache-Control"] == "no-cache"  # a restore must show at once
    assert '<h1 class="heading-l">Library closures</h1>' in html
    assert REASON in html
    assert "withdrawn from the archive on <time" in html
    assert f"{day.day} {day:%B %Y}</time>" in html
    assert "Written statement" not in html  # the notice itself is not shown
    assert client.get("/herefordshire/decisions/I70000402/original/").status_code == 410
    assert client.get("/herefordshire/decisions/I70000402/export.csv").status_code == 410
    assert (
        client.get("/decisions/?q=I70000402")["Location"] == "/herefordshire/decisions/I70000402/"
    )


def test_it_leaves_search_lists_feeds_and_the_sitemap(client, withdrawn) -> None:
    listed = [d.reference for d, _ in client.get("/decisions/?q=library").context["results"]]
    home = client.get("/").content.decode()
    feed = client.get("/decisions/feed/").content.decode()
    councillor = client.get("/councillors/jonathan-lester/feed/").content.decode()
    sitemap = client.get("/sitemap-decisions.xml").content.decode()
    csv = b"".join(client.get("/decisions/export.csv").streaming_content).decode()

    assert listed == ["I70000401"]
    for page in (home, feed, councillor, sitemap, csv):
        assert "I70000402" not in page
    assert "I70000401" in sitemap
    councillors = client.get("/councillors/").content.decode()
    assert "Jonathan Lester" in councillors  # listed, with no decisions counted
    assert client.get("/api/councillors/jonathan-lester/").json()["decision_count"] == 0


def test_it_is_listed_on_the_corrections_page_and_in_its_feed(client, withdrawn) -> None:
    page = client.get("/corrections/").content.decode()
    feed = client.get("/corrections/feed/").content.decode()

    assert "Withdrawn from the archive" in page
    assert REASON in page
    assert "I70000402: Withdrawn from the archive" in feed


def test_the_api_answers_410_and_lists_it_for_mirrors(client, withdrawn) -> None:
    gone = client.get("/api/decisions/herefordshire/I70000402/")
    listed = client.get("/api/decisions/").json()
    mirrored = client.get("/api/decisions/?include=withdrawn").json()

    assert gone.status_code == 410
    assert gone.json()["withdrawn_reason"] == REASON
    assert "clauses" not in gone.json()  # a short record: none of the withdrawn text
    assert [d["reference"] for d in listed["results"]] == ["I70000401"]
    by_reference = {d["reference"]: d for d in mirrored["results"]}
    assert by_reference["I70000402"]["withdrawn"].endswith("Z")
    assert by_reference["I70000402"]["withdrawn_reason"] == REASON
    assert by_reference["I70000401"]["withdrawn"] is None


def test_a_bad_include_is_a_400_naming_it(client) -> None:
    response = client.get("/api/decisions/?include=everything")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["include"]


def test_a_restored_decision_is_back_everywhere(client, withdrawn) -> None:
    restore_decision(decision=withdrawn, reason="The name was redacted.", user=None)

    assert client.get("/herefordshire/decisions/I70000402/").status_code == 200
    listed = [d.reference for d, _ in client.get("/decisions/?q=library").context["results"]]
    assert sorted(listed) == ["I70000401", "I70000402"]
    record = client.get("/api/decisions/herefordshire/I70000402/").json()
    assert record["withdrawn"] is None
    assert record["corrected"] is False  # a withdrawal is not a correction of its text
    assert "Restored to the archive" in client.get("/corrections/").content.decode()
    with pytest.raises(WithdrawalError, match="not withdrawn"):
        restore_decision(decision=withdrawn, reason="Again", user=None)


def test_the_sitemap_and_lists_keep_their_query_counts(
    client, withdrawn, django_assert_num_queries
) -> None:
    with django_assert_num_queries(2):
        client.get("/decisions/?key=&sort=oldest")
