"""Manage links expire after 90 days and offer a new one by email (the same answer for any
address, rate-limited, through the outbox); unsubscribe links keep working (RFC 8058); a
paused address that resumes gets a new secret, and forgetting an address kills its links."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_q.models import OrmQ

from decisions.alerts import ratelimit
from decisions.alerts.models import OutboxMessage, Subscriber
from decisions.alerts.tokens import CONFIRM, MANAGE, UNSUBSCRIBE, make_token
from tests.alerts.helpers import confirmed_alert, run_worker

pytestmark = pytest.mark.django_db


def manage_url(subscriber: Subscriber) -> str:
    return f"/alerts/manage/{make_token(subscriber, MANAGE)}/"


def main(response) -> str:
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_a_manage_link_works_for_90_days_then_offers_a_new_one(client) -> None:
    url = manage_url(confirmed_alert().subscriber)
    with time_machine.travel(timezone.now() + timedelta(days=89)):
        assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        expired = client.get(url)
        posted = client.post(url, {"action": "stop-all"})

    assert expired.status_code == posted.status_code == 410
    page = expired.content.decode()
    assert "This link has expired" in page and "reader@example.org" not in page
    assert 'action="/alerts/new-link/" method="post"' in page
    assert Subscriber.objects.exists()  # the expired link changed nothing


def test_a_forged_manage_link_is_not_called_expired(client) -> None:
    url = manage_url(confirmed_alert().subscriber)
    response = client.get(url[:-3] + "xx/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_the_one_click_unsubscribe_link_keeps_working(client) -> None:
    subscriber = confirmed_alert().subscriber
    url = f"/alerts/unsubscribe/{make_token(subscriber, UNSUBSCRIBE)}/"
    with time_machine.travel(timezone.now() + timedelta(days=5 * 365)):
        assert client.get(url).status_code == 200
        assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscriber.objects.exists()


def test_a_new_link_answers_alike_and_goes_through_the_outbox(client, smtp) -> None:
    confirmed_alert("known@example.org")
    Subscriber.objects.create(email="unconfirmed@example.org")

    known = client.post("/alerts/new-link/", {"email": "Known@Example.org"})
    unknown = client.post("/alerts/new-link/", {"email": "nobody@example.org"})
    unconfirmed = client.post("/alerts/new-link/", {"email": "unconfirmed@example.org"})

    assert known.status_code == unknown.status_code == unconfirmed.status_code == 200
    strip = lambda r, a: main(r).replace(a, "ADDRESS")  # noqa: E731
    assert strip(known, "Known@Example.org") == strip(unknown, "nobody@example.org")
    assert smtp.messages == []  # nothing sent in the request
    assert OrmQ.objects.count() == 3
    (queued,) = OutboxMessage.objects.all()
    assert (queued.subscriber.email, queued.purpose) == ("known@example.org", "link")

    run_worker()

    (message,) = smtp.messages
    assert message["To"] == "known@example.org"
    assert "works for 90 days" in smtp.text(message)
    link = smtp.link(message, "manage").split("decisions.example.gov.uk", 1)[1]
    assert client.get(link).status_code == 200


def test_asking_for_new_links_is_rate_limited(client) -> None:
    codes = [
        client.post("/alerts/new-link/", {"email": "a@example.org"}).status_code
        for _ in range(ratelimit.LINKS_PER_EMAIL + 1)
    ]
    assert codes == [200] * ratelimit.LINKS_PER_EMAIL + [429]
    assert (
        "Too many requests"
        in client.post("/alerts/new-link/", {"email": "a@example.org"}).content.decode()
    )


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        ("not an address", "Enter an email address like name@example.com"),
        ("a@example.org\x00", ""),
        ('"\x0bX-Injected:yes"@example.com', "Enter an email address like name@example.com"),
        ('"quoted"@example.com', "Enter an email address like name@example.com"),
    ],
)
def test_a_bad_address_for_a_new_link_is_a_form_error(client, email, message) -> None:
    response = client.post("/alerts/new-link/", {"email": email})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_resuming_a_paused_address_revokes_every_manage_link_sent_before(client) -> None:
    subscriber = confirmed_alert().subscriber
    Subscriber.objects.filter(pk=subscriber.pk).update(
        paused_at=timezone.now(), pause_reason="complaint"
    )
    old = manage_url(subscriber)
    old_unsubscribe = f"/alerts/unsubscribe/{make_token(subscriber, UNSUBSCRIBE)}/"

    response = client.post(old, {"action": "resume"})

    assert response.status_code == 302
    new = response["Location"]
    assert new.startswith("/alerts/manage/") and new != old
    assert client.get(new).status_code == 200
    assert client.get(old).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.paused_at is None
    # RFC 8058: the one-click link in every earlier email still stops them (it only stops).
    assert client.get(old_unsubscribe).status_code == 200
    assert client.post(old_unsubscribe, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscriber.objects.exists()


def test_an_unsubscribe_link_that_is_not_valid_stops_nothing_and_says_so(client) -> None:
    subscriber = confirmed_alert().subscriber
    token = make_token(subscriber, UNSUBSCRIBE)
    forged = f"/alerts/unsubscribe/{token[:-3]}xx/"
    manage = f"/alerts/unsubscribe/{make_token(subscriber, MANAGE)}/"  # another purpose's

    for url in (forged, manage, "/alerts/unsubscribe/garbage/"):
        response = client.post(url, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 404, url
        assert "This link does not work" in response.content.decode()
        assert "are stopped" not in response.content.decode()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    subscriber.rotate_secret()  # what forgetting is for: every link, this one too
    assert client.post(f"/alerts/unsubscribe/{token}/").status_code == 404
    assert Subscriber.objects.exists()


def test_an_address_that_stops_all_and_signs_up_again_has_none_of_its_old_links(
    client,
) -> None:
    subscriber = confirmed_alert("back@example.org").subscriber
    old_links = [
        f"/alerts/manage/{make_token(subscriber, MANAGE)}/",
        f"/alerts/unsubscribe/{make_token(subscriber, UNSUBSCRIBE)}/",
    ]
    client.post(old_links[0], {"action": "stop-all"})
    client.post(
        "/alerts/",
        {"email": "back@example.org", "kind": "search", "frequency": "asap"},
    )
    again = Subscriber.objects.get(email="back@example.org")
    alert = again.alerts.get()
    client.post(f"/alerts/confirm/{make_token(again, CONFIRM, alert_id=alert.pk)}/")

    assert [client.get(link).status_code for link in old_links] == [404, 404]
    assert client.get(manage_url(again)).status_code == 200
