"""POST /alerts/bounces/: a mail relay's hard bounces and complaints pause addresses.
Authenticated by a shared secret, validated, 400 on bad input, never a 500; and the same
reports by `manage.py alerts_bounce`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from decisions.alerts.apps import check_bounce_secret
from decisions.alerts.matching import queue_alerts
from decisions.alerts.models import Subscriber
from tests.alerts.helpers import confirmed_alert

pytestmark = pytest.mark.django_db

SECRET = "s3cret-" + "x" * 40


@pytest.fixture(autouse=True)
def bounce_secret(settings) -> None:
    settings.ALERTS_BOUNCE_SECRET = SECRET


def report(client, body, *, secret: str = SECRET, content_type: str = "application/json"):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(
        "/alerts/bounces/",
        data,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def test_it_pauses_a_hard_bounce_and_a_complaint(client) -> None:
    bounced = confirmed_alert("gone@example.org").subscriber
    complained = confirmed_alert("angry@example.org").subscriber
    kept = confirmed_alert("happy@example.org").subscriber

    response = report(
        client,
        [
            {"email": "Gone@Example.org", "kind": "bounce", "reason": "550 5.1.1 no such user"},
            {"email": "angry@example.org", "kind": "complaint"},
            {"email": "stranger@example.org", "kind": "bounce"},
        ],
    )

    assert response.status_code == 200
    assert response.json() == {"accepted": 3}  # and not which addresses are known
    for subscriber in (bounced, complained, kept):
        subscriber.refresh_from_db()
    assert bounced.paused_at is not None and "550 5.1.1 no such user" in bounced.pause_reason
    assert complained.paused_at is not None and "complaint" in complained.pause_reason
    assert kept.paused_at is None
    assert queue_alerts().alerts_due == 1  # only the kept address is matched


def test_a_second_report_keeps_the_first_pause(client) -> None:
    subscriber = confirmed_alert("gone@example.org").subscriber
    report(client, {"email": "gone@example.org", "kind": "bounce", "reason": "first"})
    report(client, {"email": "gone@example.org", "kind": "complaint", "reason": "second"})
    subscriber.refresh_from_db()
    assert "first" in subscriber.pause_reason


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer wrong", f"Basic {SECRET}", f"Bearer {SECRET[:-1]}", f"Bearer {SECRET}x"],
)
def test_it_refuses_a_report_without_the_secret(client, authorization) -> None:
    confirmed_alert("gone@example.org")
    response = client.post(
        "/alerts/bounces/",
        json.dumps({"email": "gone@example.org", "kind": "bounce"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=authorization,
    )
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert Subscriber.objects.get().paused_at is None


def test_it_is_off_while_no_secret_is_set(client, settings) -> None:
    settings.ALERTS_BOUNCE_SECRET = ""
    response = report(client, {"email": "a@example.org", "kind": "bounce"}, secret="")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        ("{not json", "application/json", "the body is not JSON"),
        (b"\xff\xfe", "application/json", "the body is not JSON"),
        ("[" * 30_000 + "]" * 30_000, "application/json", "nests too deep"),
        ("email=a@example.org", "application/x-www-form-urlencoded", "send JSON"),
        ({"email": "a@example.org"}, "application/json", "kind must be one of"),
        ({"kind": "bounce"}, "application/json", "email is missing"),
        ({"email": "nobody", "kind": "bounce"}, "application/json", "is not an email address"),
        ({"email": 7, "kind": "bounce"}, "application/json", "email is missing"),
        ({"email": "a@example.org", "kind": "soft"}, "application/json", "not 'soft'"),
        ({"email": "a@example.org", "kind": "bounce", "reason": 5}, "application/json", "reason"),
        ({"email": "a@example.org", "kind": "bounce", "x": 1}, "application/json", "unknown"),
        ([], "application/json", "empty list"),
        ([{"email": "a@example.org", "kind": "bounce"}, "x"], "application/json", "report 1"),
        ([{"email": "a@example.org", "kind": "bounce"}] * 101, "application/json", "at most"),
        ("x" * 70_000, "application/json", "over 65536 bytes"),
        ("null", "application/json", "must be an object"),
    ],
)
def test_bad_input_is_a_400_naming_the_problem(client, body, content_type, message) -> None:
    confirmed_alert("a@example.org")
    response = report(client, body, content_type=content_type)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert Subscriber.objects.get().paused_at is None  # all or nothing


def test_it_takes_only_post(client) -> None:
    assert client.get("/alerts/bounces/", HTTP_AUTHORIZATION=f"Bearer {SECRET}").status_code == 405


def test_the_command_pauses_the_addresses_given() -> None:
    subscriber = confirmed_alert("gone@example.org").subscriber
    out = StringIO()
    call_command(
        "alerts_bounce", "gone@example.org", "other@example.org", "--kind=complaint", stdout=out
    )
    assert out.getvalue().strip() == "2 reported, 1 paused now."
    subscriber.refresh_from_db()
    assert "complaint" in subscriber.pause_reason
    with pytest.raises(CommandError, match="'nobody' is not an email address"):
        call_command("alerts_bounce", "nobody", stdout=StringIO())


def test_a_short_secret_is_refused_at_start_up(settings) -> None:
    settings.ALERTS_BOUNCE_SECRET = "short"
    (error,) = check_bounce_secret()
    assert error.id == "alerts.E001" and "at least 32" in error.msg
    settings.ALERTS_BOUNCE_SECRET = SECRET
    assert check_bounce_secret() == []
