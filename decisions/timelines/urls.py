"""Timeline URLs (a public contract, like the others)."""

from django.urls import path

from decisions.timelines import views as timeline_views
from decisions.timelines.downloads import search_events_csv, timeline_csv, timeline_events_csv
from decisions.timelines.feeds import TimelineFeed

urlpatterns = [
    path("", timeline_views.timeline_list, name="timeline-list"),
    path("events.csv", search_events_csv, name="timeline-events-csv"),
    path("<slug:slug>/", timeline_views.timeline_detail, name="timeline-detail"),
    path("<slug:slug>/feed/", TimelineFeed(), name="timeline-feed"),
    path("<slug:slug>/export.csv", timeline_csv, name="timeline-csv"),
    path("<slug:slug>/events.csv", timeline_events_csv, name="timeline-events-csv-one"),
]
