"""/sitemap.xml (decisions, councillors, timelines) and /robots.txt, which names it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert "public" in response["Cache-Control"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


def index_pages(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [page.findtext(f"{SITEMAP}loc") for page in root.findall(f"{SITEMAP}sitemap")]


def test_it_lists_every_decision_councillor_and_timeline(client, seeds) -> None:
    pages = index_pages(client)
    assert "http://testserver/sitemap-decisions.xml" in pages
    found = {
        loc for page in pages for loc in locations(client, page.removeprefix("http://testserver"))
    }
    assert "http://testserver/herefordshire/decisions/I50042913/" in found
    assert "http://testserver/councillors/jonathan-lester/" in found
    assert "http://testserver/herefordshire/" in found  # the council's home
    assert "http://testserver/herefordshire/timelines/childrens-services-improvement/" in found
    assert len([loc for loc in found if "/decisions/" in loc]) == 5


def test_a_large_section_is_split_into_pages_listed_by_the_index(
    client, seeds, monkeypatch
) -> None:
    from decisions.opendata.sitemaps import DecisionSitemap

    monkeypatch.setattr(DecisionSitemap, "limit", 2)
    pages = [p for p in index_pages(client) if "decisions" in p]
    assert pages == [
        "http://testserver/sitemap-decisions.xml",
        "http://testserver/sitemap-decisions.xml?p=2",
        "http://testserver/sitemap-decisions.xml?p=3",
    ]
    per_page = [locations(client, p.removeprefix("http://testserver")) for p in pages]
    assert [len(urls) for urls in per_page] == [2, 2, 1]
    assert len({url for urls in per_page for url in urls}) == 5
    assert client.get("/sitemap-decisions.xml?p=4").status_code == 404


def test_the_index_and_a_page_cost_the_same_queries_for_any_size(
    client, seeds, monkeypatch, django_assert_max_num_queries
) -> None:
    from decisions.opendata.sitemaps import DecisionSitemap
    from tests.factories import make_decision

    monkeypatch.setattr(DecisionSitemap, "limit", 2)
    with django_assert_max_num_queries(8) as few:
        client.get("/sitemap.xml")
    for _ in range(30):
        make_decision()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/sitemap.xml")
    with django_assert_max_num_queries(2):
        client.get("/sitemap-decisions.xml?p=3")


def test_it_names_the_sitemap_in_robots_txt(client) -> None:
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
