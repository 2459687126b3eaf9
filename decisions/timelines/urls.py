"""Timeline URLs (a public contract, like the others).

A timeline is a council's, at /<council>/timelines/<slug>/ (``council_urlpatterns``, which
archive_site/urls.py mounts at ``<slug:council>/timelines/``). Under /timelines/ are the
list of every council's timelines, the events CSV of a search, and the old addresses of
each timeline and its outputs, which lead to the council's.
"""

from django.urls import path

from decisions.timelines import views as timeline_views
from decisions.timelines.downloads import search_events_csv, timeline_csv, timeline_events_csv
from decisions.timelines.feeds import TimelineFeed

urlpatterns = [
    path("", timeline_views.timeline_list, name="timeline-list"),
    path("events.csv", search_events_csv, name="timeline-events-csv"),
    *(
        path(f"<slug:slug>/{part}", timeline_views.old_timeline_address, {"part": part}, name)
        for part, name in (
            ("", "timeline-old-detail"),
            ("feed/", "timeline-old-feed"),
            ("export.csv", "timeline-old-csv"),
            ("events.csv", "timeline-old-events-csv"),
        )
    ),
]

council_urlpatterns = [
    path("", timeline_views.council_timeline_list, name="council-timeline-list"),
    path("<slug:slug>/", timeline_views.timeline_detail, name="timeline-detail"),
    path("<slug:slug>/feed/", TimelineFeed(), name="timeline-feed"),
    path("<slug:slug>/export.csv", timeline_csv, name="timeline-csv"),
    path("<slug:slug>/events.csv", timeline_events_csv, name="timeline-events-csv-one"),
]
