"""Markdown to HTML with the site's extensions, internal `kind:target` links and plain summaries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from generator.incremental.cache import MarkdownCache, text_key
from generator.site import urls
from generator.source.model import Link

EXTENSIONS = ["tables", "footnotes", "fenced_code", "attr_list", "sane_lists"]
# Stands for the site root inside rendered Markdown; each page replaces it with its own "../../".
ROOT_MARKER = "@@site-root@@/"
_INTERNAL = re.compile(r"^(entry|topic|tag|page|static):(.*)$", re.S)
SUMMARY_LIMIT = 280


@dataclass(frozen=True)
class Rendered:
    html: str
    links: tuple[Link, ...]
    first_paragraph: str  # plain text, for a default summary


def target_path(kind: str, target: str) -> str:
    """Site path that an internal link points to, before the page makes it relative."""
    if kind == "entry":
        return urls.entry_path(target)
    if kind == "topic":
        return urls.topic_path(target)
    if kind == "tag":
        return urls.tag_path(urls.slugify(target))
    if kind == "page":
        return urls.page_path(target)
    return target.lstrip("/")


class _SiteLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[tuple[str, str]] = []
        self.first_paragraph = ""

    def run(self, root: Element) -> None:
        self.found = []
        self.first_paragraph = ""
        for element in root.iter():
            if element.tag == "p" and not self.first_paragraph:
                self.first_paragraph = " ".join("".join(element.itertext()).split())
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                match = _INTERNAL.match(value)
                if not match:
                    continue
                kind, rest = match.groups()
                target, _, fragment = rest.partition("#")
                target = unquote(target).strip()
                self.found.append((kind, target))
                href = ROOT_MARKER + urls.encode(target_path(kind, target))
                element.set(attribute, href + (f"#{fragment}" if fragment else ""))


SETTINGS_KEY = f"markdown {markdown.__version__}; " + ", ".join(EXTENSIONS) + f"; site links {ROOT_MARKER}"


class Markup:
    """One reusable Markdown converter (building one per file is slow), with an optional cache."""

    def __init__(self, cache: MarkdownCache | None = None) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
        self._links = _SiteLinks(self._md)
        self._md.treeprocessors.register(self._links, "site-links", 1)
        self.cache = cache

    def render(self, text: str, first_line: int = 1) -> Rendered:
        key = text_key(text) if self.cache is not None else ""
        cached = self.cache.get(key) if self.cache is not None else None
        if cached is None:
            self._md.reset()
            html = self._md.convert(text)
            offsets = [[kind, target, _line_of(text, f"{kind}:{target}")] for kind, target in self._links.found]
            cached = [html, offsets, self._links.first_paragraph]
            if self.cache is not None:
                self.cache.put(key, cached)
        html, offsets, first_paragraph = cached
        links = tuple(Link(kind, target, first_line + offset) for kind, target, offset in offsets)
        return Rendered(html, links, first_paragraph)


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    if at < 0:
        at = text.find(needle.split(":", 1)[0] + ":")
    return text.count("\n", 0, at) if at >= 0 else 0


def cut_summary(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """Plain text cut at the last word boundary before `limit` characters, with '…' when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def relink(html: str, page_path: str) -> str:
    """Make the site links of rendered Markdown relative to the page they are shown on."""
    if ROOT_MARKER not in html:
        return html
    prefix = urls.root_prefix(page_path)
    return html.replace(ROOT_MARKER, prefix if prefix else "./")
