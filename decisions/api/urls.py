"""API URLs, under /api/ (namespace `api`). Like the site's, they are a public contract."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from decisions.api import views

app_name = "api"

urlpatterns = [
    path("decisions/", views.DecisionList.as_view(), name="decision-list"),
    path(
        "decisions/<slug:council>/<str:reference>/",
        views.DecisionDetail.as_view(),
        name="decision-detail",
    ),
    # From before councils: 301 to the council's URL while the reference names one decision.
    path("decisions/<str:reference>/", views.old_decision_url, name="old-decision-detail"),
    path("councils/", views.CouncilList.as_view(), name="council-list"),
    path("councillors/", views.CouncillorList.as_view(), name="councillor-list"),
    path("councillors/<slug:slug>/", views.CouncillorDetail.as_view(), name="councillor-detail"),
    path("timelines/", views.TimelineList.as_view(), name="timeline-list"),
    path(
        "timelines/<slug:council>/<slug:slug>/",
        views.TimelineDetail.as_view(),
        name="timeline-detail",
    ),
    # From before timelines were a council's: leads to the one council's timeline of the slug.
    path("timelines/<slug:slug>/", views.TimelineOldAddress.as_view(), name="timeline-old-detail"),
    path("corrections/", views.CorrectionList.as_view(), name="correction-list"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        views.ApiDocs.as_view(url_name="api:schema"),
        name="docs",
    ),
]
