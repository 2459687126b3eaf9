"""The admin's "Import notices" flow in headless Chromium: upload a PDF, preview, import."""

from __future__ import annotations

from pathlib import Path

import pytest

from decisions.models import Decision
from tests.browser.test_site import DESKTOP, PHONE, browser, open_page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "pdf"
    / "sample_004_7bdb559c16b9bd7d.chromium.pdf"
)


@pytest.fixture
def staging(settings, tmp_path: Path) -> Path:
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    return tmp_path / "staging"


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def log_in(page, live_server, django_user_model) -> None:
    django_user_model.objects.create_superuser("editor", "editor@example.gov.uk", "pw-browser")
    page.goto(live_server.url + "/admin/login/?next=/admin/decisions/decision/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-browser")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/decisions/decision/")


def test_it_uploads_a_pdf_previews_it_and_imports_it(
    browser,  # noqa: F811
    live_server,
    django_user_model,
    staging: Path,
) -> None:
    page = open_page(browser)
    log_in(page, live_server, django_user_model)
    page.get_by_role("link", name="Import notices").click()
    page.wait_for_url("**/admin/decisions/decision/import/")
    assert serious_violations(page) == []

    page.set_input_files("#id_files", str(PDF))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_selector("#preview-heading")
    assert "would be created" in page.locator(".import-file").inner_text()
    assert page.locator(".import-parsed").get_by_text("Children's Improvement Plan Phase 3")
    assert (
        "Title\tChildren's Improvement Plan Phase 3"
        in page.locator(".import-source pre").inner_text()
    )
    screenshot(page, "admin-import-preview-desktop")
    assert serious_violations(page) == []
    assert Decision.objects.count() == 0

    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/admin/decisions/decision/")
    assert "Imported: created 1, updated 0, unchanged 0, failed 0." in page.content()
    screenshot(page, "admin-import-done")
    page.context.close()

    decision = Decision.objects.get()
    assert decision.reference == "I50053845"
    assert decision.title == "Children's Improvement Plan Phase 3"
    assert decision.decision_date.isoformat() == "2026-02-05"
    assert decision.signatory_name == "Jonathan Lester"
    assert decision.source_format == "pdf"
    assert [c.label for c in decision.clauses.all()] == ["a", "b"]
    assert bytes(decision.source_document.data) == PDF.read_bytes()


def test_the_preview_has_no_serious_violations_on_a_phone(
    browser,  # noqa: F811
    live_server,
    django_user_model,
    staging: Path,
) -> None:
    page = open_page(browser, viewport=PHONE)
    log_in(page, live_server, django_user_model)
    page.goto(live_server.url + "/admin/decisions/decision/import/")
    page.set_input_files("#id_files", str(PDF))
    page.get_by_role("button", name="Preview").click()
    page.wait_for_selector("#preview-heading")
    screenshot(page, "admin-import-preview-phone")
    violations = serious_violations(page)
    page.context.close()
    assert violations == []
