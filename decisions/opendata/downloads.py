"""CSV of any search, of one decision, or of any set of decisions: streamed row by row
(constant memory, however many match), the header first, no cell starting a formula.

The work per request is bounded (decisions/opendata/bulk.py): every decision comes from a
prebuilt file, a live CSV holds at most EXPORT_MAX_ROWS decisions, and at most
EXPORT_CONCURRENCY stream at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseGone,
    StreamingHttpResponse,
)
from django.views.decorators.http import require_GET

from decisions.models import Decision
from decisions.opendata import bulk
from decisions.opendata.export import iter_csv
from decisions.opendata.http import (
    bad_parameters_response,
    conditional_on_archive,
    public_cache,
    request_version,
)
from decisions.search.params import is_checked
from decisions.search.selectors import decision_search
from decisions.selectors import decisions_by_reference, withdrawn_decision

FULL_EXPORT_URL = "/decisions/export.csv"


def wants_excel(request: HttpRequest) -> bool:
    """True when the CSV is for Excel (`?excel=1`): it then starts with a UTF-8 BOM."""
    return is_checked(request.GET.get("excel"))


def csv_response(
    decisions: QuerySet[Decision],
    *,
    filename: str,
    request: HttpRequest,
    limited: bool = True,
    write: Callable[..., Iterator[str]] = iter_csv,
) -> HttpResponse:
    """Stream the decisions, in the queryset's order, as CSV in UTF-8 with full addresses:
    one row each (`iter_csv`), or as another writer of records lays them out. At most
    EXPORT_MAX_ROWS of them, in one of the machine's export slots (a 503 when none is
    free); a one-row CSV (limited=False) needs neither."""
    chunks = bulk.csv_chunks(
        decisions, write=write, absolute=request.build_absolute_uri, bom=wants_excel(request)
    )
    if limited:
        count = decisions.count()
        if count > settings.EXPORT_MAX_ROWS:
            return bulk.too_many_rows_response(count, full_url=FULL_EXPORT_URL)
        slot = bulk.take_export_slot()
        if slot is None:
            return bulk.busy_response()
        chunks = bulk.ReleasedAfter(chunks, slot)
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return public_cache(response)


def _missing(council: str, reference: str) -> HttpResponse:
    """410 for a withdrawn decision (its data is no longer published), else 404."""
    if withdrawn_decision(council, reference) is not None:
        return HttpResponseGone(
            f"{reference} was withdrawn from the archive.", content_type="text/plain"
        )
    raise Http404("No decision has that reference.")


@require_GET
def search_csv(request: HttpRequest) -> HttpResponse:
    """Every decision a search of /decisions/ finds (not one page), in the search's order;
    with no parameters, every decision, from the prebuilt file."""
    if not request.GET:
        return full_csv(request)
    return _search_csv(request)


@conditional_on_archive
def _search_csv(request: HttpRequest) -> HttpResponse:
    search = decision_search(params=request.GET)
    if not search.is_valid:
        return bad_parameters_response(search.filterset.form.errors)
    return csv_response(search.decisions, filename="decisions.csv", request=request)


def full_csv(request: HttpRequest) -> HttpResponse:
    """Every decision: the prebuilt file (rebuilt in the background once it is older than
    the archive), else a live CSV while the archive is small enough for one."""
    path = bulk.prebuilt_full_export()
    if path is not None:
        if bulk.is_stale(path, request_version(request).latest):
            bulk.start_background_build()
        return public_cache(bulk.file_response(request, path, filename="decisions.csv"))
    everything = decision_search(params={}).decisions
    if request_version(request).decisions > settings.EXPORT_MAX_ROWS:
        bulk.start_background_build()
        return bulk.preparing_response()
    return _live_full_csv(request, everything)


@conditional_on_archive
def _live_full_csv(request: HttpRequest, everything: QuerySet[Decision]) -> HttpResponse:
    return csv_response(everything, filename="decisions.csv", request=request)


@require_GET
@conditional_on_archive
def decision_csv(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    """One decision as a CSV row, under the header row."""
    found = decisions_by_reference(council, reference)
    if not found.exists():
        return _missing(council, reference)
    return csv_response(found, filename=f"{reference}.csv", request=request, limited=False)
