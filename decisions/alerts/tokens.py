"""The tokens in the alerts' links: signed, single-purpose, revocable.

A token names a subscriber (and, to confirm, one alert) and is signed with SECRET_KEY plus
one of the subscriber's own secrets, salted by its purpose: a manage link cannot confirm, a
confirm link cannot unsubscribe. Replacing `secret` revokes the confirm and manage links
(resuming a paused address does); the unsubscribe links have `unsubscribe_secret`, which
only forgetting the address replaces.

How long each lasts: a confirm link 7 days (an unconfirmed sign-up is deleted then); a
manage link 90 days (it shows the address and changes its alerts, and emails are
forwarded and kept); an unsubscribe link as long as the address is kept, since RFC 8058's
one-click List-Unsubscribe must work from any old email, and all it can do is stop.
"""

from __future__ import annotations

import binascii
import json
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing

from decisions.alerts.models import Subscriber

CONFIRM, MANAGE, UNSUBSCRIBE = "confirm", "manage", "unsubscribe"
PURPOSES = (CONFIRM, MANAGE, UNSUBSCRIBE)
CONFIRM_MAX_AGE = timedelta(days=7)  # an unconfirmed sign-up is deleted then anyway
MANAGE_MAX_AGE = timedelta(days=90)
MAX_AGES: dict[str, timedelta | None] = {
    CONFIRM: CONFIRM_MAX_AGE,
    MANAGE: MANAGE_MAX_AGE,
    UNSUBSCRIBE: None,  # always, while the address is kept
}


@dataclass(frozen=True)
class TokenSubject:
    subscriber: Subscriber
    alert_id: int | None


def _key(subscriber: Subscriber, purpose: str) -> str:
    secret = subscriber.unsubscribe_secret if purpose == UNSUBSCRIBE else subscriber.secret
    return f"{settings.SECRET_KEY}:alerts:{secret}"


def make_token(subscriber: Subscriber, purpose: str, *, alert_id: int | None = None) -> str:
    """A token for one purpose; `alert_id` names the alert a confirm token confirms."""
    assert purpose in PURPOSES
    payload = [subscriber.pk, alert_id] if alert_id is not None else [subscriber.pk]
    return signing.dumps(
        payload, key=_key(subscriber, purpose), salt=f"alerts.{purpose}", compress=False
    )


def read_token(token: str, purpose: str) -> TokenSubject | None:
    """The subscriber (and alert) a token names, or None if it is forged, of another
    purpose, revoked, expired (see MAX_AGES) or its subscriber is gone."""
    subject, _ = _checked(token, purpose)
    return subject


def subscriber_gone(token: str) -> bool:
    """True if the token names a subscriber that is no longer kept (it stopped already):
    its signature cannot be checked, but there is nothing left to stop."""
    subscriber_id = _claimed_subscriber(token)
    return subscriber_id is not None and not Subscriber.objects.filter(pk=subscriber_id).exists()


def token_expired(token: str, purpose: str) -> bool:
    """True for a genuine token of this purpose, still unrevoked, that is past its age."""
    _, expired = _checked(token, purpose)
    return expired


def _checked(token: str, purpose: str) -> tuple[TokenSubject | None, bool]:
    """(what the token names, or None; whether it failed only by being too old)."""
    subscriber_id = _claimed_subscriber(token)
    if subscriber_id is None:
        return None, False
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return None, False
    key, salt = _key(subscriber, purpose), f"alerts.{purpose}"
    try:
        payload = signing.loads(token, key=key, salt=salt, max_age=MAX_AGES[purpose])
    except signing.SignatureExpired:
        return None, True
    except signing.BadSignature:
        return None, False
    if not isinstance(payload, list) or not payload or payload[0] != subscriber.pk:
        return None, False
    alert_id = payload[1] if len(payload) > 1 and isinstance(payload[1], int) else None
    return TokenSubject(subscriber=subscriber, alert_id=alert_id), False


def _claimed_subscriber(token: str) -> int | None:
    """The subscriber id a token claims to name, before its signature is checked (the
    signature needs that subscriber's secret)."""
    value = token.split(":", 1)[0]
    try:
        data = json.loads(signing.b64_decode(value.encode()))
    except (ValueError, TypeError, UnicodeDecodeError, binascii.Error):
        return None
    if isinstance(data, list) and data and isinstance(data[0], int):
        return data[0]
    return None
