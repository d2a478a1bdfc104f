"""Every file the site consists of, as an `Output`: a path, how it is made, and from what.

A template page names its template; a data file (feeds, TimelineJS exports, the sitemap) names
the function that makes it. The context is what the page is about (its entry, its topic's
timeline and years); everything else a page reads it reads from the site view, and what it
reads is observed while it is made, never listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.site import feeds, sitemap, timelinejs, urls
from generator.site.timeline import Timeline, Timelines, group
from generator.site.topic_pages import TopicPages
from generator.source.model import Entry, Site

HOME_LATEST = 10
HOME_TOPIC_LATEST = 3


@dataclass
class Output:
    path: str  # output file ("entries/x/index.html"), or the name of a group of files
    maker: str | Callable[[dict[str, Any], Any], Any]  # a template name, or maker(context, view)
    context: dict[str, Any] = field(default_factory=dict)
    shows: tuple[Entry, ...] = ()  # the entries whose dates are the page's last change (sitemap)

    @property
    def maker_name(self) -> str:
        maker = self.maker
        return maker if isinstance(maker, str) else f"{maker.__module__}.{maker.__qualname__}"

    @property
    def is_page(self) -> bool:
        return isinstance(self.maker, str) and self.path.endswith(".html")


def site_outputs(site: Site, timelines: Timelines, search_bundles: list[str]) -> list[Output]:
    """The pages, then the data files; the sitemap comes last, as it lists the pages."""
    outputs = pages(site, timelines, search_bundles)
    outputs += data_files(site, timelines)
    outputs.append(crawler_output(outputs, site))
    outputs.append(Output(".nojekyll", _empty))
    return outputs


def pages(site: Site, timelines: Timelines, search_bundles: list[str]) -> list[Output]:
    tl = timelines
    home = {"timelines": tl.home_topics, "latest": tl.latest[:HOME_LATEST], "topic_latest": HOME_TOPIC_LATEST}
    found = [
        Output("index.html", "home.html", home, shows=tuple(site.entries)),
        Output("404.html", "404.html"),
        Output("search/index.html", "search.html", {"bundles": search_bundles}),
    ]
    for slug, timeline in tl.by_topic.items():
        found += topic_outputs(site, timeline, tl.pages[slug])
    for entry in site.entries:
        found += entry_outputs(entry, site, tl)
    if tl.tags:
        found.append(Output("tags/index.html", "tags.html", {"tags": list(tl.tags.values())}))
    for tag in tl.tags.values():
        found.append(Output(urls.output_file(urls.tag_path(tag.slug)), "tag.html", {"tag": tag}, tuple(tag.entries)))
    for page in site.pages.values():
        found.append(Output(urls.output_file(urls.page_path(page.slug)), "page.html", {"page": page}))
    return found


def topic_outputs(site: Site, timeline: Timeline, spread: TopicPages) -> list[Output]:
    """A topic's page, and when it is split (SPEC 7) a page for each year and month."""
    zone, slug = site.settings.timezone, timeline.topic.slug
    base = {
        "topic": timeline.topic,
        "timeline": timeline,
        "pages": spread,
        "related": [site.topics[r] for r in timeline.topic.related if r in site.topics],
    }
    latest = spread.latest
    shown = list(latest.entries) if latest is not None else timeline.chronological
    home = base | {"part": None, "years": group(shown, zone, timeline.order)}
    found = [Output(urls.output_file(urls.topic_path(slug)), "topic.html", home, tuple(timeline.chronological))]
    for part in spread.parts:
        context = base | {"part": part, "years": group(list(part.entries), zone, timeline.order)}
        found.append(Output(urls.output_file(part.path), "topic.html", context, part.entries))
    return found


def entry_outputs(entry: Entry, site: Site, timelines: Timelines) -> list[Output]:
    """An entry's page, and a small page that redirects to it for each of its old slugs."""
    neighbours = timelines.neighbours
    in_topics = [(site.topics[t], neighbours.get((t, entry.slug))) for t in entry.topics if t in site.topics]
    places = {t: timelines.pages[t].page_of(entry) for t in entry.topics if t in timelines.pages}
    path = urls.output_file(urls.entry_path(entry.slug))
    found = [Output(path, "entry.html", {"entry": entry, "in_topics": in_topics, "places": places}, (entry,))]
    for alias in entry.aliases:
        if alias != entry.slug:
            path = urls.output_file(urls.entry_path(alias))
            found.append(Output(path, "alias.html", {"entry": entry, "alias": alias}, (entry,)))
    return found


def data_files(site: Site, timelines: Timelines) -> list[Output]:
    """Feeds and TimelineJS exports (none for a topic without entries: TimelineJS cannot show one)."""
    found = []
    fallback = feeds.newest_update(timelines.latest, site.settings.timezone)
    for feed in feeds.feeds_of(site, timelines):
        context = {"feed": feed, "fallback": fallback}
        found += [Output(feed.atom, feeds.atom_output, context), Output(feed.json, feeds.json_output, context)]
    for slug, timeline in timelines.by_topic.items():
        if timeline.chronological:  # TimelineJS shows an error for a timeline without events
            found.append(Output(timelinejs.timeline_path(slug), timelinejs.timeline_output, {"timeline": timeline}))
    return found


def crawler_output(outputs: list[Output], site: Site) -> Output:
    """sitemap.xml (and its parts) and robots.txt, made as one group: they list every page."""
    listed = [(urls.folder_of(o.path), o.shows) for o in outputs if o.is_page and o.path != "404.html"]
    return Output(sitemap.GROUP, sitemap.crawler_output, {"pages": sorted(listed, key=lambda item: item[0])})


def _empty(context: dict[str, Any], view: Any) -> bytes:
    return b""
