"""TimelineJS3 exports: `topics/<topic>/timeline.json` for every topic, so it can be embedded.

One title slide from the topic and one event per entry, date parts at the entry's precision.
Conventions (TimelineJS3 src/js/date/TLDate.js and language/Language.js): date parts are strings;
a negative year -N is shown by TimelineJS as "N BCE", so an astronomical year Y <= 0 (1 - Y BC) is
written as Y - 1 (44 BC -> "-44"); times are written as the wall clock the entry was written in
(TimelineJS has no zones), with `display_date` carrying the site's own reading of the date when it
is approximate or has a time. Headlines and text are HTML for TimelineJS: every text is escaped.
"""

from __future__ import annotations

import html
import json
from typing import Any

from generator.site import urls
from generator.site.timeline import Timeline
from generator.source.config import Settings
from generator.source.dates import PartialDate, format_date, format_span
from generator.source.model import Entry, Topic


def date_parts(date: PartialDate) -> dict[str, str]:
    """TimelineJS date parts for exactly what was written."""
    parts = {"year": str(date.year if date.year > 0 else date.year - 1)}
    for name in ("month", "day", "hour", "minute", "second"):
        value = getattr(date, name)
        if value is not None:
            parts[name] = str(value)
    return parts


def _link(settings: Settings, path: str, from_path: str) -> str:
    """A link to a site path: absolute with base_url, else relative to the JSON file's folder."""
    return urls.absolute(settings.base_url, path) or urls.relative(from_path, path)


def event(entry: Entry, topic: Topic, settings: Settings, from_path: str) -> dict[str, Any]:
    zone = settings.timezone
    text = f"<p>{html.escape(entry.summary)}</p>" if entry.summary else ""
    links = []
    if entry.url:
        links.append(f'<a href="{html.escape(entry.url)}">{html.escape(entry.source or "Original story")}</a>')
    page = _link(settings, urls.entry_path(entry.slug), from_path)
    links.append(f'<a href="{html.escape(page)}">Read the entry</a>')
    text += "<p>" + " · ".join(links) + "</p>"
    item: dict[str, Any] = {
        "start_date": date_parts(entry.date),
        "text": {"headline": html.escape(entry.title, quote=False), "text": text},
        "unique_id": entry.slug,
        # TimelineJS shows the group with innerHTML (src/js/timenav/TimeGroup.js): HTML, so escaped
        "group": html.escape(entry.tags[0] if entry.tags else topic.title, quote=False),
    }
    if entry.end is not None:
        item["end_date"] = date_parts(entry.end)
    if entry.date.approximate or entry.date.has_time:
        item["display_date"] = format_date(entry.date, zone)
    if entry.end is not None and (entry.date.approximate or entry.end.approximate):
        item["display_date"] = format_span(entry.date, entry.end, zone)
    if entry.image:
        alt = entry.image_alt or entry.title
        item["media"] = {
            "url": (entry.image if "://" in entry.image else _link(settings, entry.image, from_path)),
            "alt": alt,
            "caption": html.escape(alt),
        }
    return item


def timeline_json(topic: Topic, entries: list[Entry], settings: Settings) -> dict[str, Any]:
    from_path = urls.topic_path(topic.slug)
    description = urls.resolve_links(topic.description_html, _link(settings, "", from_path) or "./")
    return {
        "title": {"text": {"headline": html.escape(topic.title, quote=False), "text": description}},
        "events": [event(entry, topic, settings, from_path) for entry in entries],
    }


def timeline_path(topic_slug: str) -> str:
    return urls.topic_path(topic_slug) + "timeline.json"


def timeline_output(context: dict[str, Any], view: Any) -> bytes:
    return timeline_file(context["timeline"], view.settings)


def timeline_file(timeline: Timeline, settings: Settings) -> bytes:
    data = timeline_json(timeline.topic, timeline.chronological, settings)
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")
