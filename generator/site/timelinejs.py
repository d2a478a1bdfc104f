"""TimelineJS3 exports: `topics/<topic>/timeline.json` for every topic, so it can be embedded.

One title slide from the topic and one event per entry, date parts at the entry's precision.
Conventions (TimelineJS3 src/js/date/TLDate.js and language/Language.js): date parts are strings;
a negative year -N is shown by TimelineJS as "N BCE", so an astronomical year Y <= 0 (1 - Y BC) is
written as Y - 1 (44 BC -> "-44"); TimelineJS has no zones, so times are the site zone's wall clock
(it then orders them as the site does), and `display_date` carries the date as the site shows it
whenever TimelineJS could not (a time in its own zone, c., ?, a period, a span). Headlines and text
are HTML for TimelineJS: every text is escaped (TimelineJS sanitises them with DOMPurify);
`group` and `display_date` it reads as HTML twice, so they are escaped twice; media URLs have
their quotes percent-encoded. A topic without entries has no export: TimelineJS cannot show one.
"""

from __future__ import annotations

import html
import json
from typing import Any

from generator.site import urls
from generator.site.timeline import Timeline
from generator.site.words import Words
from generator.source.config import Settings
from generator.source.dates import PartialDate, Precision
from generator.source.dates.calendar import civil_from_days, days_from_civil
from generator.source.dates.cldr import Shown
from generator.source.dates.zones import instant_offset
from generator.source.model import Entry, Topic


def date_parts(date: PartialDate, zone: str = "UTC", last: bool = False) -> dict[str, str]:
    """TimelineJS date parts at the precision written: a time as the site zone's wall clock (so
    TimelineJS orders it as the site does); a period by its first (or `last`) year, month or day."""
    if date.has_time:
        instant = date.earliest(zone)
        offset, _ = instant_offset(zone, instant)
        seconds = instant + offset * 60
        year, month, day = civil_from_days(seconds // 86400)
        hour, minute, second = (seconds % 86400) // 3600, (seconds % 3600) // 60, seconds % 60
        parts = _year_part(year) | {"month": str(month), "day": str(day), "hour": str(hour), "minute": str(minute)}
        return parts | ({"second": str(second)} if date.second is not None else {})
    if date.is_period:
        start, after = date.bounds()
        y, m, d = civil_from_days(days_from_civil(*after) - 1) if last else start
        grain = date.precision
        if grain.rank <= Precision.DECADE_THIRD:
            return _year_part(y)
        if grain is Precision.MONTH_THIRD:
            return _year_part(y) | {"month": str(m), "day": str(d)}
        return _year_part(y) | {"month": str(m)}
    parts = _year_part(date.year)
    for name in ("month", "day"):
        value = getattr(date, name)
        if value is not None:
            parts[name] = str(value)
    return parts


def _year_part(year: int) -> dict[str, str]:
    return {"year": str(year if year > 0 else year - 1)}  # TimelineJS -44 is 44 BCE


def _link(settings: Settings, path: str, from_path: str) -> str:
    """A link to a site path: absolute with base_url, else relative to the JSON file's folder."""
    return urls.absolute(settings.base_url, path) or urls.relative(from_path, path)


def event(entry: Entry, settings: Settings, from_path: str, words: Words) -> dict[str, Any]:
    zone = settings.timezone
    shown = Shown(settings.language, zone, words.say)
    home = _link(settings, "", from_path) or "./"
    text = urls.resolve_links(entry.body_html, home) if entry.body_html else ""
    if not text and entry.summary:
        text = f"<p>{html.escape(entry.summary)}</p>"
    links = []
    if entry.url:
        name = html.escape(entry.source or words.gettext("Original story"))
        links.append(f'<a href="{html.escape(safe_url(entry.url))}">{name}</a>')
    page = _link(settings, urls.entry_path(entry.slug), from_path)
    links.append(f'<a href="{html.escape(page)}">{html.escape(words.gettext("Read the entry"))}</a>')
    text += "<p>" + " · ".join(links) + "</p>"
    item: dict[str, Any] = {
        "start_date": date_parts(entry.date, zone),
        "text": {"headline": html.escape(entry.title, quote=False), "text": text},
        "unique_id": entry.slug,
    }
    if entry.tags:  # the group an imported event had became its first tag
        item["group"] = shown_as_text(entry.tags[0])
    if entry.end is not None or entry.date.is_period:
        item["end_date"] = date_parts(entry.end or entry.date, zone, last=True)
    date = entry.date
    if entry.end is not None:  # a span: TimelineJS would show its own reading of both ends
        item["display_date"] = shown_as_text(shown.span_of(date, entry.end))
    elif date.is_period or date.approximate or date.uncertain or date.has_time:
        item["display_date"] = shown_as_text(shown.date(date))
    if entry.image:
        alt = entry.image_alt or entry.title
        url = entry.image if "://" in entry.image else _link(settings, entry.image, from_path)
        item["media"] = {"url": safe_url(url), "alt": alt, "caption": html.escape(alt)}
    return item


def shown_as_text(text: str) -> str:
    """For `group` and `display_date`, which TimelineJS reads as HTML twice: it strips markup with
    a parser (decoding entities once), then sets what is left as innerHTML. Escaped twice, the
    text arrives as text (src/js/core/TimelineConfig.js, timenav/TimeGroup.js)."""
    return html.escape(html.escape(text, quote=False), quote=False)


def safe_url(url: str) -> str:
    """A URL that TimelineJS can paste into HTML between quotes (its PDF and video media types
    build an iframe by joining strings): quotes, angle brackets and spaces percent-encoded."""
    return url.translate({ord(c): f"%{ord(c):02X}" for c in "'\"<>` \\"})


def timeline_json(topic: Topic, entries: list[Entry], settings: Settings, words: Words) -> dict[str, Any]:
    from_path = urls.topic_path(topic.slug)
    description = urls.resolve_links(topic.description_html, _link(settings, "", from_path) or "./")
    return {
        "title": {"text": {"headline": html.escape(topic.title, quote=False), "text": description}},
        "events": [event(entry, settings, from_path, words) for entry in entries],
    }


def timeline_path(topic_slug: str) -> str:
    return urls.topic_path(topic_slug) + "timeline.json"


def timeline_output(context: dict[str, Any], view: Any) -> bytes:
    return timeline_file(context["timeline"], view.settings, view.words)


def timeline_file(timeline: Timeline, settings: Settings, words: Words) -> bytes:
    data = timeline_json(timeline.topic, timeline.chronological, settings, words)
    # compact: json's C encoder does not indent, and these files hold every entry of a topic
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
