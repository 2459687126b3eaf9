"""What every open-data output shares: the licence, the archive's version for conditional
GETs (ETag and Last-Modified), the Cache-Control a public archive sends, and the JSON body
of a 400 that names the bad parameters.

The JSON API (decisions/api/), the CSV download, the Atom feeds and the call-in calendar
all use these, so a client sees the same caching and errors everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from decisions.models import Correction, Decision
from decisions.search.params import invalid_parameter_body

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
LICENCE = {"name": LICENCE_NAME, "url": LICENCE_URL}

# Public data that changes when notices are imported or corrected: caches may keep it for
# five minutes, then must ask again (cheaply, with the ETag).
PUBLIC_MAX_AGE = 300


@dataclass(frozen=True)
class ArchiveVersion:
    """How many decisions there are and when anything last changed."""

    decisions: int
    latest: datetime | None

    @property
    def etag(self) -> str:
        stamp = f"{self.latest.timestamp():.6f}" if self.latest else "0"
        return f'"{self.decisions}-{stamp}"'


def archive_version() -> ArchiveVersion:
    """The newest import or correction (a deleted decision changes the count), in one query:
    it runs before every open-data response, so it is one round trip, not two.

    Each part is its own scalar subquery, so both databases answer the two MAX()es from the
    indexes on updated_at and created_at instead of reading every decision."""
    quote = connection.ops.quote_name
    decisions, corrections = Decision._meta, Correction._meta
    table, updated = quote(decisions.db_table), quote(decisions.get_field("updated_at").column)
    created = quote(corrections.get_field("created_at").column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {table}), (SELECT MAX({updated}) FROM {table}),"
            f" (SELECT MAX({created}) FROM {quote(corrections.db_table)})"
        )
        count, latest, corrected = cursor.fetchone()
    stamps = [_aware(stamp) for stamp in (latest, corrected) if stamp]
    return ArchiveVersion(decisions=count, latest=max(stamps, default=None))


def _aware(value: datetime | str) -> datetime:
    """A timestamp as the database returns it, as an aware datetime (SQLite gives text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


def request_version(request: HttpRequest) -> ArchiveVersion:
    """The archive's version, read once per request."""
    if not hasattr(request, "_archive_version"):
        request._archive_version = archive_version()  # type: ignore[attr-defined]
    return request._archive_version  # type: ignore[attr-defined]


def _etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str:
    return request_version(request).etag


def _last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> datetime | None:
    return request_version(request).latest


def conditional_on_archive(view: Callable) -> Callable:
    """Answer a repeat GET with 304 Not Modified while nothing in the archive has changed."""
    return condition(etag_func=_etag, last_modified_func=_last_modified)(view)


def public_cache(response: Any) -> Any:
    """Mark a response cacheable by anyone for a few minutes."""
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def bad_parameters_response(errors: Mapping[str, Sequence[Any]]) -> JsonResponse:
    """A 400 whose JSON body names each bad parameter and says what is wrong with it."""
    return JsonResponse(invalid_parameter_body(errors), status=400)
