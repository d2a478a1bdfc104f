"""sitemap.xml and robots.txt, made together: they list every HTML page but 404.html.

`lastmod` (SPEC 5) is the day of the page's last change: for an entry's page (and its alias
redirects) the entry's own `updated`, else its `date`; for a topic, tag or home page the latest
of those among its entries. Only dates written to the day or finer count: the sitemaps.org
schema takes a full date (or a date and time with seconds), never "2024-10". Past 50,000 URLs
(the protocol's limit) sitemap.xml becomes a sitemap index over sitemap-1.xml, sitemap-2.xml, ...
Without a base_url there is no sitemap (its URLs must be absolute) and robots.txt names none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.site import urls
from generator.site.xml_text import Element, document
from generator.source.dates import PartialDate, Precision
from generator.source.model import Entry

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 50_000
GROUP = "sitemap.xml+robots.txt"  # the name of the output that makes both


@dataclass(frozen=True)
class SitemapUrl:
    path: str  # site path of the page: "" for the home page, "entries/x/"
    lastmod: PartialDate | None  # its last change (only a day or finer is written)


def last_change(entries: Sequence[Entry], zone: str, keys: dict[int, tuple] | None = None) -> PartialDate | None:
    """The latest day-or-finer `updated` (else `date`) among the entries. `keys` keeps the order
    key of each date across calls: an entry is on its page, its topics' pages and the home page."""
    keys = {} if keys is None else keys
    best: PartialDate | None = None
    best_key: tuple | None = None
    for entry in entries:
        date = entry.updated or entry.date
        known = keys.get(id(date))
        if known is None or known[0] is not date:
            if not _writable(date):
                continue
            known = keys[id(date)] = (date, date.sort_key(zone))
        if best_key is None or known[1] > best_key:
            best, best_key = date, known[1]
    return best


def _writable(date: PartialDate | None) -> bool:
    return date is not None and date.precision >= Precision.DAY and 1 <= date.year <= 9999


def w3c(date: PartialDate) -> str:
    """A full date; a date and time with seconds and offset only when seconds were written."""
    if date.precision is Precision.SECOND:
        return date.iso()
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def crawler_output(context: dict[str, Any], view: Any) -> dict[str, bytes]:
    settings = view.settings
    zone = settings.timezone
    keys: dict[int, tuple] = {}
    listed = [SitemapUrl(path, last_change(shows, zone, keys)) for path, shows in context["pages"]]
    return crawler_files(settings.base_url, listed, zone)


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
        index = Element("sitemapindex", {"xmlns": SITEMAP_NS})
        for number, part in enumerate(parts, start=1):
            name = f"sitemap-{number}.xml"
            files[name] = _urlset(base_url, part)
            item = index.add("sitemap")
            item.add("loc", text=urls.absolute(base_url, name))
            dated = [u.lastmod for u in part if _writable(u.lastmod)]
            newest = max(dated, key=lambda d: d.sort_key(zone), default=None)  # type: ignore[union-attr]
            if newest is not None:
                item.add("lastmod", text=w3c(newest))
        files["sitemap.xml"] = document(index)
    files["robots.txt"] = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(base_url, 'sitemap.xml')}\n".encode()
    return files


def _urlset(base_url: str, listed: Sequence[SitemapUrl]) -> bytes:
    root = Element("urlset", {"xmlns": SITEMAP_NS})
    for url in listed:
        item = root.add("url")
        item.add("loc", text=urls.absolute(base_url, url.path))
        if _writable(url.lastmod):
            item.add("lastmod", text=w3c(url.lastmod))  # type: ignore[arg-type]
    return document(root)
