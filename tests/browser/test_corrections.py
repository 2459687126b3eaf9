"""Correcting a record as an admin does it, in headless Chromium: the change form at a
desktop and a phone width, a clause corrected with a reason, and the correction on the
public decision page and on /corrections/.

Screenshots are saved under screenshots/ (see tests/test_browser.py for the set-up).
"""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING

import pytest

from decisions.models import Correction
from tests.browser import test_site as test_browser
from tests.browser.test_site import SCREENSHOTS, open_page, screenshot
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
browser = test_browser.browser  # the one headless Chromium fixture

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}
PASSWORD = "a-long-test-password"
REASON = "The notice misprinted the amount."


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.gov.uk", PASSWORD)


def log_in(browser: Browser, live_server, *, viewport: dict[str, int]) -> Page:
    """A page signed in to the admin through its login form."""
    page = open_page(browser, viewport=viewport)
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def csp_errors(page: Page) -> list[str]:
    """Collects the page's Content-Security-Policy violations as it runs."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def serious_violations(page: Page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sideways_scroll(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def in_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def change_url(live_server, seeds, number: str = "000") -> str:
    return f"{live_server.url}/admin/decisions/decision/{seeds[number].pk}/change/"


@pytest.mark.parametrize(("label", "viewport"), [("1280", WIDE), ("390", NARROW)])
def test_the_change_form_fits_and_keeps_the_notice_and_save_in_reach(
    browser, live_server, seeds, editor, label: str, viewport: dict[str, int]
) -> None:
    page = log_in(browser, live_server, viewport=viewport)
    errors = csp_errors(page)
    page.goto(change_url(live_server, seeds))
    screenshot(page, f"admin-change-form-{label}-full")
    page.screenshot(path=str(SCREENSHOTS / f"admin-change-form-{label}.png"))  # as first seen

    assert sideways_scroll(page) <= 0, f"the change form scrolls sideways at {label} px"
    assert in_viewport(page, 'input[name="_save"]')  # Save on top, without scrolling
    source = page.locator(".correction-source").bounding_box()
    fields = page.locator(".correction-layout__fields").bounding_box()
    assert source is not None and fields is not None
    if viewport is WIDE:  # beside the fields, and still there half-way down them
        assert source["x"] + source["width"] <= fields["x"]
        page.locator("#id_signatory_role").evaluate("e => e.scrollIntoView({block: 'center'})")
        assert in_viewport(page, ".correction-source")
        assert in_viewport(page, '.correction-bar input[name="_save"]')
        assert in_viewport(page, "#id_correction_reason")
        page.locator("#clauses-group").evaluate("clauses => clauses.scrollIntoView()")
        page.screenshot(path=str(SCREENSHOTS / f"admin-change-form-{label}-clauses.png"))
        assert in_viewport(page, '.correction-bar input[name="_save"]')
    else:  # above them
        assert source["y"] + source["height"] <= fields["y"]
        page.locator("#clauses-group").evaluate("clauses => clauses.scrollIntoView()")
        page.screenshot(path=str(SCREENSHOTS / f"admin-change-form-{label}-clauses.png"))
    assert page.locator("#id_clauses-0-text").evaluate("e => e.tagName") == "TEXTAREA"
    assert errors == []  # checked before axe runs: axe's own probes set inline styles
    assert serious_violations(page) == []
    page.context.close()


def test_an_admin_corrects_a_clause_and_the_public_sees_it(
    browser, live_server, seeds, editor
) -> None:
    page = log_in(browser, live_server, viewport=WIDE)
    page.goto(change_url(live_server, seeds))
    clause = page.locator("#clauses-group .inline-related", has_text="Clause b").first
    text = clause.locator("textarea")
    old = text.input_value()
    text.fill(old.replace("Cabinet", "The Cabinet", 1) + " (as amended)")

    page.locator('.correction-bar input[name="_save"]').click()  # no reason yet
    assert page.locator(".correction-bar__reason .errorlist").inner_text() == (
        "Give a reason for this correction."
    )
    assert not Correction.objects.exists()
    page.locator("#id_correction_reason").focus()
    page.screenshot(path=str(SCREENSHOTS / "admin-correction-needs-reason.png"))

    page.fill("#id_correction_reason", REASON)
    page.locator('.correction-bar input[name="_save"]').click()
    page.wait_for_url("**/admin/decisions/decision/")
    correction = Correction.objects.get()
    assert (correction.clause_key, correction.reason) == ("b", REASON)

    page.goto(live_server.url + f"/herefordshire/decisions/{seeds['000'].reference}/#corrections")
    history = page.locator("#corrections + p + .corrections")
    assert "Clause b: text" in history.inner_text()
    assert "(as amended)" in history.locator("ins.diff__added").last.inner_text()
    assert f"Reason: {REASON}" in history.inner_text()
    assert "editor" not in history.inner_text()
    screenshot(page, "correction-on-decision-page")

    page.get_by_role("link", name="Corrections", exact=True).click()
    page.wait_for_url("**/corrections/")
    entry = page.locator(".correction").first
    assert f"{seeds['000'].reference}: {seeds['000'].title}" in entry.inner_text()
    assert REASON in entry.inner_text()
    screenshot(page, "corrections-page")
    entry.get_by_role("link").click()
    page.wait_for_url(f"**/herefordshire/decisions/{seeds['000'].reference}/#corrections")
    page.context.close()


@pytest.mark.parametrize(("label", "viewport"), [("1280", WIDE), ("390", NARROW)])
def test_the_corrected_pages_have_no_serious_accessibility_violations(
    browser, live_server, seeds, label: str, viewport: dict[str, int]
) -> None:
    decision = seeds["000"]
    Correction.objects.create(
        decision=decision,
        clause_key="b",
        field="text",
        old_value="Cabinet approve the plan.",
        new_value="Cabinet endorse the plan.",
        reason=REASON,
    )
    for path in (f"/herefordshire/decisions/{decision.reference}/", "/corrections/"):
        page = open_page(browser, viewport=viewport)
        errors = csp_errors(page)
        page.goto(live_server.url + path)
        assert errors == [], path  # before axe runs: axe's own probes set inline styles
        assert serious_violations(page) == [], f"{path} at {label} px"
        assert sideways_scroll(page) <= 0, f"{path} scrolls sideways at {label} px"
        page.context.close()


def test_an_admin_adds_a_sub_clause_choosing_its_parent_by_key(
    browser, live_server, seeds, editor
) -> None:
    page = log_in(browser, live_server, viewport=NARROW)
    page.goto(change_url(live_server, seeds))
    page.locator("#clauses-group .add-row a").click()
    new = page.locator("#clauses-3")
    new.locator('input[name="clauses-3-label"]').fill("i")
    new.locator('input[name="clauses-3-position"]').fill("3")
    new.locator('select[name="clauses-3-parent"]').select_option(label="b")
    new.locator('textarea[name="clauses-3-text"]').fill("The plan is published on the website.")
    page.fill("#id_correction_reason", "The notice left this sub-clause out.")
    page.locator('.correction-bar input[name="_continue"]').click()
    page.wait_for_url(change_url(live_server, seeds))
    added = Correction.objects.get()
    assert (added.field, added.clause_key) == ("added", "b-i")
    assert page.locator("#clauses-group .has_original .inline_label").all_inner_texts() == [
        "a",
        "b",
        "c",
        "b-i",
    ]
    page.context.close()


def test_an_admin_adds_and_removes_timeline_decisions_that_survive_a_reimport(
    browser, live_server, seeds, editor
) -> None:
    from django.core.management import call_command

    from decisions.models import Decision
    from decisions.timelines.models import Timeline, TimelineMembership
    from tests.fixtures_archive import SAMPLES
    from tests.timelines.test_admin_membership import SHORT_BREAKS, TAKEN_OFF

    call_command("import_notices", str(SHORT_BREAKS), stdout=StringIO())
    short_breaks = Decision.objects.get(title__startswith="Short breaks")
    timeline = Timeline.objects.get(slug="childrens-services-improvement")
    page = log_in(browser, live_server, viewport=WIDE)
    page.goto(f"{live_server.url}/admin/timelines/timeline/{timeline.pk}/change/")

    page.locator("#memberships-group tr.form-row", has_text=TAKEN_OFF).locator(
        'input[name$="-hidden"]'
    ).check()
    page.locator("#memberships-group .add-row a").click()
    page.locator(
        "#memberships-group tr.form-row.dynamic-memberships .select2-selection"
    ).last.click()
    page.locator(".select2-search__field").fill("Short breaks")
    page.locator(".select2-results__option", has_text=short_breaks.reference).click()
    page.locator('input[name="_save"]').click()
    page.wait_for_url("**/admin/timelines/timeline/")

    call_command("import_notices", str(SAMPLES), str(SHORT_BREAKS), "--reparse", stdout=StringIO())

    added = TimelineMembership.objects.get(decision=short_breaks)
    removed = TimelineMembership.objects.get(decision__reference=TAKEN_OFF)
    assert (added.origin, added.hidden, removed.hidden) == ("admin", False, True)
    page.goto(live_server.url + "/herefordshire/timelines/childrens-services-improvement/")
    assert (
        page.locator(f'a[href^="/herefordshire/decisions/{short_breaks.reference}/"]').count() > 0
    )
    assert page.locator(f'a[href^="/herefordshire/decisions/{TAKEN_OFF}/"]').count() == 0
    page.context.close()
