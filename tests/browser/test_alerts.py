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


def test_the_alerts_pages_have_no_serious_accessibility_violations(
    browser,  # noqa: F811
    live_server,
) -> None:
    """The sign-up form shown again with its error, the confirm, manage and unsubscribe
    pages: axe finds nothing serious, at desktop and phone widths, and no inline style."""
    from axe_playwright_python.sync_playwright import Axe

    from decisions.alerts.models import Alert, Subscriber
    from decisions.alerts.tokens import CONFIRM, MANAGE, UNSUBSCRIBE, make_token
    from tests.alerts.helpers import confirmed_alert
    from tests.browser.test_site import PHONE

    alert = confirmed_alert(querystring="q=Ofsted")
    pending = Subscriber.objects.create(email="new@example.org")
    waiting = Alert.objects.create(subscriber=pending, kind="search", label="Every new decision")
    pages = {
        "confirm": f"/alerts/confirm/{make_token(pending, CONFIRM, alert_id=waiting.pk)}/",
        "manage": f"/alerts/manage/{make_token(alert.subscriber, MANAGE)}/",
        "unsubscribe": f"/alerts/unsubscribe/{make_token(alert.subscriber, UNSUBSCRIBE)}/",
    }
    for label, viewport in (("desktop", None), ("phone", PHONE)):
        page = open_page(browser, **({"viewport": viewport} if viewport else {}))  # axe needs JS
        for name, path in [("sign-up-error", "/decisions/?q=Ofsted"), *pages.items()]:
            page.goto(live_server.url + path)
            if name == "sign-up-error":  # the browser lets it through; the server does not
                form = page.locator("form.alerts-signup__form")
                form.get_by_label("Email address").fill("a..b@example.org")
                form.get_by_role("button", name="Get email alerts").click()
                expect(page.locator(".error-summary")).to_contain_text("Enter an email address")
                page.get_by_role("link", name="Go back to the page you came from").wait_for()
            assert page.locator("main [style]").count() == 0, name
            violations = Axe().run(page).response["violations"]
            serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            screenshot(page, f"alerts-{name}-{label}")
            assert serious == [], f"{name} at {label} width"
            assert overflow <= 0, f"{name} scrolls sideways at {label} width"
        page.context.close()
