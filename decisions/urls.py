"""Public URLs. They are a contract: shared links must keep working.

A decision's URL names its council: /<council>/decisions/<reference>/. The URLs from
before councils (/decisions/<reference>/...) answer 301 to it while the reference names
one decision. `council_urlpatterns` is mounted last (archive_site/urls.py), under
/<council>/, so no council's slug can take one of the archive's own paths
(decisions.models.RESERVED_COUNCIL_SLUGS).
"""

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
    # Before councils: each answers 301 to the council's URL.
    path("decisions/<str:reference>/", views.old_decision_url),
    path("decisions/<str:reference>/feed/", views.old_decision_url, {"rest": "feed/"}),
    path(
        "decisions/<str:reference>/export.csv",
        views.old_decision_url,
        {"rest": "export.csv"},
    ),
    path("decisions/<str:reference>/original/", views.old_decision_url, {"rest": "original/"}),
    path("councils/", views.council_list, name="council-list"),
    path("councillors/", views.councillor_list, name="councillor-list"),
    path("councillors/<slug:slug>/", views.councillor_detail, name="councillor-detail"),
    path("councillors/<slug:slug>/feed/", feeds.CouncillorFeed(), name="councillor-feed"),
    path("corrections/feed/", feeds.CorrectionsFeed(), name="correction-feed"),
    path("corrections/", views.correction_list, name="correction-list"),
    path("about/", views.about, name="about"),
]

# Under /<slug:council>/.
council_urlpatterns = [
    path("", views.council_home, name="council-home"),
    path("decisions/", views.council_decisions, name="council-decision-list"),
    path("decisions/<str:reference>/", views.decision_detail, name="decision-detail"),
    path("decisions/<str:reference>/feed/", feeds.CorrectionsFeed(), name="decision-feed-one"),
    path("decisions/<str:reference>/export.csv", downloads.decision_csv, name="decision-csv-one"),
    path(
        "decisions/<str:reference>/original/",
        views.decision_original,
        name="decision-original",
    ),
]
