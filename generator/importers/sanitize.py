"""Untrusted text from importers made safe: HTML sanitised (nh3), then written as Markdown in
which no text becomes markup (SPEC 4).

Authors are trusted, importers are not. Outside HTML passes nh3 with a short allow-list (no
scripts, no event attributes, no javascript: URLs), and is then written as Markdown by
markdownify, with every character of its text that Markdown (or one of the site's extensions:
tables, attribute lists, footnotes) could read as syntax escaped. So `[click](javascript:...)`,
`![p](https://tracker/)`, `{onclick=...}` or `&#91;z&#93;(...)` in a feed's text stay text. An
outside image becomes a link to it: it is never loaded from a page of the site.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

import markdown
import nh3
from markdownify import MarkdownConverter

from generator.source.fields import http_url

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_DEPTH = 500  # nesting past this is flattened to its text: markdownify recurses once per level

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # ESC and friends: never part of a title
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLOCK_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d|/blockquote|/tr)\b[^>]*>", re.I)
# Characters Markdown reads as syntax anywhere in a line ...
_INLINE = re.compile(r"([\\`*_\[\]{}|!])")
# ... and at the start of a line: headings, quotes, lists, rules; `=` (setext) and `~` (fences)
# cannot be escaped with a backslash, so they become character references.
_LINE_START = re.compile(r"^(\s*)(?:(?P<mark>[#>+-])|(?P<number>\d+)(?P<dot>[.)])|(?P<ref>[=~]))", re.M)


def normalise_text(text: str) -> str:
    """NFC, controls dropped, odd spaces made plain, runs collapsed (typographic quotes are kept)."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROLS.sub(" ", _INVISIBLE.sub("", text))
    return _SPACES.sub(" ", text).strip()


def escape_markdown(text: str) -> str:
    """Text as Markdown that renders as exactly this text: no link, image, emphasis, HTML,
    attribute list, table, list or heading can come of it."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    if match["mark"]:
        return match.group(1) + "\\" + match["mark"]
    if match["number"]:
        return match.group(1) + match["number"] + "\\" + match["dot"]
    return match.group(1) + f"&#{ord(match['ref'])};"


def clean_html(fragment: str) -> str:
    """The fragment with only harmless tags, attributes and link schemes left."""
    return nh3.clean(
        fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
        strip_comments=True,
    )  # fmt: skip


class _Converter(MarkdownConverter):
    """markdownify with all text escaped (escape_markdown) and images written as links."""

    def escape(self, text: str, parent_tags: set[str]) -> str:  # type: ignore[override]
        return escape_markdown(text) if text else ""

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:  # type: ignore[override]
        src = http_url(el.attrs.get("src") or "")
        alt = escape_markdown(normalise_text(el.attrs.get("alt") or "")) or "Picture"
        return f"[{alt}]({_target(src)})" if src else alt

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:  # type: ignore[override]
        href = el.attrs.get("href") or ""
        if not (http_url(href) or href.startswith("mailto:")) or not text.strip():
            return text
        return f"[{text}]({_target(href)})"


def _target(url: str) -> str:
    """A link target as Markdown reads it whole: in angle brackets when it holds parentheses."""
    return f"<{url}>" if "(" in url or ")" in url else url


def html_to_markdown(fragment: str) -> str:
    """Sanitised HTML as Markdown paragraphs; "" when nothing readable is left."""
    if not fragment or not fragment.strip():
        return ""
    cleaned = _flatten_deep(clean_html(fragment))
    try:
        text = _Converter(heading_style="ATX", bullets="-", escape_underscores=False,
                          escape_asterisks=False).convert(cleaned)  # fmt: skip
    except RecursionError:
        text = escape_markdown(html_to_text(cleaned))
    lines = [line.rstrip() for line in text.replace("\u00a0", " ").split("\n")]
    text = "\n".join(lines).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text


def _flatten_deep(cleaned: str) -> str:
    """HTML nested deeper than MAX_DEPTH, as its text (it is markup no reader could follow)."""
    depth = deepest = 0
    for match in re.finditer(r"<(/?)[a-z][^>]*?(/?)>", cleaned):
        if match.group(1):
            depth -= 1
        elif not match.group(2):
            depth += 1
            deepest = max(deepest, depth)
    if deepest <= MAX_DEPTH:
        return cleaned
    return "<p>" + html.escape(html_to_text(cleaned)) + "</p>"


def markdown_to_safe_markdown(text: str) -> str:
    """Untrusted Markdown (which may hold raw HTML): rendered, sanitised, written back."""
    if not text or not text.strip():
        return ""
    try:
        rendered = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    except RecursionError:
        return escape_markdown(normalise_text(text))
    return html_to_markdown(rendered)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (for titles, summaries, alt text): tags gone, entities read."""
    if not fragment:
        return ""
    spaced = _BLOCK_BREAK.sub(" ", fragment)
    return normalise_text(html.unescape(nh3.clean(spaced, tags=set(), clean_content_tags={"script", "style"})))


def text_to_markdown(paragraph: str) -> str:
    """One paragraph of plain text as Markdown that renders as that same text, never as HTML."""
    return escape_markdown(normalise_text(paragraph))


def first_words(text: str, limit: int = 80) -> str:
    """A title made from text: its first sentence, cut at a word boundary before `limit`."""
    text = normalise_text(text)
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    cut = sentence[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"
