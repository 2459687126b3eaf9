"""Sign-ups (and requests for a new link) limited per address and per client address.

The counts are rows of RateCount, one per key and hour, raised by one UPDATE ... SET
count = count + 1, so every web process (and every machine) counts against one limit and
a restart resets nothing. The first request of a window inserts the row; when two
processes insert at once, the loser's insert fails on the unique key and it raises the
winner's row instead. Old windows are deleted by purge_old (send_alerts, hourly, and
purge_unconfirmed_alerts). The windows are fixed hours, so a burst across the turn of an
hour may take up to twice a limit in a few minutes: no more than that, whatever runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from decisions.alerts.models import RateCount

WINDOW = timedelta(hours=1)
PER_EMAIL = 5
PER_CLIENT = 20
LINKS_PER_EMAIL = 3  # "send me a new link"
LINKS_PER_CLIENT = 20


def window_of(now: datetime) -> int:
    """The number of the window `now` falls in."""
    return int(now.timestamp() // WINDOW.total_seconds())


def rate_key(action: str, kind: str, value: str) -> str:
    """The key a count is kept under: an HMAC of the value (with SECRET_KEY), so the table
    holds no address."""
    digest = salted_hmac("alerts.ratelimit", value, algorithm="sha256").hexdigest()
    return f"{action}:{kind}:{digest}"


def spend(key: str, limit: int, *, now: datetime | None = None) -> bool:
    """Count one more for `key`; True while its count this window is within `limit`."""
    window = window_of(now or timezone.now())
    counted = RateCount.objects.filter(key=key, window=window)
    with transaction.atomic():
        if not counted.update(count=F("count") + 1):
            try:
                with transaction.atomic():  # a savepoint: another process may insert first
                    RateCount.objects.create(key=key, window=window, count=1)
            except IntegrityError:
                counted.update(count=F("count") + 1)
        # Read in the same transaction: the UPDATE holds the row until it commits.
        count = counted.values_list("count", flat=True).get()
    return count <= limit


def _allow(action: str, *, email: str, client: str, per_email: int, per_client: int) -> bool:
    now = timezone.now()
    client_ok = spend(rate_key(action, "client", client), per_client, now=now)
    email_ok = spend(rate_key(action, "email", email.strip().lower()), per_email, now=now)
    return client_ok and email_ok


def allow_sign_up(*, email: str, client: str) -> bool:
    """True if this address, and this client, may sign up once more this hour."""
    return _allow("signup", email=email, client=client, per_email=PER_EMAIL, per_client=PER_CLIENT)


def allow_new_link(*, email: str, client: str) -> bool:
    """True if this address, and this client, may ask for a new manage link this hour."""
    return _allow(
        "newlink",
        email=email,
        client=client,
        per_email=LINKS_PER_EMAIL,
        per_client=LINKS_PER_CLIENT,
    )


def purge_counts(*, now: datetime | None = None) -> int:
    """Delete the counts of windows before this one; how many were deleted."""
    deleted, _ = RateCount.objects.filter(window__lt=window_of(now or timezone.now())).delete()
    return deleted
