"""Markdown to HTML with the site's extensions, internal `kind:target` links and plain summaries.

Python-Markdown is the engine (SPEC 4). Some inputs make it slow beyond reason (20 KB of `[`
takes 90 s; it grows faster than the text), so each conversion runs under a time limit that grows
with the text, and a file that hits it is an error naming it, in bounded time. Input nested
deeper than Python's recursion allows is an error too, never a traceback.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Any, Protocol
from urllib.parse import quote, unquote
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString

from generator.memory import paused_gc
from generator.source.limits import TimeLimit, cpu_seconds, time_limit
from generator.source.model import Link

# Python-Markdown's own tables, footnotes, fenced_code, attr_list and sane_lists, by their classes: by
# name, it looks them up among the entry points of every package installed (20 ms of each process).
EXTENSIONS = (TableExtension, FootnoteExtension, FencedCodeExtension, AttrListExtension, SaneListExtension)
# A link to the site itself in rendered Markdown is written `@@site-root@@/entry:<slug>`; each page
# makes it a relative URL (site/urls.py resolve_links), feeds an absolute one.
ROOT_MARKER = "@@site-root@@/"
_INTERNAL = re.compile(r"^(entry|topic|tag|page|static):(.*)$", re.S)
SUMMARY_LIMIT = 280
SECONDS = 1.0  # the time limit: this, plus SECONDS_PER_MB for each MB of text (10 MB: 8 s)
SECONDS_PER_MB = 0.7


def time_allowed(size: int) -> float:
    """Seconds for Markdown of `size` characters: ample for any text people write, and under
    10 seconds for the largest file read (10 MB)."""
    return SECONDS + SECONDS_PER_MB * size / 1_048_576


class MarkdownError(ValueError):
    """Text that Markdown cannot convert in bounded time or depth; the message is for the author."""


class ResultCache(Protocol):
    """Where results are kept between builds, by `text_key` (incremental/stores/markdown.py)."""

    def lookup(self, key: str) -> Any: ...

    def record(self, key: str, value: Any) -> None: ...


@dataclass(frozen=True)
class Rendered:
    html: str
    links: tuple[Link, ...]
    first_paragraph: str  # plain text, for a default summary
    key: str  # text_key of the source text


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class _SiteLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.found: list[tuple[str, str]] = []

    def run(self, root: Element) -> None:
        self.found = []
        for element in root.iter():
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
                href = f"{ROOT_MARKER}{kind}:{quote(target, safe='')}"
                element.set(attribute, href + (f"#{fragment}" if fragment else ""))


# What the text must hold for each inline pattern of Python-Markdown and of EXTENSIONS to match
# (one of these strings: a code span needs a backtick, a link or footnote a '[', an image '![',
# emphasis '*' or '_', raw HTML or an autolink '<', an entity '&', a hard line break two spaces
# before a newline). A pattern whose strings a text lacks leaves it as it is, so it is not tried.
_EMPHASIS = ("*", "_")
INLINE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "backtick": ("`",),
    "escape": ("\\",),
    "footnote": ("[",),
    "reference": ("[",),
    "link": ("[",),
    "short_reference": ("[",),
    "image_link": ("![",),
    "image_reference": ("![",),
    "short_image_ref": ("![",),
    "autolink": ("<",),
    "automail": ("<",),
    "html": ("<",),
    "entity": ("&",),
    "linebreak": ("  \n",),
    **dict.fromkeys("not_strong em_strong em_strong2 strong_em strong emphasis emphasis2".split(), _EMPHASIS),
}
INLINE_PATTERNS = frozenset(INLINE_TRIGGERS)
_MAY_MATCH_INLINE = re.compile("|".join(sorted({re.escape(t) for ts in INLINE_TRIGGERS.values() for t in ts})))


class _QuickInline(InlineProcessor):
    """Python-Markdown's inline processor, but a pattern is not tried on a text that lacks what it
    needs to match (`INLINE_TRIGGERS`), and a text that lacks what any needs is left at once: a
    third of the conversion time of plain news prose, and half of what was left of it in
    paragraphs with a link or emphasis. The loop is upstream's `__handleInline`."""

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        self._patterns = list(self.inlinePatterns)  # (sorts the registry by priority: `_priority` is in this order)
        self._triggers = [INLINE_TRIGGERS[pattern.name] for pattern in self.inlinePatterns._priority]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, AtomicString) or (patternIndex == 0 and not _MAY_MATCH_INLINE.search(data)):
            return data
        apply, patterns, triggers = self._InlineProcessor__applyPattern, self._patterns, self._triggers
        start, count = 0, len(patterns)
        while patternIndex < count:
            if not any(trigger in data for trigger in triggers[patternIndex]):
                matched, start = False, 0  # what trying it would give
            else:
                data, matched, start = apply(patterns[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


# What a block must hold for each of these block processors to take it: a hash header a '#', a
# rule '-', '_' or '*', a quote '>', a link reference ']:', a footnote definition '[^'. Each one
# searches the whole block with a regular expression: without them, converting news prose took
# 37 % longer.
BLOCK_TRIGGERS: dict[str, tuple[str, ...]] = {
    "hashheader": ("#",),
    "hr": ("-", "_", "*"),
    "quote": (">",),
    "reference": ("]:",),
    "footnote": ("[^",),
}
_FENCES = ("```", "~~~")  # a fenced code block opens with one of these


def converter(quick: bool = True) -> markdown.Markdown:
    """The site's Markdown converter; `quick` skips inline patterns where none can match, unless
    a pattern this module does not know is registered (then every text is tried, as upstream),
    and block processors on blocks that lack what they need (`BLOCK_TRIGGERS`)."""
    md = markdown.Markdown(extensions=[extension() for extension in EXTENSIONS], output_format="html")
    if quick and {pattern.name for pattern in md.inlinePatterns._priority} <= INLINE_PATTERNS:
        md.treeprocessors.register(_QuickInline(md), "inline", 20)
    if quick:
        for name, triggers in BLOCK_TRIGGERS.items():
            if name in md.parser.blockprocessors:
                processor = md.parser.blockprocessors[name]
                processor.test = _quick_test(processor.test, triggers)  # type: ignore[method-assign]
        if "fenced_code_block" in md.preprocessors:
            fenced = md.preprocessors["fenced_code_block"]
            fenced.run = _quick_fences(fenced.run)  # type: ignore[method-assign]
    return md


def _quick_test(test: Any, triggers: tuple[str, ...]) -> Any:
    """A block processor's test that says no at once to a block without its triggers (for the
    ones whose test says yes to all, a no is what their run would say after its search)."""

    if len(triggers) == 1:
        (trigger,) = triggers

        def quick(parent: Element, block: str) -> bool:
            return trigger in block and test(parent, block)

        return quick
    may_match = re.compile("|".join(re.escape(trigger) for trigger in triggers)).search

    def quick_of_many(parent: Element, block: str) -> bool:
        return may_match(block) is not None and test(parent, block)

    return quick_of_many


def _quick_fences(run: Any) -> Any:
    """Fenced code's preprocessor, which leaves a text without a fence as it is."""

    def quick(lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        return run(lines) if any(fence in text for fence in _FENCES) else lines

    return quick


class Markup:
    """One reusable Markdown converter (building one per file is slow), with an optional cache."""

    def __init__(self, cache: ResultCache | None = None) -> None:
        self._md = converter()
        self._links = _SiteLinks(self._md)
        self._md.treeprocessors.register(self._links, "site-links", 1)
        self.cache = cache
        self.rendered: list[str] | None = None  # when a list, the key of each text rendered is added
        self.deadline: float | None = None  # CPU time by which the current file's texts are done

    @contextmanager
    def file_budget(self, size: int) -> Iterator[None]:
        """One time limit for all the Markdown of one file, however many texts it holds (a YAML
        list of a thousand slow bodies must fail as fast as one)."""
        self.deadline = cpu_seconds() + time_allowed(size)
        try:
            yield
        finally:
            self.deadline = None

    def render(self, text: str, first_line: int = 1) -> Rendered:
        """HTML of `text`; MarkdownError when it cannot be made in bounded time or depth."""
        key = text_key(text)
        if self.rendered is not None:
            self.rendered.append(key)
        cached = None
        if self.cache is not None:
            started = cpu_seconds()
            cached = self.cache.lookup(key)
            if self.deadline is not None:  # a store's first load (a second at 40,000 entries) is not this text's time
                self.deadline += cpu_seconds() - started
        if cached is None:
            html = self._convert(text)
            offsets = [[kind, target, _line_of(text, f"{kind}:{target}")] for kind, target in self._links.found]
            cached = [html, offsets, first_paragraph(html)]
            if self.cache is not None:
                self.cache.record(key, cached)
        html, offsets, first = cached
        links = tuple(Link(kind, target, first_line + offset) for kind, target, offset in offsets)
        return Rendered(html, links, first, key)

    def _convert(self, text: str) -> str:
        seconds = time_allowed(len(text))
        if self.deadline is not None:
            seconds = min(seconds, self.deadline - cpu_seconds())
            if seconds <= 0:
                raise MarkdownError("not converted: the time for this file's Markdown was used up by its earlier texts")
        try:
            with paused_gc(), time_limit(seconds):
                self._md.reset()
                return self._md.convert(text)
        except TimeLimit:
            raise MarkdownError(
                f"Markdown could not convert this text within {seconds:.1f} seconds; it may hold a long run of "
                "'[' or '<', other unclosed marks, or lists nested very deep, which the Markdown engine reads "
                "very slowly: shorten or split it"
            ) from None
        except RecursionError:
            raise MarkdownError("the Markdown is nested too deeply (lists or quotes inside each other)") from None
        finally:
            self._md.reset()


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    if at < 0:
        at = text.find(needle.split(":", 1)[0] + ":")
    return text.count("\n", 0, at) if at >= 0 else 0


class _FirstParagraph(HTMLParser):
    """The text of the first top-level <p> of finished HTML: entities read, tags dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # of elements open around us
        self.inside = 0  # > 0 inside the first paragraph
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if self.inside:
            self.inside += 1
        elif tag == "p" and self.depth == 0:
            self.inside = 1
        else:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if self.inside:
            self.inside -= 1
            self.done = self.inside == 0
        elif self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.inside and not self.done:
            self.parts.append(data)


_VOID = re.compile(r"<(br|img|hr|input|wbr)\b[^>]*>", re.I)


_INLINE = "a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var"
_INLINE_TAG = re.compile(rf"<(/?)(?:{_INLINE})(?:\s[^<>]*)?>", re.I)


def first_paragraph(html: str) -> str:
    """Plain text of the first paragraph of rendered HTML, whitespace collapsed."""
    simple = _simple_first_paragraph(html)
    if simple is not None:
        return simple
    parser = _FirstParagraph()
    for line in _VOID.sub(" ", html).splitlines(keepends=True):  # void elements have no end tag
        parser.feed(line)  # a line at a time: the rest of a long body is never parsed
        if parser.done:
            break
    return " ".join("".join(parser.parts).split())


def _simple_first_paragraph(html: str) -> str | None:
    """What _FirstParagraph reads when the body opens with a paragraph of text and inline
    elements only, as most do, without its parser (a twentieth of an entry page's time); None
    for anything else (a comment, a block, an unbalanced or self-closed tag, a stray '<')."""
    if not html.startswith("<p>"):
        return None
    end = html.find("</p>")
    if end < 0:
        return None
    inner = _VOID.sub(" ", html[3:end])
    texts, depth, at = [], 0, 0
    for tag in _INLINE_TAG.finditer(inner):
        depth += -1 if tag.group(1) else 1
        if depth < 0 or tag.group(0).endswith("/>"):
            return None
        texts.append(inner[at : tag.start()])
        at = tag.end()
    texts.append(inner[at:])
    if depth or any("<" in text for text in texts):
        return None
    return " ".join("".join(unescape(text) for text in texts).split())


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
