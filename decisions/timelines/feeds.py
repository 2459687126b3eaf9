"""The Atom feed of a council's timeline: the decisions on it, newest first
(/<council>/timelines/<slug>/feed/)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse

from decisions.models import Decision
from decisions.opendata.feeds import ArchiveFeed, DecisionItems, feed_items
from decisions.timelines.models import Timeline
from decisions.timelines.selectors import timeline_by_slug, timeline_members


class TimelineFeed(DecisionItems, ArchiveFeed):
    """A timeline's decisions as a feed, so a reader hears when the story moves on."""

    def get_object(
        self, request: HttpRequest, *args: Any, council: str, slug: str, **kwargs: Any
    ) -> Timeline:
        timeline = timeline_by_slug(council, slug)
        if timeline is None:
            raise Http404("No timeline has that name.")
        return timeline

    def title(self, timeline: Timeline) -> str:
        return f"Timeline: {timeline.title}, {timeline.council.name}"

    def subtitle(self, timeline: Timeline) -> str:
        return (
            timeline.description
            or f"Decisions of {timeline.council.name} on the {timeline.title} timeline"
        )

    def link(self, timeline: Timeline) -> str:
        return timeline.get_absolute_url()

    def feed_url(self, timeline: Timeline) -> str:
        return reverse(
            "timeline-feed", kwargs={"council": timeline.council.slug, "slug": timeline.slug}
        )

    def items(self, timeline: Timeline) -> QuerySet[Decision]:
        return feed_items(timeline_members(timeline).newest_first())
