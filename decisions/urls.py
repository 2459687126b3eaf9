"""Public URLs. They are a contract: shared links must keep working."""

from django.urls import path

from decisions import views
from decisions.opendata import call_in_calendar, downloads, feeds

urlpatterns = [
    path("", views.home, name="home"),
    path("decisions/", views.decision_list, name="decision-list"),
    # Before decisions/<reference>/, which would otherwise take "feed" for a reference.
    path("decisions/feed/", feeds.SearchFeed(), name="decision-feed"),
    path("decisions/export.csv", downloads.search_csv, name="decision-csv"),
    path("decisions/call-in.ics", call_in_calendar.call_in_ics, name="call-in-calendar"),
    path("decisions/<str:reference>/", views.decision_detail, name="decision-detail"),
    path("decisions/<str:reference>/feed/", feeds.CorrectionsFeed(), name="decision-feed-one"),
    path("decisions/<str:reference>/export.csv", downloads.decision_csv, name="decision-csv-one"),
    path(
        "decisions/<str:reference>/original/",
        views.decision_original,
        name="decision-original",
    ),
    path("councils/", views.council_list, name="council-list"),
    path("councillors/", views.councillor_list, name="councillor-list"),
    path("councillors/<slug:slug>/", views.councillor_detail, name="councillor-detail"),
    path("councillors/<slug:slug>/feed/", feeds.CouncillorFeed(), name="councillor-feed"),
    path("corrections/feed/", feeds.CorrectionsFeed(), name="correction-feed"),
    path("corrections/", views.correction_list, name="correction-list"),
    path("about/", views.about, name="about"),
]
