"""The sitemap's sections for the archive core (councils, decisions and councillors) and
robots.txt.

The timelines app adds its own section (decisions/timelines/sitemaps.py); archive_site/urls.py
puts the sections together, so the core never imports it. /sitemap.xml is an index of
the sections' pages (/sitemap-decisions.xml?p=2, ...), each of at most PAGE_SIZE URLs (the
protocol allows 50,000), so no request builds more than one page, however large the
archive. A section's lastmod in the index is one aggregate query, not a walk of every row.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from decisions.models import Council, Councillor, Decision
from decisions.opendata.http import public_cache
from decisions.selectors import (
    councillors_for_sitemap,
    councils_with_counts,
    decisions_for_sitemap,
    latest_change,
)

PAGE_SIZE = 10_000  # URLs per sitemap page; the sitemap protocol's limit is 50,000


class DecisionSitemap(Sitemap):
    changefreq = "monthly"
    limit = PAGE_SIZE

    def items(self) -> QuerySet[Decision]:
        return decisions_for_sitemap()

    def lastmod(self, decision: Decision) -> datetime:
        return decision.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        return latest_change()


class CouncilSitemap(Sitemap):
    """Each council's home (/<council>/), last modified when its records last changed."""

    changefreq = "daily"
    limit = PAGE_SIZE

    def items(self) -> QuerySet[Council]:
        return councils_with_counts()

    def location(self, council: Council) -> str:
        return reverse("council-home", args=[council.slug])

    def lastmod(self, council: Council) -> datetime | None:
        return council.last_changed

    def get_latest_lastmod(self) -> datetime | None:
        return latest_change()


class CouncillorSitemap(Sitemap):
    changefreq = "weekly"
    limit = PAGE_SIZE

    def items(self) -> QuerySet[Councillor]:
        return councillors_for_sitemap()

    def lastmod(self, councillor: Councillor) -> datetime | None:
        return councillor.last_change

    def get_latest_lastmod(self) -> datetime | None:
        return latest_change(signed=True)


SITEMAPS: dict[str, type[Sitemap]] = {
    "councils": CouncilSitemap,
    "decisions": DecisionSitemap,
    "councillors": CouncillorSitemap,
}


@require_GET
def sitemap_index(request: HttpRequest, *, sitemaps: dict[str, type[Sitemap]]) -> HttpResponse:
    """/sitemap.xml: the index of every section's pages."""
    response = sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap-section")
    return public_cache(response)


@require_GET
def sitemap_section(
    request: HttpRequest, section: str, *, sitemaps: dict[str, type[Sitemap]]
) -> HttpResponse:
    """/sitemap-<section>.xml?p=N: one page of one section."""
    response = sitemap_views.sitemap(request, sitemaps, section=section)
    return public_cache(response)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Every public page may be crawled, but not the admin; the sitemap lists them all."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return public_cache(HttpResponse("\n".join(lines) + "\n", content_type="text/plain"))
