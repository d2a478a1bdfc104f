"""Untrusted text from importers made safe: HTML sanitised (nh3), then written as Markdown.

SPEC 4: authors are trusted, importers are not. Every piece of outside HTML passes through
nh3 with a short allow-list (no scripts, no event attributes, no javascript: URLs, no images or
frames that would load from outside the site), and is converted to Markdown with markdownify,
whose text escaping is extended so that text such as "&lt;script&gt;" never becomes raw HTML.
"""

from __future__ import annotations

import html
import re
import unicodedata

import markdown
import nh3
from markdownify import MarkdownConverter

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})  # fmt: skip
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLOCK_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h\d|/blockquote|/tr)\b[^>]*>", re.I)


def normalise_text(text: str) -> str:
    """NFC, curly quotes made straight, non-breaking and odd spaces made plain, runs collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def clean_html(fragment: str) -> str:
    """The fragment with only harmless tags, attributes and link schemes left."""
    return nh3.clean(
        fragment, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
        strip_comments=True,
    )  # fmt: skip


class _Converter(MarkdownConverter):
    """markdownify, with `<` in text escaped so that no text can turn into HTML when rendered."""

    def escape(self, text: str, parent_tags: set[str]) -> str:  # type: ignore[override]
        text = super().escape(text, parent_tags)
        return text.replace("<", "&lt;")


def html_to_markdown(fragment: str) -> str:
    """Sanitised HTML as Markdown paragraphs; "" when nothing readable is left."""
    if not fragment or not fragment.strip():
        return ""
    cleaned = clean_html(fragment)
    text = _Converter(heading_style="ATX", bullets="-", escape_underscores=False, escape_asterisks=True).convert(
        cleaned
    )
    lines = [line.rstrip() for line in text.replace("\u00a0", " ").split("\n")]
    text = "\n".join(lines).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.translate(_QUOTES)


def markdown_to_safe_markdown(text: str) -> str:
    """Untrusted Markdown (which may hold raw HTML): rendered, sanitised, written back."""
    if not text or not text.strip():
        return ""
    rendered = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return html_to_markdown(rendered)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (for titles, summaries, alt text): tags gone, entities read."""
    if not fragment:
        return ""
    spaced = _BLOCK_BREAK.sub(" ", fragment)
    return normalise_text(html.unescape(nh3.clean(spaced, tags=set(), clean_content_tags={"script", "style"})))


_MD_LINE_START = re.compile(r"^(\s*)(#{1,6}\s|>|[-+*]\s|\d+[.)]\s|={3,}|-{3,}|`{3,}|~{3,})")


def text_to_markdown(paragraph: str) -> str:
    """One paragraph of plain text as Markdown that renders as that same text, never as HTML."""
    text = re.sub(r"&(?=#?\w+;)", "&amp;", normalise_text(paragraph))
    text = text.replace("<", "&lt;").replace("](", "]\\(")
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def first_words(text: str, limit: int = 80) -> str:
    """A title made from text: its first sentence, cut at a word boundary before `limit`."""
    text = normalise_text(text)
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    cut = sentence[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"
