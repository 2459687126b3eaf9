"""Browser tests of the trust pages: corrections you can see, a withdrawn decision, search
that helps, and the API docs, each in headless Chromium at 1280 and 390 px with axe-core
finding no serious or critical violation and nothing scrolling sideways."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from decisions.models import Correction
from tests.browser.test_site import DESKTOP, browser, open_page, screenshot  # noqa: F401
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}


def serious_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[(n['target'], n['failureSummary']) for n in v['nodes']]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def corrected(seeds) -> None:
    decision = seeds["000"]
    Correction.objects.create(
        decision=decision,
        field="call_in_expiry",
        old_value="2021-03-10",
        new_value="2026-12-09",
        reason="The notice gave the wrong year.",
    )
    Correction.objects.create(
        decision=decision,
        clause_key="b",
        field="text",
        old_value="Cabinet approve the plan.",
        new_value="Cabinet endorse the plan.",
        reason="Typo.",
    )


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("api-docs", "/api/docs/"),
        ("corrected-decision", "/decisions/I50043387/"),
        ("corrections", "/corrections/"),
        ("did-you-mean", "/decisions/?q=Ofstead"),
        ("unknown-reference", "/decisions/?q=I50099999"),
    ],
)
def test_the_trust_pages_pass_axe_and_reflow(
    browser: Browser,  # noqa: F811
    live_server,
    seeds,
    name: str,
    path: str,
) -> None:
    corrected(seeds)
    for label, viewport in (("desktop", DESKTOP), ("phone-390", PHONE_390)):
        page = open_page(browser, viewport=viewport)
        page.goto(live_server.url + path)
        if name == "api-docs":
            page.wait_for_selector("#swagger-ui .opblock", timeout=15_000)
        serious = serious_violations(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        screenshot(page, f"trust-{name}-{label}")
        page.context.close()
        assert serious == [], f"{path} at {label} width"
        assert overflow <= 0, f"{path} scrolls sideways at {label} width"
