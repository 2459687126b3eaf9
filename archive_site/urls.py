"""Top-level URLs: the public archive and the admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from archive_site.health import healthz

admin.site.site_header = "Cabinet decisions archive"
admin.site.site_title = "Cabinet decisions archive admin"
admin.site.index_title = "Correct and curate records"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("timelines/", include("decisions.timelines.urls")),
    path("", include("decisions.urls")),
]
