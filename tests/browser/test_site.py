"""Browser tests: the flows a person takes, in headless Chromium against a live server.

They need Debian's Chromium at /usr/bin/chromium. Without it they are skipped, unless
REQUIRE_BROWSER=1 (as in CI), when a missing browser is a failure. Screenshots are saved
under screenshots/ for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "screenshots"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module, or a skip (a failure with REQUIRE_BROWSER=1)."""
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures
    # make are still synchronous. Only for these tests: set for the whole session, the
    # variable would fail the deploy check that test_settings.py runs.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def open_page(
    browser: Browser, *, viewport: dict[str, int] = DESKTOP, javascript: bool = True
) -> Page:
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    return context.new_page()


@pytest.fixture
def page(browser: Browser, live_server, seeds) -> Iterator[Page]:
    """A fresh desktop page, with the five sample notices imported."""
    page = open_page(browser)
    yield page
    page.context.close()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_it_searches_filters_and_follows_a_clause_link(page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.fill("#q", "ofsted")
    page.press("#q", "Enter")
    page.wait_for_url("**/decisions/?q=ofsted")
    assert page.locator("#results-heading").inner_text() == "5 decisions match ofsted"
    screenshot(page, "flow-1-search")

    page.locator(".facet--years").get_by_role("link", name="2022").click()
    page.wait_for_url("**/decisions/?q=ofsted&year=2022")
    assert page.locator(".result").count() == 2
    screenshot(page, "flow-2-filtered")

    page.get_by_role("link", name="Ofsted Improvement Action Plan").click()
    page.wait_for_url("**/herefordshire/decisions/I50043387/")
    assert (
        page.title()
        == "Ofsted Improvement Action Plan – Herefordshire Council – Cabinet decisions archive"
    )

    page.get_by_role("link", name="Link to clause b").click()
    page.wait_for_url("**/herefordshire/decisions/I50043387/#clause-b")
    assert page.evaluate("document.querySelector(':target').id") == "clause-b"
    screenshot(page, "flow-3-clause")


def test_it_filters_by_date_with_uk_dates(page, live_server) -> None:
    page.goto(live_server.url + "/decisions/")
    page.fill("#date_from", "01/12/2022")
    page.fill("#date_to", "31/12/2022")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/decisions/?*date_from=01*")
    assert page.locator(".result__title").all_inner_texts() == ["Ofsted Improvement Action Plan"]


def test_it_shows_a_date_error_and_links_to_the_field(page, live_server) -> None:
    page.goto(live_server.url + "/decisions/?date_from=30/02/2022")
    page.get_by_role("link", name="Enter a real date, for example 15/12/2022 or 2022-12-15").click()
    assert page.evaluate("document.querySelector(':target').id") == "date_from"
    screenshot(page, "error-summary")


def test_it_reaches_the_search_box_by_keyboard(page, live_server) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # visible once focused
    screenshot(page, "keyboard-1-skip-link")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # focus is visible
    screenshot(page, "keyboard-2-search-box")


def test_it_works_without_javascript(browser, live_server, seeds) -> None:
    page = open_page(browser, javascript=False)
    page.goto(live_server.url + "/")
    page.fill("#q", '"statutory direction"')
    page.press("#q", "Enter")
    page.wait_for_url("**/decisions/?q=*")
    assert page.locator(".result__title").all_inner_texts() == [
        "Inspection of Herefordshire Children's Services"
    ]
    page.get_by_role("link", name="Inspection of Herefordshire Children's Services").click()
    page.get_by_text("View the original notice").click()
    assert page.locator(".notice-text").is_visible()
    page.context.close()


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", "/"),
        ("list", "/decisions/?q=ofsted"),
        ("list-empty", "/decisions/?q=zebra&year=2022"),
        ("list-error", "/decisions/?date_from=2022-02-30"),
        ("decision", "/herefordshire/decisions/I50043387/"),
        ("councillor", "/councillors/jonathan-lester/"),
        ("councillors", "/councillors/"),
        ("councils", "/councils/"),
        ("about", "/about/"),
        ("not-found", "/herefordshire/decisions/I00000000/"),
        ("timelines", "/timelines/"),
        ("timeline", "/herefordshire/timelines/childrens-services-improvement/"),
        (
            "timeline-filtered",
            "/herefordshire/timelines/childrens-services-improvement/?kind=inspection",
        ),
    ],
)
def test_it_has_no_serious_accessibility_violations(
    browser: Browser, live_server, seeds, name: str, path: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = open_page(browser, viewport=viewport)
        page.goto(live_server.url + path)
        if name == "decision":
            page.get_by_text("View the original notice").click()
        violations = Axe().run(page).response["violations"]
        serious = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        # Reflow (WCAG 1.4.10): nothing may need sideways scrolling, even on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        screenshot(page, f"{name}-{label}")
        page.context.close()
        assert serious == [], f"{path} at {label} width"
        assert overflow <= 0, f"{path} scrolls sideways at {label} width"
