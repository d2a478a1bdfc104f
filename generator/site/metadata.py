"""Page metadata for crawlers, link previews and feed readers: canonical URL, Open Graph, JSON-LD.

Pure functions of the model and the page being rendered; the template `partials/meta.html` only
prints what `page_meta` returns. Absolute URLs exist only with a `base_url` (SPEC 2 and 7).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from generator.site import urls
from generator.site.feeds import feed_paths, plain_text
from generator.site.timeline import Timeline
from generator.source.config import Settings
from generator.source.model import Entry, Page, Tag, Topic

SCHEMA = "https://schema.org"
# JSON inside <script> must not contain "</script>" or "<!--": escaping < > & as JSON \u escapes keeps
# the same JSON value and leaves nothing HTML could read as markup.
_SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


@dataclass(frozen=True)
class FeedLink:
    title: str
    atom: str  # site paths
    json: str


@dataclass(frozen=True)
class PageMeta:
    title: str  # og:title: the page's own name, without the site's
    type: str  # og:type: article or website
    url: str | None  # canonical and og:url (only with a base_url)
    image: str | None  # og:image, absolute
    image_alt: str | None
    json_ld: str  # safe to print inside <script type="application/ld+json">
    feeds: tuple[FeedLink, ...]


def json_ld_text(data: Mapping[str, Any]) -> str:
    """JSON-LD as text that cannot end its <script> element whatever the titles hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_SAFE:
        text = text.replace(char, escape)
    return text


def site_feeds(view: Any, topic_slugs: tuple[str, ...] = ()) -> tuple[FeedLink, ...]:
    """The site feed, then the feeds of the given topics."""
    title = view.settings.title
    feeds = [FeedLink(title, *feed_paths())]
    for slug in topic_slugs:
        topic = view.topics.get(slug)
        if topic is not None:
            feeds.append(FeedLink(f"{topic.title} — {title}", *feed_paths(slug)))
    return tuple(feeds)


def page_meta(context: Mapping[str, Any], view: Any) -> PageMeta:
    """Everything the head of one page needs, from the page's template context and the site view."""
    settings = view.settings
    base = settings.base_url
    output = str(context.get("output_path", ""))
    is_404 = output == "404.html"
    page_path = "" if is_404 else output.removesuffix("index.html")
    url = None if is_404 else urls.absolute(base, page_path)
    entry, timeline, tag, page = (context.get(k) for k in ("entry", "timeline", "tag", "page"))
    if isinstance(entry, Entry):
        own = entry.image or settings.image
        image = urls.image_url(own, base) if own else None
        alt = (entry.image_alt if entry.image else settings.image_alt) if image else None
        ld = json_ld_text(entry_ld(entry, view, url))
        return PageMeta(entry.title, "article", url, image, alt, ld, site_feeds(view, entry.topics))
    if isinstance(timeline, Timeline):
        topic = timeline.topic
        years = context.get("years") or []
        shown = [e for year in years for month in year.months for e in month.entries] if years else timeline.entries
        data = collection_ld(topic.title, plain_text(topic.description_html), shown, base, url)
        return _website(topic.title, url, data, site_feeds(view, (topic.slug,)), settings)
    if isinstance(tag, Tag):
        data = collection_ld(tag.name, view.words.say("Entries tagged %(tag)s", tag=tag.name), tag.entries, base, url)
        return _website(tag.name, url, data, site_feeds(view), settings)
    if isinstance(page, Page):
        return _website(page.title, url, webpage_ld(page.title, page.description, url), site_feeds(view), settings)
    if is_404:
        gone = view.words.gettext("Page not found")
        return _website(gone, None, webpage_ld(gone, "", None), site_feeds(view), settings)
    if "tags" in context:
        tags = view.words.gettext("Tags")
        return _website(tags, url, webpage_ld(tags, "", url, kind="CollectionPage"), site_feeds(view), settings)
    if output == "index.html":
        return _website(settings.title, url, website_ld(settings, url), site_feeds(view), settings)
    title = str(context.get("page_title") or settings.title)  # any other page: its <title>
    return _website(title, url, webpage_ld(title, "", url), site_feeds(view), settings)


def _website(title: str, url: str | None, data: dict[str, Any], feeds: tuple[FeedLink, ...],
             settings: Settings) -> PageMeta:  # fmt: skip
    """A page with no picture of its own shows the site's (SPEC 2 `image`, `image_alt`)."""
    image = urls.image_url(settings.image, settings.base_url) if settings.image else None
    data = {**data, "inLanguage": settings.language}
    return PageMeta(title, "website", url, image, settings.image_alt if image else None, json_ld_text(data), feeds)


# --- JSON-LD builders ------------------------------------------------------------------------------


def entry_ld(entry: Entry, view: Any, url: str | None) -> dict[str, Any]:
    """schema.org NewsArticle; dates keep the precision that was written ("2024-10")."""
    base = view.settings.base_url
    data: dict[str, Any] = {"@context": SCHEMA, "@type": "NewsArticle", "headline": entry.title,
                            "inLanguage": view.settings.language}  # fmt: skip
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = url
    data.update(date_fields(entry))
    if entry.updated is not None and not entry.updated.is_period:
        data["dateModified"] = entry.updated.iso()
    if entry.summary:
        data["description"] = entry.summary
    data["author"] = data["publisher"] = _publisher(entry, view.settings)
    if entry.url:
        data["isBasedOn"] = entry.url
    about = [_thing(view.topics[t], base) for t in entry.topics if t in view.topics]
    if about:
        data["about"] = about
    if entry.tags:
        data["keywords"] = list(entry.tags)
    image = urls.image_url(entry.image, base) if entry.image else None
    if image:
        data["image"] = image
    return data


def _publisher(entry: Entry, settings: Settings) -> dict[str, str]:
    """Who wrote and published the story: its source (with the origin of its URL), else this site."""
    if entry.source:
        found = {"@type": "Organization", "name": entry.source}
        if entry.url:
            parts = urlsplit(entry.url)
            found["url"] = f"{parts.scheme}://{parts.netloc}/"
        return found
    found = {"@type": "Organization", "name": settings.title}
    if settings.base_url:
        found["url"] = settings.base_url
    return found


def date_fields(entry: Entry) -> dict[str, str]:
    """datePublished at the written precision; a period or a span as temporalCoverage, an ISO 8601
    interval ("1950/1959", "2024-10-21/2024-10-25") (SPEC 5)."""
    date, end = entry.date, entry.end
    data = {} if date.is_period else {"datePublished": date.iso()}
    if date.is_period or end is not None:
        first = date.interval().split("/")[0] if date.is_period else date.iso()
        last_date = end or date
        last = last_date.interval().split("/")[1] if last_date.is_period else last_date.iso()
        data["temporalCoverage"] = first if first == last else f"{first}/{last}"
    return data


def collection_ld(
    name: str, description: str, entries: list[Entry], base: str | None, url: str | None
) -> dict[str, Any]:
    """schema.org CollectionPage whose main entity is the ItemList of the entries, in page order."""
    items = []
    for position, entry in enumerate(entries, start=1):
        article: dict[str, Any] = {"@type": "NewsArticle", "headline": entry.title, **date_fields(entry)}
        entry_url = urls.absolute(base, urls.entry_path(entry.slug))
        if entry_url:
            article["url"] = entry_url
        items.append({"@type": "ListItem", "position": position, "item": article})
    data: dict[str, Any] = {"@context": SCHEMA, "@type": "CollectionPage", "name": name}
    if description:
        data["description"] = description
    if url:
        data["url"] = url
    data["mainEntity"] = {"@type": "ItemList", "numberOfItems": len(items), "itemListElement": items}
    return data


def webpage_ld(name: str, description: str, url: str | None, kind: str = "WebPage") -> dict[str, Any]:
    data: dict[str, Any] = {"@context": SCHEMA, "@type": kind, "name": name}
    if description:
        data["description"] = description
    if url:
        data["url"] = url
    return data


def website_ld(settings: Settings, url: str | None) -> dict[str, Any]:
    return webpage_ld(settings.title, settings.description, url, kind="WebSite")


def _thing(topic: Topic, base_url: str | None) -> dict[str, Any]:
    thing: dict[str, Any] = {"@type": "Thing", "name": topic.title}
    topic_url = urls.absolute(base_url, urls.topic_path(topic.slug))
    if topic_url:
        thing["url"] = topic_url
    return thing
