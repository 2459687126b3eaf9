"""Top-level URLs: the public archive, its JSON API, the sitemap and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive_site.health import healthz
from decisions.opendata.sitemaps import SITEMAPS, robots_txt, sitemap_index, sitemap_section
from decisions.timelines.sitemaps import TimelineSitemap

admin.site.site_header = "Cabinet decisions archive"
admin.site.site_title = "Cabinet decisions archive admin"
admin.site.index_title = "Correct and curate records"

sitemaps = {**SITEMAPS, "timelines": TimelineSitemap}

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/", include("decisions.api.urls")),
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_section,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("timelines/", include("decisions.timelines.urls")),
    path("", include("decisions.urls")),
]

handler400 = "decisions.api.errors.bad_request"
