"""The timelines' section of the sitemap (archive_site/urls.py adds it to the core's)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from decisions.timelines.models import Timeline
from decisions.timelines.selectors import timelines_for_sitemap


class TimelineSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Timeline]:
        return timelines_for_sitemap()

    def location(self, timeline: Timeline) -> str:
        """The timeline's address under its council."""
        return timeline.get_absolute_url()
