"""The keys of the model's objects: what names the same entry, topic or timeline in every build."""

from __future__ import annotations

from typing import Any

from generator.incremental.tracking import TrackedList, TrackedMapping, Tracker
from generator.site.timeline import Timeline, Timelines
from generator.source.config import Settings
from generator.source.dates import PartialDate
from generator.source.model import Entry, Link, Page, Site, Tag, Topic

TEMPLATE = "template"  # `template:<name>`, field `source`: what a template name resolves to
WORDS = "words"  # `words:<language>`, field: a message id: that message in the site's catalog


def key_of(obj: Any) -> str | None:
    kind = type(obj)
    if kind is Entry:
        return "entry:" + obj.slug
    if kind is Topic:
        return "topic:" + obj.slug
    if kind is Timeline:
        return "timeline:" + obj.topic.slug
    if kind is Tag:
        return "tag:" + obj.slug
    if kind is Page:
        return "page:" + obj.slug
    if kind is Settings:
        return "site"
    return None


PLAIN = (PartialDate, Link)  # dataclasses that are values: returned to pages as they are


def model_tracker(site: Site, timelines: Timelines) -> Tracker:
    """A tracker for one build: every keyed object of the model registered under its key, and
    the globals every page sees (the settings, every topic, the navigation)."""
    tracker = Tracker(key_of, plain=PLAIN)
    tracker.add(site.settings)
    for group in (site.entries, site.topics.values(), site.pages.values(), timelines.by_topic.values(),
                  timelines.tags.values()):  # fmt: skip
        for obj in group:
            tracker.add(obj)
    tracker.objects["topics"] = TrackedMapping("topics", site.topics, tracker)
    tracker.objects["nav_pages"] = TrackedList("nav_pages", list(site.pages.values()), tracker)
    tracker.objects["site_tags"] = TrackedList("site_tags", list(timelines.tags.values()), tracker)
    return tracker


def global_views(tracker: Tracker) -> tuple[Any, Any, Any, Any]:
    """(settings, topics, nav_pages, site_tags) as pages see them."""
    return (tracker.wrap(tracker.resolve("site")), tracker.resolve("topics"), tracker.resolve("nav_pages"),
            tracker.resolve("site_tags"))  # fmt: skip
