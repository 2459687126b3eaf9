"""Browser tests of the trust pages: corrections you can see, a withdrawn decision, search
that helps, and the API docs, each in headless Chromium at 1280 and 390 px with axe-core
finding no serious or critical violation and nothing scrolling sideways."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from decisions.models import Correction
from decisions.withdrawals import withdraw_decision
from tests.browser import test_site
from tests.browser.test_site import DESKTOP, open_page, screenshot
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = test_site.browser  # the one headless Chromium fixture
PHONE_390 = {"width": 390, "height": 844}
NARROWEST = {"width": 320, "height": 640}


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
    withdraw_decision(decision=seeds["004"], reason="Published in error.", user=None)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("api-docs", "/api/docs/"),
        ("corrected-decision", "/herefordshire/decisions/I50043387/"),
        ("corrections", "/corrections/"),
        ("did-you-mean", "/decisions/?q=Ofstead"),
        ("unknown-reference", "/decisions/?q=I50099999"),
        ("withdrawn", "WITHDRAWN"),
        ("councillor", "/councillors/jonathan-lester/"),
        ("timeline", "/herefordshire/timelines/childrens-services-improvement/"),
    ],
)
def test_the_trust_pages_pass_axe_and_reflow(
    browser: Browser,
    live_server,
    seeds,
    name: str,
    path: str,
) -> None:
    corrected(seeds)
    if path == "WITHDRAWN":
        path = seeds["004"].get_absolute_url()
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


@pytest.mark.parametrize(
    "path",
    ["/councillors/jonathan-lester/", "/herefordshire/timelines/childrens-services-improvement/"],
)
def test_the_pages_reflow_at_320_px(browser: Browser, live_server, seeds, path: str) -> None:
    page = open_page(browser, viewport=NARROWEST)
    page.goto(live_server.url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(page, "trust-320" + path.replace("/", "-").rstrip("-"))
    if "timelines" in path:
        hint = page.locator(".overview-hint")
        assert hint.is_visible()
        assert "Scroll the picture sideways" in hint.inner_text()
        scrolls = page.evaluate(
            "(() => { const s = document.querySelector('.overview-scroll');"
            " return s.scrollWidth > s.clientWidth; })()"
        )
        assert scrolls  # the picture scrolls inside its box, not the page
    else:
        table = page.locator("table.table--wrap")
        assert table.evaluate("t => t.getBoundingClientRect().right") <= 320
    page.context.close()
    assert overflow <= 0, f"{path} scrolls sideways at 320 px"


def test_the_overview_hint_is_hidden_where_the_picture_fits(
    browser: Browser, live_server, seeds
) -> None:
    page = open_page(browser, viewport=DESKTOP)
    page.goto(live_server.url + "/herefordshire/timelines/childrens-services-improvement/")
    assert not page.locator(".overview-hint").is_visible()
    page.context.close()


def test_the_footer_sits_at_the_bottom_of_a_short_page(
    browser: Browser, live_server, seeds
) -> None:
    page = open_page(browser, viewport=DESKTOP)
    page.goto(live_server.url + "/herefordshire/decisions/I00000000/")  # the short "not found" page
    bottom = page.evaluate("document.querySelector('.site-footer').getBoundingClientRect().bottom")
    height = page.evaluate("window.innerHeight")
    page.context.close()
    assert abs(bottom - height) <= 1


def test_an_admin_withdraws_and_restores_and_a_mirror_learns_of_both(
    browser: Browser, live_server, seeds, django_user_model
) -> None:
    from datetime import UTC, datetime

    from tests.browser.test_corrections import PASSWORD, log_in

    django_user_model.objects.create_superuser("editor", "editor@example.gov.uk", PASSWORD)
    decision = seeds["002"]
    api = f"{live_server.url}/api/decisions/?include=withdrawn&modified_since="
    synced = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    page = log_in(browser, live_server, viewport=DESKTOP)

    page.goto(f"{live_server.url}/admin/decisions/decision/{decision.pk}/change/")
    page.get_by_role("link", name="Withdraw this decision").first.click()
    page.get_by_role("button", name="Withdraw this decision").click()  # no reason yet
    assert page.locator("#id_reason").evaluate("box => box.validity.valueMissing")
    page.get_by_label("Reason for withdrawing it").fill("   ")  # past the browser, not us
    page.get_by_role("button", name="Withdraw this decision").click()
    assert "Give a reason for withdrawing this decision." in page.content()
    page.get_by_label("Reason for withdrawing it").fill("Published in error.")
    page.get_by_role("button", name="Withdraw this decision").click()
    page.wait_for_url(f"**/admin/decisions/decision/{decision.pk}/change/")
    assert serious_violations(page) == []
    screenshot(page, "trust-admin-withdrawn")

    withdrawn = page.request.get(api + synced).json()["results"]
    assert [(r["reference"], r["withdrawn_reason"]) for r in withdrawn] == [
        (decision.reference, "Published in error.")
    ]
    gone = page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    assert gone is not None and gone.status == 410

    synced = withdrawn[0]["modified"]
    page.goto(f"{live_server.url}/admin/decisions/decision/{decision.pk}/change/")
    page.get_by_role("link", name="Restore this decision").first.click()
    page.get_by_label("Reason for restoring it").fill("The error is corrected.")
    page.get_by_role("button", name="Restore this decision").click()
    page.wait_for_url(f"**/admin/decisions/decision/{decision.pk}/change/")

    restored = page.request.get(api + synced).json()["results"]
    assert [(r["reference"], r["withdrawn"]) for r in restored] == [(decision.reference, None)]
    back = page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    assert back is not None and back.status == 200
    page.context.close()
