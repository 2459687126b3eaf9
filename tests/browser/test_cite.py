"""Browser test: copying a decision's citation, with JavaScript and without."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_site import browser, open_page, screenshot  # noqa: F401 - the fixture
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_copies_the_citation_with_the_button(browser, live_server, seeds) -> None:  # noqa: F811
    page = open_page(browser)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + "/herefordshire/decisions/I50042913/")
    button = page.get_by_role("button", name="Copy citation")
    button.click()
    # The clipboard answers asynchronously: wait for the status, do not read it at once.
    expect(page.locator("[data-copy-status]")).to_have_text("Citation copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(
        "Herefordshire Council, Cabinet (2022) Inspection of Herefordshire Children's Services."
    )
    assert "Available at: " + live_server.url + "/herefordshire/decisions/I50042913/" in copied
    page.locator("#cite-heading").scroll_into_view_if_needed()
    screenshot(page, "decision-cite")
    page.context.close()


def test_it_selects_the_citation_in_one_click_without_javascript(
    browser,  # noqa: F811
    live_server,
    seeds,
) -> None:
    page = open_page(browser, javascript=False)
    page.goto(live_server.url + "/herefordshire/decisions/I50042913/")
    assert not page.get_by_role("button", name="Copy citation").is_visible()
    page.locator("#citation-text").click()
    selected = page.evaluate("window.getSelection().toString()")  # evaluate runs regardless
    assert selected.strip() == page.locator("#citation-text").inner_text().strip()
    page.context.close()
