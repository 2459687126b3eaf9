"""The tokens in the alerts' links: signed, single-purpose, revocable.

A token names a subscriber (and, to confirm, one alert) and is signed with SECRET_KEY plus
the subscriber's own secret, salted by its purpose: a manage link cannot confirm, a confirm
link cannot unsubscribe, and replacing the subscriber's secret revokes them all.
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


@dataclass(frozen=True)
class TokenSubject:
    subscriber: Subscriber
    alert_id: int | None


def _key(subscriber: Subscriber) -> str:
    return f"{settings.SECRET_KEY}:alerts:{subscriber.secret}"


def make_token(subscriber: Subscriber, purpose: str, *, alert_id: int | None = None) -> str:
    """A token for one purpose; `alert_id` names the alert a confirm token confirms."""
    assert purpose in PURPOSES
    payload = [subscriber.pk, alert_id] if alert_id is not None else [subscriber.pk]
    return signing.dumps(payload, key=_key(subscriber), salt=f"alerts.{purpose}", compress=False)


def read_token(token: str, purpose: str) -> TokenSubject | None:
    """The subscriber (and alert) a token names, or None if it is forged, of another
    purpose, revoked, expired (a confirm token after 7 days) or its subscriber is gone."""
    subscriber_id = _claimed_subscriber(token)
    if subscriber_id is None:
        return None
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    max_age = CONFIRM_MAX_AGE if purpose == CONFIRM else None
    try:
        payload = signing.loads(
            token, key=_key(subscriber), salt=f"alerts.{purpose}", max_age=max_age
        )
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not isinstance(payload, list) or not payload or payload[0] != subscriber.pk:
        return None
    alert_id = payload[1] if len(payload) > 1 and isinstance(payload[1], int) else None
    return TokenSubject(subscriber=subscriber, alert_id=alert_id)


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
