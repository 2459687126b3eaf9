"""Public pages. Views stay thin: they read through selectors (decisions.selectors and
decisions.search.selectors) and render a template; they build no querysets of their own.

Each page runs a fixed number of queries, however many rows it shows (the tests count them).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from decisions import selectors
from decisions.models import Council, Decision
from decisions.parsing import SourceFormat
from decisions.parsing.formats import FormatFacts, facts_of
from decisions.seams import page_blocks
from decisions.search.filters import DecisionFilter, count_facets
from decisions.search.params import FILTER_PARAMS, NEWEST, is_checked
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
from decisions.search.selectors import RANK_LIMIT, decision_search
from decisions.search.suggest import suggest_search
from decisions.selectors import as_listed

RESULTS_PER_PAGE = 20
SIGNED_PER_PAGE = 50
CORRECTIONS_PER_PAGE = 30
COUNCILLORS_PER_PAGE = 100


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
    return render(
        request,
        "decisions/home.html",
        {
            "latest": selectors.latest_decisions(10),
            "held": selectors.archive_holdings(),
            "blocks": page_blocks("home"),
        },
    )


def decision_list(request: HttpRequest) -> HttpResponse:
    """Search and filter every council's decisions; every parameter lives in the query
    string."""
    return _search_page(request, request.GET, council=None)


def council_decisions(request: HttpRequest, council: str) -> HttpResponse:
    """One council's own search page: the same filters, within the council."""
    found = selectors.council_by_slug(council)
    if found is None:
        raise Http404("No council has that name.")
    return _search_page(request, request.GET, council=found)


def _search_page(
    request: HttpRequest, params: QueryDict, *, council: Council | None
) -> HttpResponse:
    """The search page of every council, or of one. `params` are the page's own (its links
    keep them); within a council, the council is added to what is searched, not to them."""
    searched = params
    if council is not None:
        searched = params.copy()
        searched["council"] = council.slug
    search = decision_search(params=searched)
    filterset = search.filterset
    scope = {
        "page_council": council,
        "search_params": searched,  # what an alert of this page follows
        "decisions_url": (
            reverse("council-decision-list", args=[council.slug])
            if council
            else reverse("decision-list")
        ),
    }
    if not search.is_valid:
        return render(
            request,
            "decisions/decision_list.html",
            {
                "filterset": filterset,
                "form": filterset.form,
                "errors": _error_list(filterset),
                **scope,
            },
            status=400,
        )
    reference = filterset.requested_reference
    if reference:
        named = selectors.councils_with_reference(reference)
        if council is not None:
            named = [decision for decision in named if decision.council_id == council.pk]
        if len(named) == 1:
            return redirect(named[0].get_absolute_url())
        if named:  # several councils have it: the search lists them
            reference = ""

    facets = count_facets(filterset.matches, many=filterset.many_matches)
    unranked = search.too_many_to_rank(matches=facets.total)
    paginator = CountedPaginator(
        as_listed(search.page_order(matches=facets.total), "purpose"),
        RESULTS_PER_PAGE,
        count=facets.total,
    )
    page = paginator.get_page(filterset.cleaned.get("page"))
    rows = list(page.object_list) if facets.total else []
    snippets = highlighted_snippets(rows, filterset.query) if filterset.query else {}
    slug, council_slug = filterset.cleaned.get("councillor"), filterset.cleaned.get("council")
    names = {
        "councillor_name": selectors.councillor_name(slug) if slug else "",
        "council_name": (
            council.name
            if council is not None
            else selectors.council_name(council_slug)
            if council_slug
            else ""
        ),
    }
    shown = dict(filterset.cleaned)
    if council is not None:  # a council's own page: its council is no filter to remove
        shown.pop("council", None)
    filters = active_filters(shown, params, **names)
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
            "facet_links": facet_links(facets, params),
            "active_filters": filters,
            "chosen_filters": chosen_filters(filters),
            "words_only": words_only(filterset.query),
            "page_title": search_title(filterset.cleaned, **names),
            "unknown_reference": reference,
            "suggestion": suggestion,
            "suggestion_url": with_params(params, q=suggestion.query) if suggestion else "",
            "sort_links": sort_links(
                params,
                NEWEST if unranked else filterset.sort_order,
                has_query=bool(filterset.query),
            ),
            "unranked": unranked,
            "rank_limit": RANK_LIMIT,
            "page": page,
            "page_range": _page_range(page),
            "results": [(decision, snippets.get(decision.pk)) for decision in rows],
            **scope,
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


def decision_detail(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    """One decision: every field, its clauses, its source and its correction history."""
    decision = selectors.decision_for_page(council, reference)
    if decision is None:
        canonical = parse_reference(reference)
        if canonical and canonical != reference and selectors.decision_exists(council, canonical):
            return redirect("decision-detail", council, canonical, permanent=True)
        raise Http404("No decision has that reference.")
    if decision.is_withdrawn:
        return withdrawn_response(request, decision)
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "page_council": decision.council,
            "blocks": page_blocks("decision-detail", decision=decision),
        },
    )


def old_decision_url(request: HttpRequest, reference: str, rest: str = "") -> HttpResponse:
    """A decision's URL from before councils (/decisions/<reference>/...): 301 to its
    council's URL while the reference names one decision; a list when several councils
    have it; 404 when none does."""
    named = selectors.councils_with_reference(reference)
    if not named:
        canonical = parse_reference(reference)
        if canonical and canonical != reference:
            named = selectors.councils_with_reference(canonical)
    if not named:
        raise Http404("No decision has that reference.")
    if len(named) == 1:
        target = named[0].get_absolute_url() + rest
        query = request.META.get("QUERY_STRING", "")
        return redirect(f"{target}?{query}" if query else target, permanent=True)
    return render(
        request,
        "decisions/reference_choices.html",
        {"reference": reference, "decisions": named, "rest": rest},
        status=300,
    )


def withdrawn_response(request: HttpRequest, decision: Decision) -> HttpResponse:
    """410 Gone for a withdrawn decision: its title, the reason and the date, nothing more.

    Not to be cached (browsers keep a 410 by heuristics): a superuser may restore it.
    """
    response = render(
        request,
        "decisions/decision_withdrawn.html",
        {"decision": decision, "page_council": decision.council},
        status=410,
    )
    patch_cache_control(response, no_cache=True)
    return response


def decision_original(request: HttpRequest, council: str, reference: str) -> HttpResponse:
    """The original file of a decision's notice: a download, or with ?view=1 a PDF shown in
    the browser. Either way it is served as what it is (its format's media type, with
    nosniff), and only a PDF is ever shown inline: a text notice or a harvested ModernGov
    page is always a download, so no original can run as a page of this site."""
    document = selectors.original_document(council, reference)
    if document is None:
        withdrawn = selectors.withdrawn_decision(council, reference)
        if withdrawn is not None:
            return withdrawn_response(request, withdrawn)
        raise Http404("No original file is kept for that decision.")
    data = bytes(document.data)
    facts = facts_of(document.source_format)
    response = HttpResponse(data, content_type=_download_type(facts, data))
    # Only a PDF is ever shown inline: a text notice is always a download.
    shown = document.source_format == SourceFormat.PDF and is_checked(request.GET.get("view"))
    # The name is made from the reference, never from the uploaded file name.
    disposition = "inline" if shown else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{reference}.{facts.download_suffix}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _download_type(facts: FormatFacts, data: bytes) -> str:
    """The format's media type; for a text format, with its charset if the file is UTF-8."""
    if not facts.textual:
        return facts.media_type
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return facts.media_type
    return f"{facts.media_type}; charset=utf-8"


def councillor_list(request: HttpRequest) -> HttpResponse:
    """Every councillor who signed a decision, with how many and when."""
    # Paged: thousands of councillors made one page of over half a megabyte.
    paginator = CountedPaginator(
        selectors.councillors_with_spans(),
        COUNCILLORS_PER_PAGE,
        count=selectors.councillor_count(),
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/councillor_list.html",
        {"councillors": page.object_list, "page": page, "page_range": _page_range(page)},
    )


def councillor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A councillor: the names they signed under, their roles, and the decisions they signed."""
    councillor = selectors.councillor_with_aliases(slug)
    if councillor is None:
        raise Http404("No councillor has that name.")
    signed = selectors.decisions_signed(councillor)
    roles = selectors.roles_held(signed)
    paginator = CountedPaginator(
        as_listed(signed.newest_first(), "signatory_role"),
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


def council_list(request: HttpRequest) -> HttpResponse:
    """The councils in the archive and what it holds of each: how many decisions, by year,
    the newest, and when its records last changed, so a council gone quiet shows."""
    return render(
        request, "decisions/council_list.html", {"coverage": selectors.council_coverage()}
    )


def council_home(request: HttpRequest, council: str) -> HttpResponse:
    """A council's home: what the archive holds of it and how fresh, its newest decisions,
    its councillors, and what apps add (its timelines)."""
    home = selectors.council_home(council)
    if home is None:
        raise Http404("No council has that name.")
    coverage, latest, signers = home
    return render(
        request,
        "decisions/council_home.html",
        {
            "coverage": coverage,
            "page_council": coverage.council,
            "latest": latest,
            "signers": signers,
            "blocks": page_blocks("council-home", council=coverage.council),
        },
    )


def correction_list(request: HttpRequest) -> HttpResponse:
    """Recent corrections across the archive, newest first, each linking to its record."""
    corrections = selectors.public_corrections()
    page = Paginator(corrections, CORRECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/correction_list.html",
        {"page": page, "page_range": _page_range(page)},
    )


def about(request: HttpRequest) -> HttpResponse:
    """What the archive holds, where notices come from, and the accessibility statement."""
    return render(request, "decisions/about.html")
