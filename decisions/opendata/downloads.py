"""CSV of any search, of one decision, or of any set of decisions: streamed row by row
(constant memory, however many match), the header first, no cell starting a formula."""

from __future__ import annotations

from collections.abc import Callable, Iterator

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
from decisions.opendata.export import export_decision, iter_csv, with_export_relations
from decisions.opendata.http import bad_parameters_response, conditional_on_archive, public_cache
from decisions.search.params import is_checked
from decisions.search.selectors import decision_search
from decisions.selectors import decisions_by_reference, withdrawn_decision

CHUNK = 500  # decisions read per query (with their clauses and timeline fields)


def wants_excel(request: HttpRequest) -> bool:
    """True when the CSV is for Excel (`?excel=1`): it then starts with a UTF-8 BOM."""
    return is_checked(request.GET.get("excel"))


def csv_response(
    decisions: QuerySet[Decision],
    *,
    filename: str,
    request: HttpRequest,
    write: Callable[..., Iterator[str]] = iter_csv,
) -> StreamingHttpResponse:
    """Stream the decisions, in the queryset's order, as CSV in UTF-8 with full addresses:
    one row each (`iter_csv`), or as another writer of records lays them out."""
    rows = with_export_relations(decisions).iterator(chunk_size=CHUNK)
    response = StreamingHttpResponse(
        write(
            (export_decision(decision) for decision in rows),
            absolute=request.build_absolute_uri,
            bom=wants_excel(request),
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return public_cache(response)


def _missing(reference: str) -> HttpResponse:
    """410 for a withdrawn decision (its data is no longer published), else 404."""
    if withdrawn_decision(reference) is not None:
        return HttpResponseGone(
            f"{reference} was withdrawn from the archive.", content_type="text/plain"
        )
    raise Http404("No decision has that reference.")


@require_GET
@conditional_on_archive
def search_csv(request: HttpRequest) -> HttpResponse:
    """Every decision a search of /decisions/ finds (not one page), in the search's order."""
    search = decision_search(params=request.GET)
    if not search.is_valid:
        return bad_parameters_response(search.filterset.form.errors)
    return csv_response(search.decisions, filename="decisions.csv", request=request)


@require_GET
@conditional_on_archive
def decision_csv(request: HttpRequest, reference: str) -> HttpResponse:
    """One decision as a CSV row, under the header row."""
    found = decisions_by_reference(reference)
    if not found.exists():
        return _missing(reference)
    return csv_response(found, filename=f"{reference}.csv", request=request)
