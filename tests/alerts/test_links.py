"""Confirm, manage and unsubscribe pages: reached by single-purpose, revocable tokens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from decisions.alerts.models import Alert, MatchRun, OutboxMessage, Subscriber
from decisions.alerts.services import check_alert, confirm_alert, purge_old, sign_up
from decisions.alerts.tokens import CONFIRM, MANAGE, UNSUBSCRIBE, make_token, read_token
from decisions.models import Council
from tests.alerts.helpers import confirmed_alert

pytestmark = pytest.mark.django_db


def test_a_token_serves_only_its_own_purpose() -> None:
    alert = confirmed_alert()
    manage = make_token(alert.subscriber, MANAGE)
    assert read_token(manage, MANAGE).subscriber == alert.subscriber
    assert read_token(manage, CONFIRM) is None
    assert read_token(manage, UNSUBSCRIBE) is None
    assert read_token(manage[:-2] + "xx", MANAGE) is None
    assert read_token("garbage", MANAGE) is None


def test_rotating_the_secret_revokes_every_link(client) -> None:
    alert = confirmed_alert()
    token = make_token(alert.subscriber, MANAGE)
    alert.subscriber.rotate_secret()
    assert read_token(token, MANAGE) is None
    assert client.get(f"/alerts/manage/{token}/").status_code == 404


def test_a_confirm_link_lasts_seven_days(client) -> None:
    subscriber = Subscriber.objects.create(email="late@example.org")
    alert = Alert.objects.create(subscriber=subscriber, kind="search", label="Every new decision")
    token = make_token(subscriber, CONFIRM, alert_id=alert.pk)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.post(f"/alerts/confirm/{token}/").status_code == 404
    assert client.post(f"/alerts/confirm/{token}/").status_code == 200
    alert.refresh_from_db()
    assert alert.confirmed_at is not None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a run another connection holds")
def test_an_alert_confirmed_while_a_run_is_under_way_reads_from_the_run_after() -> None:
    """The running run's row is invisible until it commits, but its id is handed out: the
    alert starts after it, so the next run brings nothing that arrived before confirming."""
    subscriber = Subscriber.objects.create(email="new@example.org")
    alert = Alert.objects.create(subscriber=subscriber, kind="search", label="Every new decision")
    finished = MatchRun.objects.create()
    try:
        with transaction.atomic():
            running = MatchRun.objects.create()  # as if another connection held it open
            raise RuntimeError
    except RuntimeError:
        pass
    assert not MatchRun.objects.filter(pk=running.pk).exists()

    confirm_alert(subscriber, alert.pk)

    alert.refresh_from_db()
    assert alert.last_run == running.pk > finished.pk


def test_an_unconfirmed_sign_up_is_deleted_after_seven_days() -> None:
    Subscriber.objects.create(email="never@example.org")
    kept = confirmed_alert()
    purge_old(now=timezone.now() + timedelta(days=6))
    assert Subscriber.objects.count() == 2
    purge_old(now=timezone.now() + timedelta(days=7, minutes=1))
    assert list(Subscriber.objects.all()) == [kept.subscriber]


def test_an_address_that_signs_up_again_keeps_its_new_weeks_grace() -> None:
    old = timezone.now() - timedelta(days=9)
    subscriber = Subscriber.objects.create(email="again@example.org")
    Subscriber.objects.filter(pk=subscriber.pk).update(created_at=old)
    Alert.objects.create(subscriber=subscriber, kind="search", label="Every new decision")
    purge_old()
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()  # its alert is a day old
    purge_old(now=timezone.now() + timedelta(days=7, minutes=1))
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_signing_up_again_for_the_same_alert_gives_its_new_link_a_full_week(client) -> None:
    """The second confirmation, sent on day 6, must work on day 7: the alert's request
    time is refreshed, and the purge counts from it."""
    alert = check_alert(
        kind="search", target="", querystring="q=school", frequency="asap", include_changes=False
    )
    started = timezone.now()
    sign_up(email="again@example.org", alert=alert, now=started)
    with time_machine.travel(started + timedelta(days=6)):
        sign_up(email="again@example.org", alert=alert)
    second = OutboxMessage.objects.filter(purpose="confirm").latest("pk")
    link = re.search(r"/alerts/confirm/\S+/", second.text).group(0)

    with time_machine.travel(started + timedelta(days=7, hours=1)):
        purge_old()
        response = client.post(link)

    assert response.status_code == 200
    assert Alert.objects.get().confirmed_at is not None
    purge_old(now=started + timedelta(days=14))  # confirmed now: kept
    assert Alert.objects.exists()


def test_an_unconfirmed_alert_signed_up_for_once_is_still_purged_after_a_week() -> None:
    alert = check_alert(
        kind="search", target="", querystring="q=school", frequency="asap", include_changes=False
    )
    started = timezone.now()
    sign_up(email="once@example.org", alert=alert, now=started)
    purge_old(now=started + timedelta(days=7, minutes=1))
    assert not Alert.objects.exists() and not Subscriber.objects.exists()


def test_the_manage_page_changes_how_often_stops_one_and_stops_all(client) -> None:
    first = confirmed_alert(querystring="q=school")
    second = confirmed_alert(querystring="q=roads")
    url = f"/alerts/manage/{make_token(first.subscriber, MANAGE)}/"
    page = client.get(url).content.decode()
    assert "reader@example.org" in page and "Decisions matching Search: ‘school’" in page

    assert (
        client.post(url, {"action": "frequency", "alert": first.pk, "frequency": "weekly"})[
            "Location"
        ]
        == url
    )
    first.refresh_from_db()
    assert first.frequency == "weekly"
    client.post(url, {"action": "stop", "alert": second.pk})
    assert list(Alert.objects.all()) == [first]
    assert client.post(url, {"action": "stop", "alert": 999999}).status_code == 400

    assert "are stopped" in client.post(url, {"action": "stop-all"}).content.decode()
    assert not Subscriber.objects.exists()


def test_unsubscribe_by_get_asks_first_and_a_second_post_answers_the_same(client) -> None:
    alert = confirmed_alert()
    url = f"/alerts/unsubscribe/{make_token(alert.subscriber, UNSUBSCRIBE)}/"
    page = client.get(url)
    assert page.status_code == 200 and "Stop all my alerts" in page.content.decode()
    assert Subscriber.objects.exists()  # a GET (a mail scanner) changes nothing

    first = client.post(url, {"List-Unsubscribe": "One-Click"})
    second = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert first.status_code == second.status_code == 200
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("count", [1, 30])
def test_the_manage_page_takes_the_same_queries_for_1_and_30_alerts(
    client, count, django_assert_num_queries
) -> None:
    Council.objects.create(name="Kirklees Council", slug="kirklees")
    sign_up_for = check_alert(
        kind="search",
        target="",
        querystring="q=Ofsted&council=kirklees",
        frequency="asap",
        include_changes=False,
    )
    sign_up(email="reader@example.org", alert=sign_up_for)
    for n in range(count - 1):
        confirmed_alert(querystring=f"q=word{n}")
    url = f"/alerts/manage/{make_token(Subscriber.objects.get(), MANAGE)}/"

    with django_assert_num_queries(2):  # the subscriber, its alerts
        page = client.get(url).content.decode()

    assert "Council: Kirklees Council" in page and "Council: kirklees" not in page
    assert page.count('name="action" value="stop"') == count
