"""The admin's "Needs checking" flow in headless Chromium: open an OCR'd decision from the
list, see the scanned page beside its fields, confirm one field and correct another."""

from __future__ import annotations

import pytest

from decisions.models import Correction, Decision
from tests.admin.test_needs_checking import _ocr_decision
from tests.browser.test_admin_import import log_in, serious_violations
from tests.browser.test_site import DESKTOP, PHONE, browser, open_page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_confirms_and_corrects_low_confidence_fields_beside_the_scan(
    browser,  # noqa: F811
    live_server,
    django_user_model,
) -> None:
    decision = _ocr_decision(
        title="Ofsted Improvement Action Plan",
        purpose="To present the p1an",
        field_confidence={"title": 71.0, "purpose": 58.0, "decision_date": 99.0},
    )
    page = open_page(browser)
    log_in(page, live_server, django_user_model)
    page.get_by_role("link", name="Needs checking").click()
    page.wait_for_url("**/admin/decisions/needs-checking/")
    assert "Title (71%), Purpose (58%)" in page.locator("#needs-checking").inner_text()
    assert serious_violations(page) == []

    page.get_by_role("link", name=f"{decision.reference}: Ofsted Improvement Action Plan").click()
    page.wait_for_selector("#check-title")
    # Every request done before the next: the test server's SQLite takes one at a time.
    page.wait_for_load_state("networkidle")
    image = page.get_by_alt_text("Scanned page 1 of 1")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert serious_violations(page) == []
    screenshot(page, "admin-needs-checking-desktop")

    page.locator("#check-title").get_by_role("button", name="Confirm as read").click()
    page.wait_for_selector(".messagelist")
    page.wait_for_load_state("networkidle")
    assert "Title confirmed." in page.locator(".messagelist").inner_text()
    page.fill("#value-purpose", "To present the plan")
    page.fill("#reason-purpose", "1 read for l")
    page.locator("#check-purpose").get_by_role("button", name="Save correction").click()
    page.wait_for_selector("text=Purpose corrected.")
    page.wait_for_load_state("networkidle")
    assert "Nothing left to check on this decision." in page.content()
    page.context.close()

    assert Decision.objects.get().purpose == "To present the plan"
    assert sorted(Correction.objects.values_list("field", "new_value")) == [
        ("purpose", "To present the plan"),
        ("title", "Ofsted Improvement Action Plan"),
    ]
