"""The ModernGov app's addresses under /<council>/ (archive_site/urls.py adds them when the
app is installed)."""

from django.urls import path

from decisions.moderngov import views

council_urlpatterns = [
    path(
        "decisions/<str:reference>/fetched/<int:resource>/",
        views.fetched_copy,
        name="moderngov-fetched",
    ),
]
