"""The sign-up limits are counted in the database: every web process shares them, a restart
keeps them, and past hours are purged."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from decisions.alerts import ratelimit
from decisions.alerts.models import RateCount
from decisions.alerts.ratelimit import allow_sign_up, rate_key, spend
from decisions.alerts.services import purge_old

pytestmark = pytest.mark.django_db


def another_process() -> None:
    """What a second web worker has of this one's memory: nothing. Every cache it could
    have counted in is empty; only the database is shared."""
    for cache in caches.all(initialized_only=True):
        cache.clear()


def test_it_shares_the_limit_between_processes() -> None:
    for _ in range(ratelimit.PER_EMAIL):
        another_process()
        assert allow_sign_up(email="someone@example.org", client=f"192.0.2.{_}")
    another_process()

    assert not allow_sign_up(email="Someone@Example.org", client="198.51.100.1")


def test_it_shares_the_limit_between_processes_over_http(client) -> None:
    data = {"email": "x@example.org", "kind": "search", "frequency": "daily"}
    codes = []
    for n in range(ratelimit.PER_CLIENT + 1):
        another_process()
        codes.append(client.post("/alerts/", data | {"email": f"n{n}@example.org"}).status_code)
    assert codes == [200] * ratelimit.PER_CLIENT + [429]


def test_it_keeps_no_address_and_starts_again_next_hour() -> None:
    now = timezone.now()
    assert all(spend("k", 2, now=now) for _ in range(2))
    assert not spend("k", 2, now=now)
    assert spend("k", 2, now=now + timedelta(hours=1))

    allow_sign_up(email="private@example.org", client="192.0.2.7")
    keys = list(RateCount.objects.values_list("key", flat=True))
    assert not any("private" in key or "192.0.2.7" in key for key in keys)
    assert rate_key("signup", "email", "private@example.org") in keys


def test_the_purge_deletes_past_hours_counts() -> None:
    now = timezone.now()
    spend("old", 5, now=now - timedelta(hours=2))
    spend("current", 5, now=now)

    assert purge_old(now=now).rate_counts == 1

    assert list(RateCount.objects.values_list("key", flat=True)) == ["current"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="connections at once")
def test_processes_counting_at_once_let_through_exactly_the_limit() -> None:
    results: list[bool] = []
    errors: list[BaseException] = []
    start = threading.Barrier(12)

    def one_process() -> None:
        try:
            start.wait()
            results.append(spend("burst", 5))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_process) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [False] * 7 + [True] * 5
    assert RateCount.objects.get(key="burst").count == 12
