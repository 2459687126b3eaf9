"""Two councils in a browser: the samples imported into Herefordshire, and a copy of them
that reuses their references imported into a second council. Each page names its council,
each council's search finds its own, and an old URL redirects or lists the councils."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command

from decisions.councils import save_council
from tests.browser import test_site
from tests.browser.test_site import DESKTOP, PHONE, open_page, screenshot
from tests.browser.test_trust import serious_violations
from tests.conftest import SAMPLES

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = test_site.browser  # the one headless Chromium fixture
REFERENCE = "I50043387"


def import_into(council: str, folder: Path) -> None:
    call_command(
        "import_notices",
        str(folder),
        "--council",
        council,
        "--jobs",
        "0",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


@pytest.fixture
def two_councils(tmp_path: Path) -> None:
    save_council("herefordshire", name="Herefordshire Council", gss_code="E06000019")
    save_council(
        "anyshire",
        name="Anyshire Council",
        gss_code="E06000099",
        contact_url="https://anyshire.example.gov.uk/contact",
    )
    copy = tmp_path / "copy"
    shutil.copytree(SAMPLES, copy)  # the same references, another council's copy
    import_into("herefordshire", SAMPLES)
    import_into("anyshire", copy)


def test_each_council_is_browsed_apart_and_old_urls_still_work(
    browser: Browser, live_server, two_councils
) -> None:
    page = open_page(browser)
    page.goto(live_server.url + "/councils/")
    page.get_by_role("link", name="Anyshire Council").click()
    page.wait_for_url("**/anyshire/")
    assert page.locator("h1").inner_text() == "Anyshire Council"
    screenshot(page, "council-home")

    page.fill("#q", "ofsted")
    page.press("#q", "Enter")
    page.wait_for_url("**/anyshire/decisions/?q=ofsted")
    results = page.locator("#results .result__title a")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert hrefs and all(href.startswith("/anyshire/decisions/") for href in hrefs)
    screenshot(page, "council-search")

    page.locator(f'#results a[href="/anyshire/decisions/{REFERENCE}/"]').click()
    page.wait_for_url(f"**/anyshire/decisions/{REFERENCE}/")
    assert "Anyshire Council" in page.title()
    assert page.locator(".council-bar__name").inner_text() == "Anyshire Council"
    assert page.locator(".caption").inner_text().startswith("Anyshire Council")
    assert "Anyshire Council, Cabinet (2022)" in page.locator("body").inner_text()
    screenshot(page, "council-decision")

    page.goto(live_server.url + "/decisions/?q=ofsted")
    facet = page.locator("#filters").get_by_role("link", name="Herefordshire Council")
    facet.click()
    page.wait_for_url("**council=herefordshire**")
    hrefs = [
        page.locator("#results .result__title a").nth(i).get_attribute("href")
        for i in range(page.locator("#results .result__title a").count())
    ]
    assert hrefs and all(href.startswith("/herefordshire/decisions/") for href in hrefs)

    # Both councils have the reference: the old URL lists them.
    response = page.goto(live_server.url + f"/decisions/{REFERENCE}/")
    assert response is not None and response.status == 300
    page.get_by_role("link", name="Herefordshire Council: Ofsted Improvement Action Plan").click()
    page.wait_for_url(f"**/herefordshire/decisions/{REFERENCE}/")
    screenshot(page, "council-old-url-choices")
    page.context.close()


def test_a_redirect_from_an_old_url_lands_on_the_councils_page(
    browser: Browser, live_server, tmp_path
) -> None:
    save_council("herefordshire", name="Herefordshire Council", gss_code="E06000019")
    import_into("herefordshire", SAMPLES)
    page = open_page(browser)
    page.goto(live_server.url + f"/decisions/{REFERENCE}/")
    assert page.url == live_server.url + f"/herefordshire/decisions/{REFERENCE}/"
    assert page.locator(".council-bar__name").inner_text() == "Herefordshire Council"
    page.context.close()


@pytest.mark.parametrize("path", ["/anyshire/", "/anyshire/decisions/?q=ofsted", "/councils/"])
def test_council_pages_are_accessible(browser: Browser, live_server, two_councils, path) -> None:
    for viewport in (DESKTOP, PHONE):
        page = open_page(browser, viewport=viewport)
        page.goto(live_server.url + path)
        assert serious_violations(page) == [], path
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways"
        page.context.close()
