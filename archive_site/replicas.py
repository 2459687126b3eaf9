"""Read replicas: with DATABASE_REPLICA_URL set, safe web requests read from the replica.

Everything else uses the primary (`default`): every write, every migration, management
commands (the importer reads what it is about to write), and any request that writes. A
request that wrote also sets a short-lived cookie, so the pages that follow it (the
redirect after an admin saves a correction) read from the primary too, and an admin
sees their own correction at once, whatever the replica's lag.

PostgreSQL's streaming replication does the copying; this module only routes.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PRIMARY, REPLICA = "default", "replica"
PIN_COOKIE = "read_primary"
# How long after a write a browser keeps reading from the primary: longer than any
# replication lag the site tolerates.
PIN_SECONDS = 15
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Off (read from the primary) unless a safe request has said the replica will do.
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


class PrimaryReplicaRouter:
    """Reads go to the replica only inside a safe request that has not written."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        if REPLICA in settings.DATABASES and _replica_allowed.get() and not _wrote.get():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: type, **hints: Any) -> str:
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # both aliases hold the same data

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


class ReplicaRoutingMiddleware:
    """Let a safe request read from the replica, unless this browser wrote moments ago."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        allowed = request.method in SAFE_METHODS and PIN_COOKIE not in request.COOKIES
        allowed_token, wrote_token = _replica_allowed.set(allowed), _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() or request.method not in SAFE_METHODS:
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=PIN_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            _replica_allowed.reset(allowed_token)
            _wrote.reset(wrote_token)
