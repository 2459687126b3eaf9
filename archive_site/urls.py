"""Top-level URLs: the public archive, the sitemap and the admin, and the routes of each app
built on the core that is installed (the timelines, the JSON API, ModernGov's kept copies,
the email alerts). Without those apps the core still serves every page of its own."""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive_site.health import healthz
from decisions.opendata.sitemaps import SITEMAPS, robots_txt, sitemap_index, sitemap_section
from decisions.urls import council_urlpatterns

admin.site.site_header = "Cabinet decisions archive"
admin.site.site_title = "Cabinet decisions archive admin"
admin.site.index_title = "Correct and curate records"

sitemaps = dict(SITEMAPS)
app_urls = []
council_urls = list(council_urlpatterns)
council_app_urls = []  # under /<council>/, after the core's own
if apps.is_installed("decisions.api"):
    app_urls.append(path("api/", include("decisions.api.urls")))
if apps.is_installed("decisions.timelines"):
    from decisions.timelines.sitemaps import TimelineSitemap
    from decisions.timelines.urls import council_urlpatterns as council_timeline_urls

    sitemaps["timelines"] = TimelineSitemap
    app_urls.append(path("timelines/", include("decisions.timelines.urls")))
    # A council's timelines, after the core's own pages, so that no core address is ever
    # taken for a council's (council slugs are kept clear of the top-level paths too).
    council_app_urls.append(path("<slug:council>/timelines/", include(council_timeline_urls)))
if apps.is_installed("decisions.moderngov"):
    from decisions.moderngov.urls import council_urlpatterns as council_moderngov_urls

    council_app_urls.append(path("<slug:council>/", include(council_moderngov_urls)))
if apps.is_installed("decisions.alerts"):
    app_urls.append(path("alerts/", include("decisions.alerts.urls")))

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The admin's "Needs checking" list of OCR'd decisions (decisions/admin/needs_checking.py).
    path(
        f"{settings.ADMIN_URL}decisions/needs-checking/",
        include("decisions.admin.needs_checking"),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    *app_urls,
    path("sitemap.xml", sitemap_index, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_section,
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("", include("decisions.urls")),
    # Last: /<council>/ would otherwise take the archive's own paths.
    path("<slug:council>/", include(council_urls)),
    *council_app_urls,
]

handler400 = "archive_site.errors.bad_request"
