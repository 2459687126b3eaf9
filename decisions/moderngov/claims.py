"""The two claims that keep harvests polite and single, held in the database so they bind
every process on every machine, on SQLite and PostgreSQL alike:

- a **lease** per council: whoever holds it harvests that council; a second harvest finds
  it held and skips, saying so. It is taken by one conditional UPDATE (free, expired, or
  already ours), which the database applies atomically, and renewed as the harvest goes;
  a harvest killed outright loses it when it expires.
- a **clock** per host: when the host may next be asked. A fetcher books its turn by a
  conditional UPDATE of the value it read (compare and set); when another booked first, it
  reads again. So councils sharing a host, concurrent harvests and several workers all
  keep to one request an interval between them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from decisions.models import Council
from decisions.moderngov.models import HarvestLease, HostClock

LEASE_LENGTH = timedelta(minutes=15)


@dataclass(frozen=True)
class LeaseHeld:
    """Another harvest holds the council's lease."""

    owner: str
    expires_at: datetime

    def describe(self, council: Council) -> str:
        return (
            f"skipped {council.slug}: another harvest of it is running ({self.owner}, its "
            f"claim lasts until {timezone.localtime(self.expires_at):%H:%M:%S}); nothing fetched"
        )


def take_lease(
    council: Council, owner: str, *, length: timedelta = LEASE_LENGTH
) -> LeaseHeld | None:
    """Take the council's lease for `owner`; None when taken, else who holds it."""
    now = timezone.now()
    try:
        with transaction.atomic():
            HarvestLease.objects.get_or_create(council=council, defaults={"expires_at": now})
    except IntegrityError:
        pass  # made by another harvest at the same moment: it exists now
    taken = (
        HarvestLease.objects.filter(council=council)
        .filter(Q(expires_at__lte=now) | Q(owner=owner))
        .update(owner=owner, expires_at=now + length)
    )
    if taken:
        return None
    held = HarvestLease.objects.get(council=council)
    return LeaseHeld(held.owner, held.expires_at)


def renew_lease(council: Council, owner: str, *, length: timedelta = LEASE_LENGTH) -> bool:
    """Extend the lease while the harvest goes on; False if it was lost (expired and taken)."""
    return bool(
        HarvestLease.objects.filter(council=council, owner=owner).update(
            expires_at=timezone.now() + length
        )
    )


def release_lease(council: Council, owner: str) -> None:
    HarvestLease.objects.filter(council=council, owner=owner).update(
        owner="", expires_at=timezone.now()
    )


class DatabaseHostClock:
    """The fetcher's Clock (fetch.py), kept in the database (HostClock rows)."""

    def __init__(
        self,
        *,
        now: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._now, self._sleep = now, sleep

    def wait_turn(self, host: str, interval: float) -> None:
        """Block until `host` may be asked again, and book the next turn."""
        start, now = self._book(host, lambda now, booked: (max(now, booked), interval))
        if start > now:
            self._sleep(start - now)

    def hold_off(self, host: str, seconds: float) -> None:
        """Ask nothing of `host` for `seconds` (a Retry-After applies to every request)."""
        self._book(host, lambda now, booked: (max(booked, now + seconds), 0.0))

    def _book(
        self, host: str, turn: Callable[[float, float], tuple[float, float]]
    ) -> tuple[float, float]:
        """Compare and set the host's next turn: `turn(now, booked)` gives (start, length);
        the host is next free at start + length. Returns (start, now)."""
        while True:
            now = self._now()
            try:
                booked = (
                    HostClock.objects.filter(host=host)
                    .values_list("next_allowed_at", flat=True)
                    .first()
                )
                if booked is None:
                    start, length = turn(now, now)
                    with transaction.atomic():
                        HostClock.objects.create(host=host, next_allowed_at=start + length)
                    return start, now
                start, length = turn(now, booked)
                if (
                    HostClock.objects.filter(host=host, next_allowed_at=booked).update(
                        next_allowed_at=start + length
                    )
                    == 1
                ):
                    return start, now
            except IntegrityError:
                continue  # another fetcher made the row first: read it
            except OperationalError:
                time.sleep(0.005)  # SQLite busy under concurrent writers: try again
