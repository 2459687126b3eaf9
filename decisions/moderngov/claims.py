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

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from decisions.models import Council
from decisions.moderngov.fetch import HostHeldOff
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


class LeaseLost(Exception):
    """The harvest's lease expired and another harvest took it: this one must stop at once,
    fetching and writing nothing more."""

    def __init__(self, council: Council, held: LeaseHeld | None) -> None:
        holder = (
            f" ({held.owner} holds it until {timezone.localtime(held.expires_at):%H:%M:%S})"
            if held is not None and held.owner
            else ""
        )
        super().__init__(
            f"stopped {council.slug}: its claim ran out and another harvest took it{holder}; "
            "this run is left unfinished, to be resumed"
        )


def renew_lease(council: Council, owner: str, *, length: timedelta = LEASE_LENGTH) -> bool:
    """Extend the lease while the harvest goes on; False if it was lost (expired and taken)."""
    return bool(
        HarvestLease.objects.filter(council=council, owner=owner).update(
            expires_at=timezone.now() + length
        )
    )


def keep_lease(council: Council, owner: str, *, length: timedelta = LEASE_LENGTH) -> None:
    """Renew the lease, or raise LeaseLost naming who holds it now."""
    if not renew_lease(council, owner, length=length):
        held = HarvestLease.objects.filter(council=council).first()
        raise LeaseLost(council, LeaseHeld(held.owner, held.expires_at) if held else None)


def release_lease(council: Council, owner: str) -> None:
    HarvestLease.objects.filter(council=council, owner=owner).update(
        owner="", expires_at=timezone.now()
    )


# A claim that took longer than this to make (SQLite waiting on a writer, say) is pushed on
# from the moment it was made, so the next request still waits a whole interval after it.
_STALE_CLAIM = 0.01


class DatabaseHostClock:
    """The fetcher's Clock (fetch.py), kept in the database (HostClock rows).

    A turn is claimed only when it has come, never booked ahead: a fetcher waits until the
    host's next_allowed_at has passed, then sets it to now + interval by compare and set,
    and sends at once. Booking turns ahead would let a fetcher that wakes late send just
    before the one booked after it; this way the gap the server sees is never shorter than
    the interval, less what passes between the claim and the request's arrival.
    """

    def __init__(
        self,
        *,
        now: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._now, self._sleep = now, sleep

    def wait_turn(self, host: str, interval: float, *, longest: float = math.inf) -> None:
        """Block until `host` may be asked, and claim the turn; HostHeldOff when that is
        more than `longest` seconds away."""
        while True:
            now = self._now()
            booked = self._read(host, now)
            if booked - now > longest:
                raise HostHeldOff(booked - now)
            if booked > now:
                self._sleep(booked - now)
                continue  # read again: another fetcher may have claimed it meanwhile
            if self._compare_and_set(host, booked, now + interval):
                self._push_on(host, interval, claimed_at=now)
                return

    def hold_off(self, host: str, seconds: float) -> None:
        """Ask nothing of `host` for `seconds` (a Retry-After applies to every request)."""
        now = self._now()
        self._read(host, now)
        self._extend(host, now + seconds)

    def _read(self, host: str, now: float) -> float:
        """The host's next_allowed_at, its row made (free from now) if it has none."""
        while True:
            try:
                booked = (
                    HostClock.objects.filter(host=host)
                    .values_list("next_allowed_at", flat=True)
                    .first()
                )
                if booked is not None:
                    return booked
                with transaction.atomic():
                    HostClock.objects.create(host=host, next_allowed_at=now)
                return now
            except IntegrityError:
                continue  # another fetcher made the row first: read it
            except OperationalError:
                time.sleep(0.005)  # SQLite busy under concurrent writers: try again

    def _compare_and_set(self, host: str, booked: float, value: float) -> bool:
        while True:
            try:
                updated = HostClock.objects.filter(host=host, next_allowed_at=booked).update(
                    next_allowed_at=value
                )
                return updated == 1
            except OperationalError:
                time.sleep(0.005)

    def _extend(self, host: str, value: float) -> None:
        """Make the host wait until at least `value` (never sooner than it already must)."""
        while True:
            try:
                HostClock.objects.filter(host=host, next_allowed_at__lt=value).update(
                    next_allowed_at=value
                )
                return
            except OperationalError:
                time.sleep(0.005)

    def _push_on(self, host: str, interval: float, *, claimed_at: float) -> None:
        """A claim made late (the database kept it waiting) counts from when it was made."""
        made = self._now()
        while made - claimed_at > _STALE_CLAIM:
            self._extend(host, made + interval)
            claimed_at, made = made, self._now()
