"""What the sign-up error, confirm and unsubscribe pages show a person: enough to know
what they are doing, and a way back."""

from __future__ import annotations

import pytest

from decisions.alerts.backlinks import safe_back
from decisions.alerts.models import Alert, Subscriber
from decisions.alerts.tokens import CONFIRM, UNSUBSCRIBE, make_token
from tests.alerts.helpers import confirmed_alert

pytestmark = pytest.mark.django_db

BAD = {"email": "not-an-address", "kind": "search", "frequency": "daily"}


def test_a_bad_address_shows_the_form_again_with_its_error_and_a_way_back(client) -> None:
    response = client.post(
        "/alerts/", BAD | {"querystring": "q=Ofsted", "back": "/decisions/?q=Ofsted"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter an email address like name@example.com" in page
    assert '<form class="alerts-signup__form" action="/alerts/" method="post"' in page
    assert '<input type="hidden" name="kind" value="search">' in page
    assert '<input type="hidden" name="querystring" value="q=Ofsted">' in page
    assert 'value="not-an-address"' in page
    assert 'aria-describedby="alerts-email-search-error"' in page
    assert '<a href="/decisions/?q=Ofsted">Go back to the page you came from</a>' in page
    assert not Alert.objects.exists()


def test_a_bad_address_keeps_the_choices_made(client) -> None:
    response = client.post(
        "/alerts/",
        BAD | {"querystring": "q=Ofsted", "frequency": "weekly", "include_changes": "on"},
    )

    page = response.content.decode()
    assert '<input type="radio" name="frequency" value="weekly" checked>' in page
    assert '<input type="radio" name="frequency" value="asap">' in page
    assert 'name="include_changes" value="on" checked>' in page


@pytest.mark.parametrize(
    "back",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_the_way_back_never_leaves_the_site(client, back) -> None:
    response = client.post("/alerts/", BAD | {"back": back})
    assert response.status_code == 400
    page = response.content.decode()
    assert "evil.example" not in page and "javascript:" not in page
    assert '<a href="/">Go back to the page you came from</a>' in page


@pytest.mark.parametrize(
    ("back", "safe"),
    [
        ("/decisions/?q=x", "/decisions/?q=x"),
        ("/councillors/jonathan-lester/", "/councillors/jonathan-lester/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
        ("decisions/", "/"),
        ("/a\nb", "/"),
        ("", "/"),
    ],
)
def test_safe_back_keeps_only_a_path_on_this_site(back, safe) -> None:
    assert safe_back(back) == safe


def test_a_council_alerts_form_comes_back_with_its_choice_of_councils(client) -> None:
    response = client.post("/alerts/", BAD | {"kind": "council", "target": "herefordshire"})
    assert response.status_code == 400
    assert '<select class="input" id="alerts-council" name="target">' in response.content.decode()


def test_the_confirm_page_says_what_is_confirmed_and_for_whom(client) -> None:
    subscriber = Subscriber.objects.create(email="new@example.org")
    alert = Alert.objects.create(
        subscriber=subscriber, kind="search", querystring="q=school", label="Decisions <b>x</b>"
    )
    page = client.get(f"/alerts/confirm/{make_token(subscriber, CONFIRM, alert_id=alert.pk)}/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Decisions &lt;b&gt;x&lt;/b&gt;" in text  # imported text is data
    assert "new@example.org" in text and "As soon as possible" in text
    assert "Confirm my email alert" in text


def test_the_unsubscribe_page_shows_the_address_its_alerts_and_a_way_to_manage(client) -> None:
    first = confirmed_alert(querystring="q=school")
    confirmed_alert(querystring="q=roads")
    page = client.get(f"/alerts/unsubscribe/{make_token(first.subscriber, UNSUBSCRIBE)}/")

    text = page.content.decode()
    assert page.status_code == 200
    assert "reader@example.org" in text
    assert "Decisions matching Search: ‘school’" in text
    assert "Decisions matching Search: ‘roads’" in text
    assert 'action="/alerts/new-link/"' in text  # manage instead: a fresh link by email
    assert '<input type="hidden" name="email" value="reader@example.org">' in text
    assert client.get("/alerts/unsubscribe/garbage/").status_code == 404


def test_the_manage_pages_stop_all_is_a_warning_not_the_main_action(client) -> None:
    from decisions.alerts.tokens import MANAGE

    alert = confirmed_alert()
    page = client.get(f"/alerts/manage/{make_token(alert.subscriber, MANAGE)}/").content.decode()
    assert (
        '<button class="button button--warning" type="submit">Stop all my alerts and forget '
        "my address</button>" in page
    )
    assert 'style="' not in page.split("<main", 1)[1]  # the CSP has no unsafe-inline
