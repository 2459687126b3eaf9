"""Top-level URLs: the public archive and the admin."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Cabinet decisions archive"
admin.site.site_title = "Cabinet decisions archive admin"
admin.site.index_title = "Correct and curate records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("timelines/", include("decisions.timelines.urls")),
    path("", include("decisions.urls")),
]
