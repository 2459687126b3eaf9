"""Browser test: sign up for a search alert and a councillor alert without JavaScript,
confirm both from the emails' links, get one email with both matches after an import, and
unsubscribe in one click, against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from decisions.alerts.run import send_alerts
from tests.alerts.conftest import (  # noqa: F401 - the `smtp` fixture
    ILACS,
    OFSTED_PLAN,
    PHASE_3,
    PLAN_2026,
    import_notice,
    smtp,
)
from tests.alerts.helpers import run_worker
from tests.browser.test_site import browser, open_page, screenshot  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDRESS = "journalist@example.org"


def sign_up_on(page, url: str) -> None:
    page.goto(url)
    form = page.locator("form.alerts-signup__form")
    form.get_by_label("Email address").fill(ADDRESS)
    form.get_by_label("Once a day").check()
    form.get_by_label("As soon as possible").check()
    form.get_by_role("button", name="Get email alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")


def test_it_signs_up_confirms_sends_one_email_and_unsubscribes_in_one_click(
    browser,  # noqa: F811
    live_server,
    settings,
    smtp,  # noqa: F811
) -> None:
    settings.SITE_URL = live_server.url
    import_notice(PHASE_3)  # Jonathan Lester has a page
    page = open_page(browser, javascript=False)

    sign_up_on(page, live_server.url + "/decisions/?q=Ofsted")
    screenshot(page, "alerts-1-check-email")
    sign_up_on(page, live_server.url + "/councillors/jonathan-lester/")
    assert smtp.messages == []  # the pages send nothing: they queue a task for a worker
    run_worker()
    assert [m["Subject"] for m in smtp.messages] == ["Confirm your email alert"] * 2
    for message in list(smtp.messages):
        page.goto(smtp.link(message, "confirm"))
        page.get_by_role("button", name="Confirm my email alert").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your email alert is on")
    screenshot(page, "alerts-2-confirmed")
    smtp.messages.clear()

    import_notice(OFSTED_PLAN)  # found by the search
    import_notice(PLAN_2026)  # signed by Jonathan Lester
    assert send_alerts().sent.sent == 1

    (message,) = smtp.messages
    text = smtp.text(message)
    assert "Ofsted Improvement Action Plan" in text
    assert "Children's Improvement Plan Phase 3" in text
    link = f"{live_server.url}/herefordshire/decisions/I50043387/"
    assert link in text and link in smtp.html(message)
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    unsubscribe = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert unsubscribe.startswith(live_server.url + "/alerts/unsubscribe/")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ofsted Improvement Action Plan")

    assert send_alerts().sent.sent == 0  # again: nothing new
    assert len(smtp.messages) == 1

    # RFC 8058: the mail system POSTs to the header's address, with no cookie or token.
    response = page.request.post(unsubscribe, form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200 and "are stopped" in response.text()

    import_notice(ILACS)  # Ofsted again
    assert send_alerts().queued.messages == 0
    assert len(smtp.messages) == 1
    page.context.close()
