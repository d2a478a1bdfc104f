"""Atom 1.0 and JSON Feed 1.1 writers: model -> {path: bytes}, newest entries first.

Every URL is built from `base_url`; without one, from the domain root ("/entries/slug/"), as SPEC 2
says. Entry and feed ids are `urn:uuid:` names derived from the site title and the slug, so they
stay the same across builds and across a change of `base_url` (moving a project site to a custom
domain must not make feed readers show every story again as new).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape, unescape
from typing import Any

from generator.site import urls
from generator.site.timeline import Timelines
from generator.site.xml_text import Element, document
from generator.source.config import Settings
from generator.source.dates import PartialDate, Precision, format_date, format_span
from generator.source.model import Entry, Site, Topic

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
SITE_FEED = ("feed.xml", "feed.json")
# A fixed namespace: ids depend on nothing but the site title and the slug.
_ID_NAMESPACE = uuid.UUID("5d0f8c9e-3b1a-5f6e-9a7c-2e4b8d1f0a63")  # never change it
# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = "1970-01-01T00:00:00Z"


def feed_paths(topic_slug: str | None = None) -> tuple[str, str]:
    """(Atom path, JSON Feed path) of the site feed, or of one topic's feed."""
    if topic_slug is None:
        return SITE_FEED
    folder = urls.topic_path(topic_slug)
    return folder + "feed.xml", folder + "feed.json"


def site_url(base_url: str | None, path: str) -> str:
    """An absolute URL under base_url, or a URL from the domain root when there is none."""
    return urls.absolute(base_url or "/", path)  # type: ignore[return-value]


def stable_id(site_title: str, *key: str) -> str:
    """A `urn:uuid:` id for a feed or entry that depends only on the site title and `key`."""
    return "urn:uuid:" + str(uuid.uuid5(_ID_NAMESPACE, "\n".join((site_title, *key))))


def modified(entry: Entry, zone: str) -> PartialDate:
    """When the entry last changed: `updated`, or its date (whichever is later)."""
    dates = [d for d in (entry.date, entry.updated) if d is not None]
    return max(dates, key=lambda d: d.sort_key(zone))


def rfc3339(date: PartialDate, zone: str) -> str | None:
    """The first instant of a (partial) date in RFC 3339, or None for years RFC 3339 cannot write."""
    try:
        return date.to_rfc3339(zone)
    except ValueError:
        return None


def date_note(entry: Entry, zone: str) -> str:
    """The date as the site shows it, as HTML, when a feed's instant would say more than was
    written (a year, a period, c., ?, a span): feeds carry the date honestly. "" otherwise."""
    date = entry.date
    if entry.end is None and date.precision.rank >= Precision.DAY and not (date.approximate or date.uncertain):
        return ""
    shown = format_span(date, entry.end, zone) if entry.end is not None else format_date(date, zone)
    return f"<p><strong>{escape(shown)}</strong></p>"


def item_html(entry: Entry, settings: Settings) -> str:
    """The HTML content of a feed item: the date when it needs saying, then the body."""
    note = date_note(entry, settings.timezone)
    body = absolute_html(entry.body_html, settings.base_url) if entry.body_html else ""
    return note + ("\n" if note and body else "") + body


def absolute_html(html: str, base_url: str | None) -> str:
    """Rendered Markdown with its site links absolute (feed readers have no page to be relative to)."""
    return urls.resolve_links(html, base_url or "/")


@dataclass(frozen=True)
class Feed:
    """One feed: what it is about, where it lives and its entries (newest first, already capped)."""

    key: tuple[str, ...]  # for the feed id
    title: str
    description: str
    page: str  # site path of the HTML page the feed follows
    atom: str
    json: str
    entries: tuple[Entry, ...]


def feeds_of(site: Site, timelines: Timelines) -> list[Feed]:
    """The site feed and one feed per topic, each capped at `feed_limit`."""
    settings = site.settings
    limit = settings.feed_limit
    feeds = [Feed(("feed",), settings.title, settings.description, "", *SITE_FEED, tuple(timelines.latest[:limit]))]
    for slug, timeline in timelines.by_topic.items():
        topic = timeline.topic
        newest = tuple(timeline.chronological[::-1][:limit])
        description = plain_text(topic.description_html)
        feeds.append(
            Feed(("topic", slug), f"{topic.title} — {settings.title}", description, urls.topic_path(slug),
                 *feed_paths(slug), newest)
        )  # fmt: skip
    return feeds


def newest_update(entries: list[Entry] | tuple[Entry, ...], zone: str) -> str:
    """RFC 3339 time of the newest change among `entries`; the epoch when there are none."""
    if not entries:
        return _EPOCH
    newest = max((modified(e, zone) for e in entries), key=lambda d: d.sort_key(zone))
    return _clamped(newest, zone)


def _clamped(date: PartialDate, zone: str) -> str:
    """RFC 3339 even for years it cannot write (a BC story): the nearest instant it can."""
    text = rfc3339(date, zone)
    if text is not None:
        return text
    return "0001-01-01T00:00:00Z" if date.year < 1 else "9999-12-31T23:59:59Z"


# --- Atom ---------------------------------------------------------------------------------------


def atom_output(context: dict[str, Any], view: Any) -> bytes:
    return atom_feed(context["feed"], view.settings, view.topics, context["fallback"])


def json_output(context: dict[str, Any], view: Any) -> bytes:
    return json_feed(context["feed"], view.settings, view.topics)


def atom_feed(feed: Feed, settings: Settings, topics: Mapping[str, Topic], fallback_updated: str = _EPOCH) -> bytes:
    zone, base = settings.timezone, settings.base_url
    root = Element("feed", {"xmlns": ATOM_NS, "xml:lang": settings.language})
    _text(root, "id", stable_id(settings.title, *feed.key))
    _text(root, "title", feed.title)
    if feed.description:
        _text(root, "subtitle", feed.description)
    _text(root, "updated", newest_update(feed.entries, zone) if feed.entries else fallback_updated)
    root.add("link", {"rel": "self", "type": "application/atom+xml", "href": site_url(base, feed.atom)})
    root.add("link", {"rel": "alternate", "type": "text/html", "href": site_url(base, feed.page)})
    _text(root.add("author"), "name", settings.title)
    _text(root, "generator", "Timelines")
    for entry in feed.entries:
        _atom_entry(root, entry, settings, topics)
    return document(root)


def _atom_entry(parent: Element, entry: Entry, settings: Settings, topics: Mapping[str, Topic]) -> None:
    zone, base = settings.timezone, settings.base_url
    item = parent.add("entry")
    _text(item, "id", stable_id(settings.title, "entry", entry.slug))
    _text(item, "title", entry.title)
    _text(item, "updated", _clamped(modified(entry, zone), zone))
    published = rfc3339(entry.date, zone)
    if published is not None:
        _text(item, "published", published)
    item.add("link", {"rel": "alternate", "type": "text/html", "href": site_url(base, urls.entry_path(entry.slug))})
    if entry.url:
        item.add("link", {"rel": "related", "type": "text/html", "href": entry.url})
    if entry.source:
        _text(item.add("author"), "name", entry.source)
    for topic in _topics(entry, topics):
        item.add("category", {"term": topic.slug, "label": _clean(topic.title), "scheme": site_url(base, "topics/")})
    for tag in entry.tags:
        item.add("category", {"term": urls.of_tag(tag), "label": _clean(tag), "scheme": site_url(base, "tags/")})
    if entry.summary:
        _text(item, "summary", entry.summary)
    content = item_html(entry, settings)
    if content:
        _text(item, "content", content).attributes["type"] = "html"


def _text(parent: Element, tag: str, text: str) -> Element:
    return parent.add(tag, text=_clean(text))


def _clean(text: str) -> str:
    """Drop characters XML cannot carry; the rest is escaped as it is written (&, <, >, quotes)."""
    return _NOT_XML.sub("", text)


# --- JSON Feed ----------------------------------------------------------------------------------


def json_feed(feed: Feed, settings: Settings, topics: Mapping[str, Topic]) -> bytes:
    base = settings.base_url
    data: dict = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": site_url(base, feed.page),
        "feed_url": site_url(base, feed.json),
    }
    if feed.description:
        data["description"] = feed.description
    data["language"] = settings.language
    data["authors"] = [{"name": settings.title}]
    data["items"] = [_json_item(entry, settings, topics) for entry in feed.entries]
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")  # (C encoder)


def _json_item(entry: Entry, settings: Settings, topics: Mapping[str, Topic]) -> dict:
    zone, base = settings.timezone, settings.base_url
    item: dict = {
        "id": stable_id(settings.title, "entry", entry.slug),
        "url": site_url(base, urls.entry_path(entry.slug)),
    }
    if entry.url:
        item["external_url"] = entry.url
    item["title"] = entry.title
    content = item_html(entry, settings)
    if content:
        item["content_html"] = content
    else:
        item["content_text"] = entry.summary or entry.title
    if entry.summary:
        item["summary"] = entry.summary
    image = urls.image_url(entry.image, base or "/") if entry.image else None
    if image:
        item["image"] = image
    published = rfc3339(entry.date, zone)
    if published is not None:
        item["date_published"] = published
    if entry.updated is not None and (changed := rfc3339(modified(entry, zone), zone)) is not None:
        item["date_modified"] = changed
    if entry.source:
        item["authors"] = [{"name": entry.source}]
    tags = [t.title for t in _topics(entry, topics)] + list(entry.tags)
    if tags:
        item["tags"] = tags
    return item


def _topics(entry: Entry, topics: Mapping[str, Topic]) -> list[Topic]:
    return [topics[t] for t in entry.topics if t in topics]


def plain_text(html: str) -> str:
    """Plain text of a little rendered Markdown (a topic description) for a feed subtitle."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
