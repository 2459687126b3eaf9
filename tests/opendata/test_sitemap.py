"""/sitemap.xml (decisions, councillors, timelines) and /robots.txt, which names it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_it_lists_every_decision_councillor_and_timeline(client, seeds) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}
    assert "http://testserver/decisions/I50042913/" in locations
    assert "http://testserver/councillors/jonathan-lester/" in locations
    assert "http://testserver/timelines/childrens-services-improvement/" in locations
    assert len([loc for loc in locations if "/decisions/" in loc]) == 5
    assert all(url.findtext(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url")[:5])


def test_it_names_the_sitemap_in_robots_txt(client) -> None:
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
