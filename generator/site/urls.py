"""Slugs, output paths and relative links: one place that knows where every page lives."""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, unquote

from generator.source.markup import ROOT_MARKER
from generator.source.slugs import of_tag, slugify  # noqa: F401 - slugify is part of this module's face

_SITE_LINK = re.compile(re.escape(ROOT_MARKER) + r"(entry|topic|tag|page|static):([^\"'#?\s<>]*)")


def entry_path(slug: str) -> str:
    return f"entries/{slug}/"


def topic_path(slug: str) -> str:
    return f"topics/{slug}/"


def tag_path(tag_slug: str) -> str:
    return f"tags/{tag_slug}/"


def page_path(slug: str) -> str:
    return f"{slug}/"


def output_file(url_path: str) -> str:
    """The file that serves a folder URL: `entries/x/` -> `entries/x/index.html`."""
    return url_path + "index.html" if url_path.endswith("/") or not url_path else url_path


def folder_of(output_path: str) -> str:
    """The URL path of an output file: "entries/x/index.html" -> "entries/x/", "index.html" -> ""."""
    if output_path == "index.html" or output_path.endswith("/index.html"):
        return output_path.removesuffix("index.html")
    return output_path


@functools.lru_cache(maxsize=1 << 16)  # every page links the same few thousand paths
def encode(url_path: str) -> str:
    """Percent-encode a site path for use in an href (slugs may hold any script)."""
    return quote(url_path, safe="/#")


def root_prefix(from_path: str) -> str:
    """The relative way back to the site root from the page at `from_path` ("" or "../../")."""
    depth = from_path.count("/")
    return "../" * depth


def relative(from_path: str, to_path: str, file_links: bool = False) -> str:
    """A relative href from one site path to another; folders end with '/' (with `file_links`,
    `/index.html`: a site opened from disk has no server to find a folder's page)."""
    href = root_prefix(from_path) + encode(to_path)
    return with_index(href or "./") if file_links else (href or "./")


def with_index(href: str) -> str:
    """`../entries/x/#top` -> `../entries/x/index.html#top`; a link to a file stays as it is."""
    path, hash_, fragment = href.partition("#")
    if path == "./":
        path = ""
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path + hash_ + fragment


def absolute(base_url: str | None, path: str) -> str | None:
    """`path` (a site path like "entries/x/") as an absolute URL under base_url; None without one.

    The one maker of absolute URLs: canonical links, feeds, sitemap, JSON-LD, TimelineJS. Where a
    link must be written anyway (feeds), `absolute(base_url or "/", path)` gives one from the
    domain root, as SPEC 2 says.
    """
    if not base_url:
        return None
    return base_url.rstrip("/") + "/" + encode(path)


def image_url(image: str, base_url: str | None) -> str | None:
    """A picture's URL for other programs: an author's URL as it is, a static file under base_url."""
    return image if "://" in image else absolute(base_url, image)


def target_path(kind: str, target: str) -> str:
    """The site path an internal link (`entry:<slug>`, `static:<path>`...) points to."""
    if kind == "entry":
        return entry_path(target)
    if kind == "topic":
        return topic_path(target)
    if kind == "tag":
        return tag_path(of_tag(target))
    if kind == "page":
        return page_path(target)
    return target.lstrip("/")


def resolve_links(html: str, prefix: str) -> str:
    """The site links of rendered Markdown, each made `prefix` + its site path ("../../entries/x/",
    or an absolute URL when `prefix` is the base URL)."""
    if ROOT_MARKER not in html:
        return html
    return _SITE_LINK.sub(lambda m: prefix + encode(target_path(m[1], unquote(m[2]))), html)


def relink(html: str, page_path: str, file_links: bool = False) -> str:
    """Make the site links of rendered Markdown relative to the page they are shown on."""
    if ROOT_MARKER not in html:
        return html
    prefix = root_prefix(page_path) or "./"
    finish = with_index if file_links else (lambda href: href)
    return _SITE_LINK.sub(lambda m: finish(prefix + encode(target_path(m[1], unquote(m[2])))), html)
