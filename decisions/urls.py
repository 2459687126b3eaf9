"""Public URLs. They are a contract: shared links must keep working."""

from django.urls import path

from decisions import views

urlpatterns = [
    path("", views.home, name="home"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/<str:reference>/", views.decision_detail, name="decision-detail"),
    path(
        "decisions/<str:reference>/original/",
        views.decision_original,
        name="decision-original",
    ),
    path("councillors/", views.councillor_list, name="councillor-list"),
    path("councillors/<slug:slug>/", views.councillor_detail, name="councillor-detail"),
    path("about/", views.about, name="about"),
]
