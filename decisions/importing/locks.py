"""One import at a time: an import holds a lock for its whole run, so two cannot interleave.

On PostgreSQL this is a session-level advisory lock (the strategy chosen: serialise imports,
rather than make every write idempotent under concurrency). A second import waits for the
first, and says that it is waiting. SQLite allows one writer at a time anyway: its
connections use IMMEDIATE transactions and a busy timeout (archive_site/env.py), so a
second writer waits for the first instead of failing with "database is locked".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

# Any fixed 64-bit number; it only has to be the same in every import.
IMPORT_LOCK_KEY = 0x0A4C_0DEC_1510_0001
IMPORT_RUNNING = "Another import is running; nothing was imported. Try again when it has finished."


class ImportRunning(Exception):
    """Another import holds the lock, and the caller asked not to wait for it."""


@contextmanager
def import_lock(
    *, on_wait: Callable[[str], None] | None = None, wait: bool = True
) -> Iterator[None]:
    """Hold the archive's import lock (PostgreSQL); wait for another import to finish, or
    with wait=False raise ImportRunning at once (a web request must not wait for hours)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [IMPORT_LOCK_KEY])
        (locked,) = cursor.fetchone()
        if not locked:
            if not wait:
                raise ImportRunning(IMPORT_RUNNING)
            if on_wait:
                on_wait("Another import is running; waiting for it to finish.")
            cursor.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
