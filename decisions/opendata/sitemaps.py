"""The sitemap's sections for the archive core (decisions and councillors) and robots.txt.

The timelines app adds its own section (decisions/timelines/sitemaps.py); archive_site/urls.py
puts the sections together, so the core never imports it."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from decisions.models import Councillor, Decision
from decisions.opendata.http import public_cache
from decisions.selectors import councillors_for_sitemap, decisions_for_sitemap


class DecisionSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self) -> QuerySet[Decision]:
        return decisions_for_sitemap()

    def lastmod(self, decision: Decision) -> datetime:
        return decision.updated_at


class CouncillorSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Councillor]:
        return councillors_for_sitemap()

    def lastmod(self, councillor: Councillor) -> datetime | None:
        return councillor.last_change


SITEMAPS: dict[str, type[Sitemap]] = {
    "decisions": DecisionSitemap,
    "councillors": CouncillorSitemap,
}


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
