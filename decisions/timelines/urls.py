"""Timeline URLs (a public contract, like the others)."""

from django.urls import path

from decisions.timelines import views as timeline_views

urlpatterns = [
    path("", timeline_views.timeline_list, name="timeline-list"),
    path("<slug:slug>/", timeline_views.timeline_detail, name="timeline-detail"),
]
