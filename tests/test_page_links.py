"""Pages link to their open-data versions, say their canonical address, carry Open Graph
tags, and decisions can be cited."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db


def test_the_list_links_to_its_search_as_json_csv_atom_and_ics(client, seeds) -> None:
    html = client.get("/decisions/?q=ofsted&year=2022&page=1").content.decode()
    query = "?q=ofsted&amp;year=2022"
    assert f'<link rel="canonical" href="http://testserver/decisions/{query}">' in html
    for media_type, href in (
        ("application/json", f"/api/decisions/{query}"),
        ("text/csv", f"/decisions/export.csv{query}"),
        ("application/atom+xml", f"/decisions/feed/{query}"),
        ("text/calendar", f"/decisions/call-in.ics{query}"),
    ):
        assert f'rel="alternate" type="{media_type}"' in html
        assert f'href="{href}"' in html
    assert '<meta property="og:title" content="Search cabinet decisions">' in html


def test_a_decision_links_to_its_versions_and_has_a_card(client, seeds) -> None:
    html = client.get("/herefordshire/decisions/I50042913/").content.decode()
    assert (
        '<link rel="canonical" href="http://testserver/herefordshire/decisions/I50042913/">' in html
    )
    json_link = (
        'type="application/json" title="This decision as JSON" '
        'href="/api/decisions/herefordshire/I50042913/"'
    )
    assert json_link in html
    assert 'href="/herefordshire/decisions/I50042913/export.csv"' in html
    assert 'href="/herefordshire/decisions/I50042913/feed/"' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Inspection of Herefordshire' in html
    assert '<meta property="og:description" content="' in html


def test_a_decision_can_be_cited_without_javascript(client, seeds) -> None:
    with time_machine.travel(datetime(2026, 12, 1, 10, tzinfo=ZoneInfo("Europe/London"))):
        html = client.get("/herefordshire/decisions/I50042913/").content.decode()
    assert '<h2 class="heading-m" id="cite-heading">Cite this decision</h2>' in html
    assert (
        "Decision I50042913, 29 September 2022. Cabinet decisions archive. Available at: "
        "http://testserver/herefordshire/decisions/I50042913/ (Accessed: 1 December 2026)."
    ) in html
    assert 'data-copy-target="citation-text" hidden>' in html  # shown only by the script
    assert '<script src="/static/js/cite.js" defer></script>' in html


def test_a_councillor_and_a_timeline_link_to_their_versions(client, seeds) -> None:
    html = client.get("/councillors/jonathan-lester/").content.decode()
    assert 'href="/api/councillors/jonathan-lester/"' in html
    assert 'href="/decisions/export.csv?councillor=jonathan-lester"' in html
    assert 'href="/councillors/jonathan-lester/feed/"' in html
    assert '<link rel="canonical" href="http://testserver/councillors/jonathan-lester/">' in html
    html = client.get("/herefordshire/timelines/childrens-services-improvement/").content.decode()
    assert 'href="/api/timelines/herefordshire/childrens-services-improvement/"' in html
    assert 'href="/herefordshire/timelines/childrens-services-improvement/export.csv"' in html
    assert 'href="/herefordshire/timelines/childrens-services-improvement/feed/"' in html
    og_title = "Children&#x27;s services improvement, Herefordshire Council"
    assert f'<meta property="og:title" content="{og_title}">' in html


def test_the_about_page_explains_the_licence(client) -> None:
    html = client.get("/about/").content.decode()
    assert '<h2 class="heading-m" id="licence">Reusing the data</h2>' in html
    assert "Open Government Licence v3.0" in html
