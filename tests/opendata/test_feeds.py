"""Atom feeds: of a search, a councillor, a timeline and corrections."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import feedparser
import pytest

from decisions.models import Correction, Decision
from tests.factories import make_decision
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[ET.Element]:
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # raises unless it is well-formed XML
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def links(feed_entries: list[ET.Element]) -> list[str]:
    return [entry.find(f"{ATOM}link").get("href") for entry in feed_entries]


def test_it_gives_a_search_as_a_feed_of_its_newest_decisions(client, seeds) -> None:
    response = client.get("/decisions/feed/?q=inspection&year=2022")
    assert response.status_code == 200
    assert links(entries(response)) == [
        "http://testserver/herefordshire/decisions/I50043387/",
        "http://testserver/herefordshire/decisions/I50042913/",
    ]
    assert response["Cache-Control"] == "public, max-age=300"


def test_it_reads_in_a_real_feed_reader(client, seeds) -> None:
    feed = feedparser.parse(client.get("/decisions/feed/?councillor=jonathan-lester").content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Cabinet decisions matching a search"
    assert feed.feed.link == "http://testserver/decisions/?councillor=jonathan-lester"
    assert [e.link for e in feed.entries] == [
        "http://testserver/herefordshire/decisions/I50053845/",
        "http://testserver/herefordshire/decisions/I50052101/",
        "http://testserver/herefordshire/decisions/I50027300/",
    ]
    assert (
        feed.entries[0].title
        == "Children's Improvement Plan Phase 3 (Herefordshire Council, I50053845)"
    )
    assert feed.entries[0].published.startswith("2026-02-05")
    assert "Open Government Licence" in feed.feed.rights


def test_it_keeps_the_search_in_the_feeds_own_links(client, seeds) -> None:
    root = ET.fromstring(client.get("/decisions/feed/?key=1&page=2").content)
    hrefs = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert hrefs == {
        "alternate": "http://testserver/decisions/?key=1",
        "self": "http://testserver/decisions/feed/?key=1",
    }


def test_it_answers_a_bad_parameter_with_a_json_400(client) -> None:
    response = client.get("/decisions/feed/?date_from=someday")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["date_from"]


def test_it_gives_a_councillors_feed(client, seeds) -> None:
    response = client.get("/councillors/diana-toynbee/feed/")
    assert links(entries(response)) == ["http://testserver/herefordshire/decisions/I50043387/"]
    assert client.get("/councillors/nobody/feed/").status_code == 404


def test_it_gives_a_timelines_feed(client, seeds) -> None:
    found = links(
        entries(client.get("/herefordshire/timelines/childrens-services-improvement/feed/"))
    )
    assert found[0] == "http://testserver/herefordshire/decisions/I50053845/"
    assert len(found) == 5
    assert client.get("/herefordshire/timelines/nothing/feed/").status_code == 404


def test_it_gives_corrections_as_a_feed(client, seeds) -> None:
    Correction.objects.create(
        decision=seeds["002"], field="title", old_value="Inspection", new_value="Inspection 2022"
    )
    Correction.objects.create(decision=seeds["000"], clause_key="b", field="text", new_value="B.")
    feed = feedparser.parse(client.get("/corrections/feed/").content)
    assert not feed.bozo
    assert [e.link for e in feed.entries] == [
        "http://testserver/herefordshire/decisions/I50043387/#corrections",
        "http://testserver/herefordshire/decisions/I50042913/#corrections",
    ]
    assert len({e.id for e in feed.entries}) == 2
    assert feed.entries[1].title == "I50042913: Title"
    assert "Before: Inspection" in feed.entries[1].summary
    one = feedparser.parse(client.get("/herefordshire/decisions/I50042913/feed/").content)
    assert [e.link for e in one.entries] == [
        "http://testserver/herefordshire/decisions/I50042913/#corrections"
    ]


def test_it_answers_a_repeat_request_with_304(client, seeds) -> None:
    first = client.get("/decisions/feed/")
    again = client.get("/decisions/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_it_links_the_corrections_feed_to_the_corrections_page(client) -> None:
    feed = feedparser.parse(client.get("/corrections/feed/").content)
    assert feed.feed.link == "http://testserver/corrections/"


def test_it_dates_entries_by_their_last_change_and_writes_dates_as_the_pages_do(client) -> None:
    decision = make_decision(reference="I70000321", decision_date=date(2021, 3, 10))
    changed = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    Decision.objects.filter(pk=decision.pk).update(updated_at=changed)

    feed = feedparser.parse(client.get("/decisions/feed/").content)

    [entry] = feed.entries
    assert entry.updated == "2026-12-01T09:30:00+00:00"
    assert entry.published.startswith("2021-03-10")
    assert entry.summary.startswith("Cabinet, 10 March 2021. ")


def test_it_writes_a_corrected_date_in_the_corrections_feed_as_the_pages_do(client) -> None:
    decision = make_decision(reference="I70000322")
    Correction.objects.create(
        decision=decision, field="call_in_expiry", old_value="2021-03-10", new_value="2026-12-09"
    )

    [entry] = feedparser.parse(client.get("/corrections/feed/").content).entries

    assert entry.summary == "Before: 10 March 2021\nAfter: 9 December 2026"
