"""Public pages. Views stay thin: a queryset, a filter, a template."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from decisions.models import Councillor, Decision


def home(request: HttpRequest) -> HttpResponse:
    """The front page: a search box and the latest decisions."""
    latest = Decision.objects.newest_first()[:10]
    return render(request, "decisions/home.html", {"latest": latest})


def decision_list(request: HttpRequest) -> HttpResponse:
    """Every decision, newest first."""
    decisions = Decision.objects.newest_first()[:50]
    return render(request, "decisions/decision_list.html", {"decisions": decisions})


def decision_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One decision with its clauses."""
    decision = get_object_or_404(
        Decision.objects.with_signatory().with_clauses(), reference=reference
    )
    return render(request, "decisions/decision_detail.html", {"decision": decision})


def councillor_list(request: HttpRequest) -> HttpResponse:
    """Every councillor who signed a decision."""
    councillors = Councillor.objects.with_decision_counts()
    return render(request, "decisions/councillor_list.html", {"councillors": councillors})


def councillor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A councillor and the decisions they signed."""
    councillor = get_object_or_404(Councillor, slug=slug)
    decisions = councillor.decisions.newest_first()
    return render(
        request,
        "decisions/councillor_detail.html",
        {"councillor": councillor, "decisions": decisions},
    )


def about(request: HttpRequest) -> HttpResponse:
    """What the archive holds, and the accessibility statement."""
    return render(request, "decisions/about.html")
