"""sitemap.xml and robots.txt: model -> {path: bytes}.

The sitemap lists every HTML page but 404.html (SPEC 7: alias redirect pages too), with `lastmod`
= the newest change among the entries the page shows, written with the precision the author wrote
(W3C Datetime accepts "2024", "2024-10", "2024-10-23" and times with an offset). Past 50,000 URLs
(the protocol's limit) sitemap.xml becomes a sitemap index over sitemap-1.xml, sitemap-2.xml, ...
Without a base_url there is no sitemap (its URLs must be absolute) and robots.txt names none.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from generator.site import urls
from generator.site.feeds import modified
from generator.site.timeline import Timelines
from generator.source.dates import PartialDate
from generator.source.model import Entry, Site

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 50_000


@dataclass(frozen=True)
class SitemapUrl:
    path: str  # site path of the page: "" for the home page, "entries/x/"
    lastmod: PartialDate | None


class _Job(Protocol):
    """The part of render.PageJob this module reads."""

    path: str
    template: str
    inputs: tuple[str, ...]


def shown_entries(inputs: Iterable[str], by_slug: Mapping[str, Entry], timelines: Timelines) -> list[Entry]:
    """The entries a page shows, from the inputs its PageJob declares."""
    found: list[Entry] = []
    for name in inputs:
        kind, _, value = name.partition(":")
        if kind in ("entry", "entry-head") and value in by_slug:
            found.append(by_slug[value])
        elif kind == "topic" and value in timelines.by_topic:
            found += timelines.by_topic[value].chronological
        elif kind == "tag" and value in timelines.tags:
            found += timelines.tags[value].entries
    return found


def sitemap_urls(pages: Iterable[str], jobs: Sequence[_Job], site: Site, timelines: Timelines) -> list[SitemapUrl]:
    """One URL per listed HTML page, in path order."""
    by_path = {job.path: job for job in jobs}
    by_slug = {e.slug: e for e in site.entries}
    zone = site.settings.timezone
    changed = {e.slug: modified(e, zone) for e in site.entries}  # each entry once: pages share them
    order = {slug: date.sort_key(zone) for slug, date in changed.items()}
    listed = []
    for path in sorted(pages):
        job = by_path.get(path)
        if not path.endswith(".html") or path == "404.html":
            continue
        shown = [e.slug for e in shown_entries(job.inputs, by_slug, timelines)] if job else []
        lastmod = changed[max(shown, key=order.__getitem__)] if shown else None
        listed.append(SitemapUrl(folder_url(path), lastmod))
    return listed


def folder_url(path: str) -> str:
    """The URL path of an output file: "entries/x/index.html" -> "entries/x/", "index.html" -> ""."""
    return path.removesuffix("index.html") if path == "index.html" or path.endswith("/index.html") else path


def crawler_files(
    base_url: str | None, listed: Sequence[SitemapUrl], zone: str, limit: int = SITEMAP_LIMIT
) -> dict[str, bytes]:
    """robots.txt, and with a base_url sitemap.xml (an index over numbered parts past `limit` URLs)."""
    if not base_url:
        return {"robots.txt": b"User-agent: *\nAllow: /\n"}
    files: dict[str, bytes] = {}
    if len(listed) <= limit:
        files["sitemap.xml"] = _urlset(base_url, listed)
    else:
        parts = [listed[i : i + limit] for i in range(0, len(listed), limit)]
        index = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
        for number, part in enumerate(parts, start=1):
            name = f"sitemap-{number}.xml"
            files[name] = _urlset(base_url, part)
            item = ET.SubElement(index, "sitemap")
            ET.SubElement(item, "loc").text = urls.absolute(base_url, name)
            newest = max((u.lastmod for u in part if u.lastmod), key=lambda d: d.sort_key(zone), default=None)
            _lastmod(item, newest)
        files["sitemap.xml"] = _xml(index)
    files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(base_url, 'sitemap.xml')}\n".encode()
    return files


def _urlset(base_url: str, listed: Sequence[SitemapUrl]) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for url in listed:
        item = ET.SubElement(root, "url")
        ET.SubElement(item, "loc").text = urls.absolute(base_url, url.path)
        _lastmod(item, url.lastmod)
    return _xml(root)


def _lastmod(parent: ET.Element, date: PartialDate | None) -> None:
    if date is not None and 1 <= date.year <= 9999:  # W3C Datetime has four-digit years only
        ET.SubElement(parent, "lastmod").text = date.iso()


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
