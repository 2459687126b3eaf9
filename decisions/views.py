"""Public pages. Views stay thin: a selector or a queryset, a template.

Each page runs a fixed number of queries, however many rows it shows (the tests count them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from decisions.models import Councillor, Decision, SourceDocument
from decisions.parsing import SourceFormat
from decisions.seams import page_parts
from decisions.search.filters import DecisionFilter, count_facets
from decisions.search.params import FILTER_PARAMS, NEWEST
from decisions.search.presentation import (
    active_filters,
    chosen_filters,
    facet_links,
    search_title,
    sort_links,
    with_params,
    words_only,
)
from decisions.search.query import highlighted_snippets, parse_reference
from decisions.search.selectors import RANK_LIMIT, decision_search, recent_corrections
from decisions.search.suggest import suggest_search

RESULTS_PER_PAGE = 20
SIGNED_PER_PAGE = 50
CORRECTIONS_PER_PAGE = 30
COUNCILLORS_PER_PAGE = 100
# What a list of decisions shows; the long texts (the notice itself) stay in the database.
LIST_FIELDS = ("reference", "title", "decision_date", "decision_maker", "is_key_decision")


class CountedPaginator(Paginator):
    """A paginator told its count, so it does not run COUNT(*) when the count is known."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        """The count given, without a query."""
        return self._known_count


def home(request: HttpRequest) -> HttpResponse:
    """The front page: a search box, what the archive holds, and the latest decisions."""
    latest = Decision.objects.newest_first().only(*LIST_FIELDS)[:10]
    held = Decision.objects.aggregate(
        total=Count("pk"), first=Min("decision_date"), last=Max("decision_date")
    )
    return render(
        request,
        "decisions/home.html",
        {"latest": latest, "held": held, "parts": page_parts("home")},
    )


def decision_list(request: HttpRequest) -> HttpResponse:
    """Search and filter decisions; every parameter lives in the query string."""
    search = decision_search(params=request.GET)
    filterset = search.filterset
    if not search.is_valid:
        return render(
            request,
            "decisions/decision_list.html",
            {"filterset": filterset, "form": filterset.form, "errors": _error_list(filterset)},
            status=400,
        )
    reference = filterset.requested_reference
    if reference and Decision.objects.filter(reference=reference).exists():
        return redirect("decision-detail", reference)

    facets = count_facets(filterset.matches, many=filterset.many_matches)
    unranked = search.too_many_to_rank(matches=facets.total)
    paginator = CountedPaginator(
        search.page_order(matches=facets.total).only(*LIST_FIELDS, "purpose"),
        RESULTS_PER_PAGE,
        count=facets.total,
    )
    page = paginator.get_page(filterset.cleaned.get("page"))
    rows = list(page.object_list) if facets.total else []
    snippets = highlighted_snippets(rows, filterset.query) if filterset.query else {}
    slug = filterset.cleaned.get("councillor")
    councillor_name = (
        Councillor.objects.filter(slug=slug).values_list("name", flat=True).first() if slug else ""
    )
    filters = active_filters(filterset.cleaned, request.GET, councillor_name=councillor_name or "")
    # Only a search that found nothing pays for a suggestion (a few queries).
    suggestion = suggest_search(filterset.query) if filterset.query and not facets.total else None
    return render(
        request,
        "decisions/decision_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "query": filterset.query,
            "facets": facets,
            "facet_links": facet_links(facets, request.GET),
            "active_filters": filters,
            "chosen_filters": chosen_filters(filters),
            "words_only": words_only(filterset.query),
            "page_title": search_title(filterset.cleaned, councillor_name=councillor_name or ""),
            "unknown_reference": reference,
            "suggestion": suggestion,
            "suggestion_url": with_params(request.GET, q=suggestion.query) if suggestion else "",
            "sort_links": sort_links(
                request.GET,
                NEWEST if unranked else filterset.sort_order,
                has_query=bool(filterset.query),
            ),
            "unranked": unranked,
            "rank_limit": RANK_LIMIT,
            "page": page,
            "page_range": _page_range(page),
            "results": [(decision, snippets.get(decision.pk)) for decision in rows],
        },
    )


def _error_list(filterset: DecisionFilter) -> list[tuple[str, str]]:
    """(field name, message) pairs, in the form's field order, for the error summary."""
    return [
        (name, str(message))
        for name in (*FILTER_PARAMS, "sort", "page")
        for message in filterset.form.errors.get(name, ())
    ] + [("", str(message)) for message in filterset.form.non_field_errors()]


def _page_range(page: Page) -> list[int | str]:
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


def decision_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One decision: every field, its clauses, its source and its correction history."""
    decision = (
        Decision.objects.with_signatory()
        .prefetch_related("clauses", "corrections")
        .select_related("source_document")
        .defer("search_document", "source_document__data")
        .filter(reference=reference)
        .first()
    )
    if decision is None:
        canonical = parse_reference(reference)
        if (
            canonical
            and canonical != reference
            and Decision.objects.filter(reference=canonical).exists()
        ):
            return redirect("decision-detail", canonical, permanent=True)
        raise Http404("No decision has that reference.")
    return render(
        request,
        "decisions/decision_detail.html",
        {"decision": decision, "parts": page_parts("decision-detail", decision=decision)},
    )


def decision_original(request: HttpRequest, reference: str) -> HttpResponse:
    """The original file of a decision's notice, as a download and never shown inline."""
    document = SourceDocument.objects.filter(decision__reference=reference).first()
    if document is None:
        raise Http404("No original file is kept for that decision.")
    data = bytes(document.data)
    response = HttpResponse(data, content_type=_download_type(document.source_format, data))
    suffix = "pdf" if document.source_format == SourceFormat.PDF else "txt"
    # The name is made from the reference, never from the uploaded file name.
    response["Content-Disposition"] = f'attachment; filename="{reference}.{suffix}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _download_type(source_format: str, data: bytes) -> str:
    """application/pdf for a PDF; text/plain for a text notice, with its charset if UTF-8."""
    if source_format == SourceFormat.PDF:
        return "application/pdf"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "text/plain"
    return "text/plain; charset=utf-8"


def councillor_list(request: HttpRequest) -> HttpResponse:
    """Every councillor who signed a decision, with how many and when."""
    councillors = (
        Councillor.objects.with_decision_counts()
        .annotate(
            first_signed=Min("decisions__decision_date"),
            last_signed=Max("decisions__decision_date"),
        )
        .order_by("name", "pk")  # Meta.ordering is not applied to GROUP BY queries
    )
    # Paged: thousands of councillors made one page of over half a megabyte.
    paginator = CountedPaginator(
        councillors, COUNCILLORS_PER_PAGE, count=Councillor.objects.count()
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/councillor_list.html",
        {"councillors": page.object_list, "page": page, "page_range": _page_range(page)},
    )


@dataclass(frozen=True)
class RoleHeld:
    """A role a councillor signed decisions in, and when."""

    role: str
    count: int
    first: date
    last: date


def roles_held(decisions: QuerySet[Decision]) -> list[RoleHeld]:
    """Group decisions by the signatory's role (ignoring case), most recent role first."""
    rows = (
        decisions.order_by()
        .values("signatory_role")
        .annotate(n=Count("pk"), first=Min("decision_date"), last=Max("decision_date"))
    )
    merged: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        key = " ".join(row["signatory_role"].casefold().split())
        merged.setdefault(key, []).append(row)
    roles = [
        RoleHeld(
            # Show the spelling used most often, e.g. "Leader of the Council".
            role=max(group, key=lambda row: (row["n"], row["last"]))["signatory_role"].strip()
            or "Role not given",
            count=sum(row["n"] for row in group),
            first=min(row["first"] for row in group),
            last=max(row["last"] for row in group),
        )
        for group in merged.values()
    ]
    return sorted(roles, key=lambda role: (role.last, role.first), reverse=True)


def councillor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A councillor: the names they signed under, their roles, and the decisions they signed."""
    councillor = get_object_or_404(Councillor.objects.prefetch_related("aliases"), slug=slug)
    signed = Decision.objects.filter(signatory=councillor)
    roles = roles_held(signed)
    paginator = CountedPaginator(
        signed.newest_first().only(*LIST_FIELDS, "signatory_role"),
        SIGNED_PER_PAGE,
        count=sum(role.count for role in roles),
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/councillor_detail.html",
        {
            "councillor": councillor,
            "roles": roles,
            "page": page,
            "page_range": _page_range(page),
        },
    )


def correction_list(request: HttpRequest) -> HttpResponse:
    """Recent corrections across the archive, newest first, each linking to its record."""
    page = Paginator(recent_corrections(), CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/correction_list.html",
        {"page": page, "page_range": _page_range(page)},
    )


def about(request: HttpRequest) -> HttpResponse:
    """What the archive holds, where notices come from, and the accessibility statement."""
    return render(request, "decisions/about.html")
