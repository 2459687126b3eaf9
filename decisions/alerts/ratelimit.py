"""Sign-ups limited per address and per client address, counted in Django's cache."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

WINDOW = 60 * 60  # seconds
PER_EMAIL = 5
PER_CLIENT = 20


def _spend(key: str, limit: int) -> bool:
    """Count one more; True while the count is within `limit` for this window."""
    if cache.add(key, 1, timeout=WINDOW):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW)
        return True


def allow_sign_up(*, email: str, client: str) -> bool:
    """True if this address, and this client, may sign up once more this hour."""
    email_key = "alerts:signup:email:" + hashlib.sha256(email.lower().encode()).hexdigest()
    client_key = "alerts:signup:client:" + hashlib.sha256(client.encode()).hexdigest()
    client_ok = _spend(client_key, PER_CLIENT)
    return _spend(email_key, PER_EMAIL) and client_ok
